import { decodeFloat64, encodeFloat64, expectJson } from './encoding';
import { Xoshiro128 } from '../metrics/numerics/seeded-random';
import { radixSortFloat64 } from './radix-sort';
import { maxOf, minOf } from './typed-loops';

export interface KllJSON {
  k: number;
  n: number;
  min: number | null;
  max: number | null;
  /** The seed the sketch was made with. */
  seed: number;
  /**
   * State of the sketch's random generator, so a restored sketch goes on exactly as the saved one;
   * without it the generator restarts from `seed`.
   */
  state?: [number, number, number, number];
  /** Items of each level (level h weighs 2^h), as base64 float64. */
  levels: string[];
}

/** Ranges of at least this many values join level 0 sorted (KllSketch.addMany). */
const SORTED_RUN_MIN = 1024;
/** At most this many at a time, so level 0 stays small whatever the batch size. */
const SORTED_RUN_MAX = 8192;

/** Capacity shrinks by this factor per level below the top (KLL's c). */
const SHRINK = 2 / 3;

/**
 * A KLL quantile sketch (Karnin, Lang & Liberty, "Optimal Quantile Approximation in Streams", FOCS 2016),
 * in the lazy form of Liberty's reference implementation (github.com/edoliberty/streaming-quantiles):
 * level h holds items of weight 2^h with capacity ⌈k·(2/3)^(H−h−1)⌉ + 1; when the sketch is full, the
 * lowest full level is sorted and every other item (odd or even, by a seeded coin) moves up a level.
 *
 * Error: with k = 1024 (default; whylogs uses 1024, DataSketches 200) the normalized rank error is about
 * 2.296 / k^0.9723 ≈ 0.27% with 99% confidence — the bound DataSketches publishes for its KLL
 * (`KllSketch.getNormalizedRankError(k, false)`), which our tests check empirically for this
 * implementation. Memory is about 3k doubles. Deterministic given its seed; merging keeps the bound.
 */
const LEVEL_START = 8;

export class KllSketch {
  n = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  // Levels start small and grow (growLevel): a wide file has a sketch per numeric column.
  private levels: Float64Array[] = [new Float64Array(LEVEL_START)];
  private sizes: number[] = [0];
  private size = 0;
  private maxSize = 0;
  private random: Xoshiro128;
  private sorted: { values: Float64Array; cumulative: Float64Array } | null = null;

  constructor(
    readonly k = 1024,
    private readonly seed = 1,
  ) {
    if (!(k >= 8 && Number.isInteger(k))) throw new Error(`KLL k must be an integer ≥ 8, not ${k}`);
    this.random = new Xoshiro128(seed);
    this.updateCapacities();
  }

  /** DataSketches' published normalized rank error of a KLL sketch with parameter k (99% confidence). */
  static normalizedRankError(k: number): number {
    return 2.296 / k ** 0.9723;
  }

  get normalizedRankError(): number {
    return KllSketch.normalizedRankError(this.k);
  }

  add(value: number): void {
    let level0 = this.levels[0] as Float64Array;
    const size0 = this.sizes[0] as number;
    if (size0 === level0.length) level0 = this.growLevel(0, size0 + 1);
    level0[size0] = value;
    this.sizes[0] = size0 + 1;
    this.n++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.sorted = null;
    if (++this.size >= this.maxSize) this.compress();
  }

  /**
   * Adds `values[from, to)` like `add` for each. Long ranges go in runs of up to SORTED_RUN_MAX, radix
   * sorted and merged into level 0 (addSortedRun); shorter ones in runs of up to 256 that join level 0
   * unsorted before the sketch compacts. A compaction at level h moves any rank by at most 2^h however
   * many items it sorts, so longer level-0 runs add no error (fewer low-level compactions, if anything).
   * Runs much longer than 256 would cost more with a comparison sort: it costs log(run) per item.
   */
  addMany(values: Float64Array, from: number, to: number): void {
    while (to - from >= SORTED_RUN_MIN) {
      const end = Math.min(to, from + SORTED_RUN_MAX);
      this.addSortedRun(values, from, end);
      from = end;
    }
    while (from < to) {
      const end = Math.min(to, from + 256);
      const count = end - from;
      const size0 = this.sizes[0] as number;
      this.growLevel(0, size0 + count).set(values.subarray(from, end), size0);
      this.min = Math.min(this.min, minOf(values, from, end));
      this.max = Math.max(this.max, maxOf(values, from, end));
      this.sizes[0] = size0 + count;
      this.size += count;
      this.n += count;
      while (this.size >= this.maxSize) this.compress();
      from = end;
    }
    this.sorted = null;
  }

