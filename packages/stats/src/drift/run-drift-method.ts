import { alignedCounts, binnedShares } from './binning';
import { chiSquareGoodnessOfFit } from './chi-square-test';
import { asCategorical } from './column-sample';
import type { ColumnSample, NumericSample } from './column-sample';
import type { DriftMethod } from './drift-methods';
import { jensenShannonDistance } from './jensen-shannon';
import { ksPValue, ksStatistic } from './ks-two-sample';
import { proportionZTest } from './proportion-z-test';
import { populationStabilityIndex } from './psi';
import { normedWassersteinDistance, wassersteinDistance } from './wasserstein';

export interface MethodOutcome {
  statistic: number;
  pValue?: number;
  /** What else the method computed (degrees of freedom, KS mode, raw distance…). */
  details: Record<string, number | string>;
}

/**
 * Runs one method on two samples. Numeric methods (ks, wasserstein) need numbers on both sides; the
 * others compare category shares, taking a numeric column's values as categories or, for PSI and
 * Jensen–Shannon with more than 20 reference values, 30 equal-width bins (Evidently's `get_binned_data`).
 */
export function runDriftMethod(
  method: DriftMethod,
  reference: ColumnSample,
  current: ColumnSample,
  referenceDistinct: number,
): MethodOutcome {
  switch (method) {
    case 'ks': {
      const [ref, cur] = numeric(method, reference, current);
      const statistic = ksStatistic(ref.values, cur.values, ref.weights, cur.weights);
      const result = ksPValue(statistic, ref.count, cur.count);
      return { statistic: result.statistic, pValue: result.pValue, details: { ksMode: result.method } };
    }
    case 'wasserstein': {
      const [ref, cur] = numeric(method, reference, current);
      const distance = wassersteinDistance(ref.values, cur.values, ref.weights, cur.weights);
      return {
        statistic: normedWassersteinDistance(distance, ref.populationStd),
        details: { distance, referenceStd: ref.populationStd },
      };
    }
    case 'chisquare': {
      const counts = alignedCounts(asCategorical(reference), asCategorical(current));
      const result = chiSquareGoodnessOfFit(counts.reference, counts.current);
      return {
        statistic: result.statistic,
        pValue: result.pValue,
        details: { chiSquare: result.statistic, degreesOfFreedom: result.degreesOfFreedom },
      };
    }
    case 'z': {
      const counts = alignedCounts(asCategorical(reference), asCategorical(current));
      if (counts.labels.length > 2)
        throw new Error(
          `the z-test compares two categories, and this column has ${counts.labels.length} — use chisquare`,
        );
      // Evidently counts the values that are not the first category in sorted order.
      const referenceOthers = counts.reference[1] ?? 0;
      const currentOthers = counts.current[1] ?? 0;
      const result = proportionZTest(referenceOthers, reference.count, currentOthers, current.count);
      return { statistic: result.statistic, pValue: result.pValue, details: { z: result.statistic } };
    }
    case 'jensenshannon': {
      const shares = binnedShares(reference, current, referenceDistinct);
      return {
        statistic: jensenShannonDistance(shares.reference, shares.current),
        details: { bins: shares.labels.length },
      };
    }
    case 'psi': {
      const shares = binnedShares(reference, current, referenceDistinct);
      return {
        statistic: populationStabilityIndex(shares.reference, shares.current),
        details: { bins: shares.labels.length },
      };
    }
  }
}

function numeric(
  method: DriftMethod,
  reference: ColumnSample,
  current: ColumnSample,
): [NumericSample, NumericSample] {
  if (reference.type !== 'numeric' || current.type !== 'numeric')
    throw new Error(
      `${method} compares numbers — use chisquare, z, jensenshannon or psi for a categorical column`,
    );
  return [reference, current];
}
