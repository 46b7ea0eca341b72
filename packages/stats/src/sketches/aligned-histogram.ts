import { expectJson } from './encoding';
import { countBins, maxOf, minOf } from './typed-loops';

export interface AlignedHistogramJSON {
  type: 'aligned';
  maxBins: number;
  /** Bin width is 2^scale. */
  scale: number;
  edges: number[];
  counts: number[];
  min: number | null;
  max: number | null;
}

const MIN_SCALE = -1074;
/** Bin indexes stay below 2^41 in magnitude, far inside the exact range of doubles. */
const INDEX_BITS = 40;

/**
 * An exact histogram whose edges the data chooses, for when no edges are given: at most `maxBins`
 * bins of width 2^scale aligned on multiples of the width, with the smallest scale that covers
 * [min, max]. Because bins of width 2w are unions of pairs of bins of width w, coarsening is exact,
 * and the result depends only on the set of values, not their order: merge(a, b) equals the histogram
 * of a ∪ b exactly, and shards of one dataset merge into the histogram of the whole.
 */
export class AlignedHistogram {
  scale = MIN_SCALE;
  /** Index (in units of the bin width) of the bin counts[0] is for. */
  private first = 0;
  private used = 0;
  private counts: Float64Array;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  private width = 2 ** MIN_SCALE;

  constructor(readonly maxBins = 32) {
    if (!(maxBins >= 2)) throw new Error('an aligned histogram needs at least 2 bins');
    this.counts = new Float64Array(maxBins);
  }

  add(value: number): void {
    const index = floorOf(value / this.width, value) - this.first;
    if (index >= 0 && index < this.used) {
      // Inside the covered bins, so the scale and window stay as they are.
      this.counts[index]!++;
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
      return;
    }
    this.addSlow(value, 1);
  }

  /** Adds `value` `weight` times. */
  addWeighted(value: number, weight: number): void {
    if (this.covers(value)) {
      this.counts[floorOf(value / this.width, value) - this.first]! += weight;
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
      return;
    }
    this.addSlow(value, weight);
  }