  /**
   * Level 0 takes `values[from, to)` sorted — by radix, in place after its items, unless already in
   * order — and merged with the items it held, so compacting it needs no comparison sort, which
   * would otherwise sort every compacted run again on the profile's busiest path.
   */
  private addSortedRun(values: Float64Array, from: number, to: number): void {
    const count = to - from;
    const size0 = this.sizes[0] as number;
    const level = this.growLevel(0, size0 + count);
    level.set(values.subarray(from, to), size0);
    const run = level.subarray(size0, size0 + count);
    if (!isSorted(run, count)) radixSortFloat64(run);
    this.min = Math.min(this.min, run[0] as number);
    this.max = Math.max(this.max, run[count - 1] as number);
    if (size0 > 0) {
      if (!isSorted(level, size0)) sortNumbers(level, 0, size0);
      const head = this.scratch(size0);
      head.set(level.subarray(0, size0));
      mergeHeadInto(level, head, size0, count);
    }
    this.sizes[0] = size0 + count;
    this.size += count;
    this.n += count;
    this.sorted = null;
    while (this.size >= this.maxSize) this.compress();
  }

  /**
   * Adds each `values[i]` `counts[i]` times (positive integers). A value counted c times goes, once, to
   * every level h where bit h of c is set: exactly what compacting c equal items would leave (they sort
   * together, so which half moves up does not matter), so this adds no error beyond adding them one by one.
   */
  addCounts(values: Float64Array, counts: Float64Array): void {
    if (values.length === 0) return;
    const order = Uint32Array.from(values, (_, i) => i).sort(
      (a, b) => (values[a] as number) - (values[b] as number),
    );
    let total = 0;
    let top = 0;
    for (let i = 0; i < counts.length; i++) {
      const count = counts[i] as number;
      total += count;
      top = Math.max(top, Math.floor(Math.log2(count)));
      if ((values[i] as number) < this.min) this.min = values[i] as number;
      if ((values[i] as number) > this.max) this.max = values[i] as number;
    }
    while (this.levels.length <= top) this.addLevel();
    const run = new Float64Array(values.length);
    for (let h = 0; h <= top; h++) {
      let length = 0;
      for (const i of order) {
        if (Math.floor((counts[i] as number) / 2 ** h) % 2 === 1) run[length++] = values[i] as number;
      }
      if (length === 0) continue;
      if (h === 0) {
        const size = this.sizes[0] as number;
        this.growLevel(0, size + length).set(run.subarray(0, length), size);
        this.sizes[0] = size + length;
      } else {
        this.mergeSortedInto(h, run, length);
      }
      this.size += length;
    }
    this.n += total;
    this.sorted = null;
    while (this.size >= this.maxSize) this.compress();
  }

  merge(other: KllSketch): this {
    if (other.k !== this.k)
      throw new Error(`cannot merge KLL sketches with k = ${this.k} and k = ${other.k}`);
    if (other.n === 0) return this;
    while (this.levels.length < other.levels.length) this.addLevel();
    for (let h = 0; h < other.levels.length; h++) {
      const count = other.sizes[h] as number;
      if (count === 0) continue;
      const items = (other.levels[h] as Float64Array).subarray(0, count);
      if (h === 0) {
        const size = this.sizes[0] as number;
        this.growLevel(0, size + count).set(items, size);
        this.sizes[0] = size + count;
      } else {
        this.mergeSortedInto(h, items, count);
      }
      this.size += count;
    }
    this.n += other.n;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.sorted = null;
    while (this.size >= this.maxSize) this.compress();
    return this;
  }

