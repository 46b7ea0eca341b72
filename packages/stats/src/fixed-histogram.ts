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

  addMany(values: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) this.add(values[i] as number);
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

function sameEdges(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((edge, i) => edge === b[i]);
}