  /**
   * Adds `values[from, to)`. The bins are first stretched to the batch's min and max (the final bins
   * depend only on the set of values, so this changes nothing), then each value is one multiply — by
   * 1/width, a power of two, so exactly the division `add` does — and one increment. A caller that
   * knows the values' min and max may pass them.
   */
  addMany(
    values: Float64Array,
    from: number,
    to: number,
    min = minOf(values, from, to),
    max = maxOf(values, from, to),
  ): void {
    if (to <= from) return;
    if (!this.covers(min)) this.addSlow(min, 0);
    if (!this.covers(max)) this.addSlow(max, 0);
    const inverse = 1 / this.width;
    // Below 2^-1023 the inverse of the width overflows: then divide, as `add` does.
    if (!Number.isFinite(inverse)) {
      for (let i = from; i < to; i++) this.add(values[i] as number);
      return;
    }
    countBins(this.counts, values, from, to, inverse, this.first);
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  private covers(value: number): boolean {
    const index = floorOf(value / this.width, value) - this.first;
    return index >= 0 && index < this.used;
  }

  private addSlow(value: number, weight: number): void {
    const empty = this.used === 0;
    const min = Math.min(this.min, value);
    const max = Math.max(this.max, value);
    let scale = Math.max(this.scale, minimumScale(Math.max(Math.abs(min), Math.abs(max))));
    while (binIndex(max, scale) - binIndex(min, scale) + 1 > this.maxBins) scale++;
    if (empty) {
      this.scale = scale;
      this.width = 2 ** scale;
      this.first = binIndex(value, scale);
      this.used = 1;
    } else {
      this.rescale(scale, binIndex(min, scale), binIndex(max, scale) - binIndex(min, scale) + 1);
    }
    this.min = min;
    this.max = max;
    this.counts[binIndex(value, scale) - this.first]! += weight;
  }

  /** Moves the counts to a coarser (or equal) scale and a window starting at bin `first`. */
  private rescale(scale: number, first: number, used: number): void {
    const counts = new Float64Array(this.maxBins);
    const shift = scale - this.scale;
    for (let i = 0; i < this.used; i++) {
      const count = this.counts[i] as number;
      if (count === 0) continue;
      const index = coarserIndex(this.first + i, shift) - first;
      counts[index]! += count;
    }
    this.counts = counts;
    this.scale = scale;
    this.width = 2 ** scale;
    this.first = first;
    this.used = used;
  }

  merge(other: AlignedHistogram): this {
    if (other.maxBins !== this.maxBins) {
      throw new Error(`cannot merge histograms of ${this.maxBins} and ${other.maxBins} bins`);
    }
    if (other.used === 0) return this;
    if (this.used === 0) {
      this.copyFrom(other);
      return this;
    }
    const min = Math.min(this.min, other.min);
    const max = Math.max(this.max, other.max);
    let scale = Math.max(this.scale, other.scale, minimumScale(Math.max(Math.abs(min), Math.abs(max))));
    while (binIndex(max, scale) - binIndex(min, scale) + 1 > this.maxBins) scale++;
    const first = binIndex(min, scale);
    const used = binIndex(max, scale) - first + 1;
    const coarser = new AlignedHistogram(this.maxBins);
    coarser.copyFrom(other);
    coarser.rescale(scale, first, used);
    this.rescale(scale, first, used);
    for (let i = 0; i < used; i++) this.counts[i]! += coarser.counts[i] as number;
    this.min = min;
    this.max = max;
    return this;
  }

  private copyFrom(other: AlignedHistogram): void {
    this.counts = Float64Array.from(other.counts);
    this.scale = other.scale;
    this.width = other.width;
    this.first = other.first;
    this.used = other.used;
    this.min = other.min;
    this.max = other.max;
  }

  /** Bin edges: used + 1 numbers. */
  get edges(): number[] {
    return Array.from(
      { length: this.used === 0 ? 0 : this.used + 1 },
      (_, i) => (this.first + i) * this.width,
    );
  }

  /** Count of each bin. */
  get binCounts(): number[] {
    return Array.from(this.counts.subarray(0, this.used));
  }

  toJSON(): AlignedHistogramJSON {
    const empty = this.used === 0;
    return {
      type: 'aligned',
      maxBins: this.maxBins,
      scale: this.scale,
      edges: this.edges,
      counts: this.binCounts,
      min: empty ? null : this.min,
      max: empty ? null : this.max,
    };
  }

  static fromJSON(json: AlignedHistogramJSON): AlignedHistogram {
    expectJson(
      Array.isArray(json?.counts) && typeof json.scale === 'number',
      'an aligned histogram needs scale and counts',
    );
    const histogram = new AlignedHistogram(json.maxBins);
    if (json.counts.length === 0) return histogram;
    histogram.scale = json.scale;
    histogram.width = 2 ** json.scale;
    histogram.first = Math.round((json.edges[0] as number) / histogram.width);
    histogram.used = json.counts.length;
    histogram.counts.set(json.counts);
    histogram.min = json.min ?? Number.POSITIVE_INFINITY;
    histogram.max = json.max ?? Number.NEGATIVE_INFINITY;
    return histogram;
  }
}

function binIndex(value: number, scale: number): number {
  return floorOf(value / 2 ** scale, value);
}

/**
 * ⌊quotient⌋ of `value` divided by a bin width: a negative value too small for the quotient to be
 * representable divides to −0, whose floor is −0 — bin 0, above zero — while its bin is −1.
 */
export function floorOf(quotient: number, value: number): number {
  const index = Math.floor(quotient);
  return index === 0 && value < 0 ? -1 : index;
}

/** floor(index / 2^shift), in steps so that 2^shift never overflows to Infinity. */
function coarserIndex(index: number, shift: number): number {
  while (shift > 1000) {
    index = Math.floor(index / 2 ** 1000);
    shift -= 1000;
  }
  return Math.floor(index / 2 ** shift);
}

function minimumScale(maxAbs: number): number {
  if (maxAbs === 0) return MIN_SCALE;
  return Math.max(MIN_SCALE, Math.floor(Math.log2(maxAbs)) - INDEX_BITS);
}