  /**
   * The smallest retained item whose normalized rank (fraction of the stream ≤ it) is at least `q`,
   * like DataSketches' inclusive getQuantile; q = 0 gives the exact min and q = 1 the exact max.
   */
  quantile(q: number): number {
    if (this.n === 0) return Number.NaN;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    const { values, cumulative } = this.sortedView();
    const target = q * this.n;
    let low = 0;
    let high = values.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) >= target) high = middle;
      else low = middle + 1;
    }
    return values[low] as number;
  }

  quantiles(qs: readonly number[]): number[] {
    return qs.map((q) => this.quantile(q));
  }

  /** Estimated fraction of the stream ≤ value. */
  rank(value: number): number {
    if (this.n === 0) return Number.NaN;
    const { values, cumulative } = this.sortedView();
    let low = 0;
    let high = values.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((values[middle] as number) <= value) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? 0 : (cumulative[low - 1] as number) / this.n;
  }

  /** Estimated fractions of the stream ≤ each split point (a CDF). */
  cdf(splitPoints: readonly number[]): number[] {
    return splitPoints.map((point) => this.rank(point));
  }

  /** Retained items with their weights, sorted by value (weights sum to n). */
  weightedItems(): { values: Float64Array; weights: Float64Array } {
    const { values, cumulative } = this.sortedView();
    const weights = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++)
      weights[i] = (cumulative[i] as number) - (i > 0 ? (cumulative[i - 1] as number) : 0);
    return { values, weights };
  }

  private sortedView(): { values: Float64Array; cumulative: Float64Array } {
    if (this.sorted) return this.sorted;
    const values = new Float64Array(this.size);
    const weights = new Float64Array(this.size);
    let at = 0;
    this.levels.forEach((level, h) => {
      const count = this.sizes[h] as number;
      values.set(level.subarray(0, count), at);
      weights.fill(2 ** h, at, at + count);
      at += count;
    });
    const order = Uint32Array.from({ length: at }, (_, i) => i).sort(
      (a, b) => (values[a] as number) - (values[b] as number),
    );
    const sortedValues = new Float64Array(at);
    const cumulative = new Float64Array(at);
    let total = 0;
    order.forEach((index, i) => {
      sortedValues[i] = values[index] as number;
      total += weights[index] as number;
      cumulative[i] = total;
    });
    this.sorted = { values: sortedValues, cumulative };
    return this.sorted;
  }

  /** Capacities by level, recomputed when a level is added (they depend on the number of levels). */
  private capacities: number[] = [];

  private capacity(h: number): number {
    return this.capacities[h] as number;
  }

  private updateCapacities(): void {
    const levels = this.levels.length;
    this.capacities = Array.from(
      { length: levels },
      (_, h) => Math.ceil(this.k * SHRINK ** (levels - h - 1)) + 1,
    );
    this.maxSize = this.capacities.reduce((sum, capacity) => sum + capacity, 0);
  }

  private addLevel(): void {
    this.levels.push(new Float64Array(LEVEL_START));
    this.sizes.push(0);
    this.updateCapacities();
  }

  /** Makes level h hold at least `needed` items; returns its buffer. */
  private growLevel(h: number, needed: number): Float64Array {
    const level = this.levels[h] as Float64Array;
    if (level.length >= needed) return level;
    let length = level.length * 2;
    while (length < needed) length *= 2;
    const grown = new Float64Array(length);
    grown.set(level.subarray(0, this.sizes[h] as number));
    this.levels[h] = grown;
    return grown;
  }

  private compress(): void {
    for (let h = 0; h < this.levels.length; h++) {
      if ((this.sizes[h] as number) < this.capacity(h)) continue;
      if (h + 1 >= this.levels.length) this.addLevel();
      this.compact(h);
      // Lazy: stop as soon as there is room again.
      if (this.size < this.maxSize) break;
    }
  }

  /**
   * Moves every other item of level h (sorted) up to level h+1, where their weight doubles; an odd one
   * out stays. Levels above 0 are kept sorted, so only level 0 ever needs a sort and the rest merge.
   */
  private compact(h: number): void {
    const count = this.sizes[h] as number;
    const level = (this.levels[h] as Float64Array).subarray(0, count);
    // Already sorted is common (ids, timestamps in file order): one pass that stops at the first inversion.
    if (h === 0 && !isSorted(level, count)) sortNumbers(level, 0, count);
    const odd = count & 1;
    const moved = (count - odd) / 2;
    // Take the chosen items into a run first: the odd one out stays at index 0 of level h.
    const run = this.scratch(moved);
    let at = 0;
    for (let i = odd + (this.random.nextUint32() & 1); i < count; i += 2) run[at++] = level[i] as number;
    this.mergeSortedInto(h + 1, run, moved);
    this.sizes[h] = odd;
    this.size -= count - odd - moved;
  }

  private scratchBuffer = new Float64Array(0);

  private scratch(length: number): Float64Array {
    if (this.scratchBuffer.length < length)
      this.scratchBuffer = new Float64Array(Math.max(length, 64, this.scratchBuffer.length * 2));
    return this.scratchBuffer;
  }

  /** Merges the sorted `run[0, count)` into sorted level h, from the back, in place. */
  private mergeSortedInto(h: number, run: Float64Array, count: number): void {
    const size = this.sizes[h] as number;
    const level = this.growLevel(h, size + count);
    let i = size - 1;
    let j = count - 1;
    for (let k = size + count - 1; j >= 0; k--) {
      if (i >= 0 && (level[i] as number) > (run[j] as number)) level[k] = level[i--] as number;
      else level[k] = run[j--] as number;
    }
    this.sizes[h] = size + count;
  }

  toJSON(): KllJSON {
    const empty = this.n === 0;
    return {
      k: this.k,
      n: this.n,
      min: empty ? null : this.min,
      max: empty ? null : this.max,
      seed: this.seed,
      state: this.random.state,
      levels: this.levels.map((level, h) => encodeFloat64(level.subarray(0, this.sizes[h] as number))),
    };
  }

  static fromJSON(json: KllJSON): KllSketch {
    expectJson(typeof json?.k === 'number' && Array.isArray(json.levels), 'a KLL sketch needs k and levels');
    const sketch = new KllSketch(json.k, json.seed);
    if (json.state) sketch.random = Xoshiro128.fromState(json.state);
    sketch.levels = [];
    sketch.sizes = [];
    for (const encoded of json.levels) {
      const items = decodeFloat64(encoded);
      const buffer = new Float64Array(Math.max(LEVEL_START, items.length));
      buffer.set(items);
      // Levels above 0 must be sorted; do not trust the file for it.
      if (sketch.levels.length > 0) buffer.subarray(0, items.length).sort();
      sketch.levels.push(buffer);
      sketch.sizes.push(items.length);
      sketch.size += items.length;
    }
    if (sketch.levels.length === 0) {
      sketch.levels.push(new Float64Array(LEVEL_START));
      sketch.sizes.push(0);
    }
    sketch.updateCapacities();
    sketch.n = json.n;
    sketch.min = json.min ?? Number.POSITIVE_INFINITY;
    sketch.max = json.max ?? Number.NEGATIVE_INFINITY;
    let weight = 0;
    sketch.sizes.forEach((size, h) => (weight += size * 2 ** h));
    expectJson(weight === json.n, `KLL levels weigh ${weight} but n is ${json.n}`);
    return sketch;
  }
}

