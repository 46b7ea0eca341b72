import { expectJson } from './encoding';

export interface FixedHistogramJSON {
  type: 'fixed';
  edges: number[];
  counts: number[];
  /** Values below the first edge. */
  underflow: number;
  /** Values above the last edge. */
  overflow: number;
}

/**
 * Counts of values between given edges. Bins are [e_i, e_i+1), the last one closed [e_n-1, e_n], as
 * numpy.histogram does; values outside go to underflow/overflow. Counts are exact; two histograms merge
 * only when their edges are identical. Used with edges given by the user or taken from a reference
 * profile, so that current data is binned exactly like its reference (e.g. for PSI).
 */
export class FixedHistogram {
  readonly edges: Float64Array;
  readonly counts: Float64Array;
  underflow = 0;
  overflow = 0;

  constructor(edges: ArrayLike<number>) {
    if (edges.length < 2) throw new Error('a histogram needs at least two edges');
    for (let i = 1; i < edges.length; i++) {
      if (!((edges[i] as number) > (edges[i - 1] as number))) {
        throw new Error(
          `histogram edges must increase strictly (edge ${i}: ${edges[i]} after ${edges[i - 1]})`,
        );
      }
    }
    this.edges = Float64Array.from(edges);
    this.counts = new Float64Array(edges.length - 1);
  }

  /** Adds `value` `weight` times (once by default). */
  add(value: number, weight = 1): void {
    const edges = this.edges;
    const last = edges.length - 1;
    if (value < (edges[0] as number)) {
      this.underflow += weight;
      return;
    }
    if (value >= (edges[last] as number)) {
      if (value === edges[last]) this.counts[last - 1]! += weight;
      else this.overflow += weight;
      return;
    }
    // Binary search for the last edge <= value.
    let low = 0;
    let high = last;
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if ((edges[middle] as number) <= value) low = middle;
      else high = middle;
    }
    this.counts[low]! += weight;
  }

  addWeighted(value: number, weight: number): void {
    this.add(value, weight);
  }

  /**
   * Adds `values[from, to)`. Each value's bin is first guessed as if the edges were evenly spaced (they
   * usually are: a reference profile's data-chosen edges), then moved until it is the last edge ≤ the
   * value, falling back to the binary search after a few steps — exact whatever the edges, and one
   * multiply per value instead of ~log₂(bins) unpredictable comparisons, which made profiling with a
   * reference (as drift-check does) measurably slower than without.
   * The min and max some callers pass (for AlignedHistogram) are not needed here.
   */
  addMany(values: Float64Array, from: number, to: number, _min?: number, _max?: number): void {
    const edges = this.edges;
    const last = edges.length - 1;
    const first = edges[0] as number;
    const top = edges[last] as number;
    const scale = last / (top - first);
    for (let i = from; i < to; i++) {
      const value = values[i] as number;
      if (!(value >= first && value < top)) {
        this.add(value);
        continue;
      }
      const bin = binNear(edges, value, Math.min(last - 1, Math.floor((value - first) * scale)));
      this.counts[bin]! += 1;
    }
  }

  merge(other: FixedHistogram): this {
    if (!sameEdges(this.edges, other.edges)) {
      throw new Error(
        'cannot merge histograms with different edges — profile both with the same reference or edges',
      );
    }
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i] as number;
    this.underflow += other.underflow;
    this.overflow += other.overflow;
    return this;
  }

  toJSON(): FixedHistogramJSON {
    return {
      type: 'fixed',
      edges: Array.from(this.edges),
      counts: Array.from(this.counts),
      underflow: this.underflow,
      overflow: this.overflow,
    };
  }

  static fromJSON(json: FixedHistogramJSON): FixedHistogram {
    expectJson(
      Array.isArray(json?.edges) && Array.isArray(json.counts),
      'a fixed histogram needs edges and counts',
    );
    expectJson(json.counts.length === json.edges.length - 1, 'a fixed histogram needs one count per bin');
    const histogram = new FixedHistogram(json.edges);
    histogram.counts.set(json.counts);
    histogram.underflow = json.underflow ?? 0;
    histogram.overflow = json.overflow ?? 0;
    return histogram;
  }
}

/**
 * The bin [e_b, e_b+1) holding `value` (first edge ≤ value < last edge), searched from `guess`: a few
 * steps along the edges, then a binary search.
 */
function binNear(edges: Float64Array, value: number, guess: number): number {
  let bin = guess;
  for (let steps = 0; steps < 4; steps++) {
    if ((edges[bin] as number) > value) bin--;
    else if ((edges[bin + 1] as number) <= value) bin++;
    else return bin;
  }
  let low = 0;
  let high = edges.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if ((edges[middle] as number) <= value) low = middle;
    else high = middle;
  }
  return low;
}

function sameEdges(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((edge, i) => edge === b[i]);
}
