import type { CategoricalSample, ColumnSample, NumericSample } from './column-sample';
import { asCategorical } from './column-sample';

/** Evidently's `get_binned_data` bins numeric data when the reference has more than 20 distinct values… */
export const BINNING_DISTINCT_LIMIT = 20;
/** …into 30 equal-width bins (`n_bins=30` in its `psi` and `jensenshannon` stattests). */
export const BIN_COUNT = 30;

export interface BinnedShares {
  labels: string[];
  reference: number[];
  current: number[];
}

/**
 * Shares per bin as Evidently's `get_binned_data` (without zero filling): numeric data whose reference
 * has more than 20 distinct values goes into 30 equal-width bins over the range of both samples together
 * (numpy's `histogram_bin_edges(concat, bins=30)`, bins [a, b), the last closed); anything else is one bin
 * per value seen on either side.
 */
export function binnedShares(
  reference: ColumnSample,
  current: ColumnSample,
  referenceDistinct: number,
): BinnedShares {
  if (
    reference.type === 'numeric' &&
    current.type === 'numeric' &&
    referenceDistinct > BINNING_DISTINCT_LIMIT
  )
    return equalWidthShares(reference, current);
  return categoryShares(asCategorical(reference), asCategorical(current));
}

/** Counts aligned over the union of categories (sorted), with the untracked remainder as "(other)". */
export function alignedCounts(
  reference: CategoricalSample,
  current: CategoricalSample,
): { labels: string[]; reference: number[]; current: number[] } {
  const labels = [...new Set([...reference.counts.keys(), ...current.counts.keys()])].sort();
  const referenceCounts = labels.map((label) => reference.counts.get(label) ?? 0);
  const currentCounts = labels.map((label) => current.counts.get(label) ?? 0);
  if (reference.other > 0 || current.other > 0) {
    labels.push('(other)');
    referenceCounts.push(reference.other);
    currentCounts.push(current.other);
  }
  return { labels, reference: referenceCounts, current: currentCounts };
}

function categoryShares(reference: CategoricalSample, current: CategoricalSample): BinnedShares {
  const counts = alignedCounts(reference, current);
  return {
    labels: counts.labels,
    reference: counts.reference.map((count) => count / reference.count),
    current: counts.current.map((count) => count / current.count),
  };
}

function equalWidthShares(reference: NumericSample, current: NumericSample): BinnedShares {
  let low = Math.min(reference.values[0] as number, current.values[0] as number);
  let high = Math.max(reference.values.at(-1) as number, current.values.at(-1) as number);
  if (low === high) [low, high] = [low - 0.5, high + 0.5]; // numpy's rule for an empty range
  const edges = Array.from({ length: BIN_COUNT + 1 }, (_, i) => low + ((high - low) * i) / BIN_COUNT);
  const shares = (sample: NumericSample) => {
    const counts = new Array<number>(BIN_COUNT).fill(0);
    let total = 0;
    sample.values.forEach((value, i) => {
      const weight = sample.weights[i] as number;
      counts[binIndex(edges, value)]! += weight;
      total += weight;
    });
    return counts.map((count) => count / total);
  };
  return {
    labels: edges
      .slice(0, -1)
      .map((edge, i) => `[${edge}, ${edges[i + 1]}${i === BIN_COUNT - 1 ? ']' : ')'}`),
    reference: shares(reference),
    current: shares(current),
  };
}

/** The bin [edges[i], edges[i+1]) holding value, the last bin closed (numpy.histogram). */
function binIndex(edges: readonly number[], value: number): number {
  let low = 0;
  let high = edges.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if ((edges[middle] as number) <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}