/**
 * Merges the sorted `head[0, headCount)` with the sorted `level[headCount, headCount + runCount)` into
 * `level[0, headCount + runCount)`. Front to back: a write never passes the run's next unread item.
 */
function mergeHeadInto(level: Float64Array, head: Float64Array, headCount: number, runCount: number): void {
  const end = headCount + runCount;
  let i = 0;
  let j = headCount;
  let k = 0;
  while (i < headCount) {
    if (j < end && (level[j] as number) < (head[i] as number)) level[k++] = level[j++] as number;
    else level[k++] = head[i++] as number;
  }
}

function isSorted(values: Float64Array, count: number): boolean {
  for (let i = 1; i < count; i++) if ((values[i - 1] as number) > (values[i] as number)) return false;
  return true;
}

/**
 * Sorts `values[from, to)` ascending (no NaN): quicksort with a median-of-three pivot, insertion sort
 * below 16 items. Written by hand: V8's native Float64Array sort has a high fixed cost per call, and
 * the sketch sorts many short runs.
 */
function sortNumbers(values: Float64Array, from: number, to: number): void {
  while (to - from > 16) {
    const a = values[from] as number;
    const b = values[(from + to) >>> 1] as number;
    const c = values[to - 1] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = from;
    let j = to - 1;
    for (;;) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i >= j) break;
      const swap = values[i] as number;
      values[i++] = values[j] as number;
      values[j--] = swap;
    }
    // Recurse into the smaller side, loop on the larger: the stack stays O(log n).
    if (j + 1 - from < to - j - 1) {
      sortNumbers(values, from, j + 1);
      from = j + 1;
    } else {
      sortNumbers(values, j + 1, to);
      to = j + 1;
    }
  }
  for (let i = from + 1; i < to; i++) {
    const value = values[i] as number;
    let j = i - 1;
    while (j >= from && (values[j] as number) > value) {
      values[j + 1] = values[j] as number;
      j--;
    }
    values[j + 1] = value;
  }
}
