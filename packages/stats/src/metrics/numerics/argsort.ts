import { BUCKETS, DIGIT_BITS, DIGIT_MASK, LITTLE_ENDIAN, toOffsets } from './radix-digits';

/**
 * The indices of finite values in ascending value order, ties in index order (a stable sort): what
 * `indices.sort((a, b) => values[a] - values[b])` gives, by a least-significant-digit radix sort of
 * each value's float32 rounding, its IEEE 754 bits made order-preserving (sign bit set for positives,
 * every bit flipped for negatives; −0 counts as +0): three passes of 11 bits, a pass skipped when every
 * key has the same digit there; then each run of equal roundings ordered by the values (none to order
 * when every value is a float32, as a model's probabilities are). With a NaN, the same over the 64-bit
 * bits (six passes). For a million scores ~20× faster than the comparator sort, which calls back into
 * JavaScript ~20 million times.
 *
 * @example argsortFloat64([0.3, 0.1, 0.2, 0.1]) // Uint32Array [1, 3, 2, 0]
 */
export function argsortFloat64(values: ArrayLike<number>): Uint32Array {
  const count = values.length;
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  if (count < 2) return order;
  if (!LITTLE_ENDIAN) return order.sort((a, b) => values[a]! - values[b]!);
  const keys32 = float32Keys(values);
  if (keys32) {
    const sorted = argsortKeys32(keys32.keys, order);
    // Values that are not all float32s: sorted by their float32 rounding (which keeps their order,
    // equal values included), then each run of equal roundings by the values themselves. Three passes
    // over 16 bytes a value instead of six over 24 (half the time, two thirds of the memory).
    if (!keys32.exact) sortRoundingRuns(values, sorted.order, sorted.keys);
    return sorted.order;
  }
  let low = new Uint32Array(count);
  let high = new Uint32Array(count);
  let nextLow = new Uint32Array(count);
  let nextHigh = new Uint32Array(count);
  let nextOrder = new Uint32Array(count);
  let from = order;
  const counts = new Int32Array(6 * BUCKETS);
  toKeys(values, low, high, counts);
  for (let pass = 0; pass < 6; pass++) {
    const useHigh = pass >= 3;
    const shift = (pass % 3) * DIGIT_BITS;
    const base = pass * BUCKETS;
    const keys = useHigh ? high : low;
    if (counts[base + ((keys[0]! >>> shift) & DIGIT_MASK)] === count) continue;
    toOffsets(counts, base);
    scatter(keys, shift, counts, base, low, high, from, nextLow, nextHigh, nextOrder);
    [low, nextLow] = [nextLow, low];
    [high, nextHigh] = [nextHigh, high];
    [from, nextOrder] = [nextOrder, from];
  }
  return from;
}

// Each loop is a function of its own (see sketches/typed-loops.ts).

/**
 * Order-preserving 32-bit keys of the values' float32 roundings (−0 as +0), and whether every value is
 * a float32 (a model's float32 probabilities, widened): then the keys order the values exactly, else
 * only up to runs of equal roundings. Null when a value is NaN (the 64-bit path takes those).
 */
function float32Keys(values: ArrayLike<number>): { keys: Uint32Array; exact: boolean } | null {
  const keys = new Uint32Array(values.length);
  const float = new Float32Array(1);
  const bits = new Uint32Array(float.buffer);
  let exact = true;
  for (let i = 0; i < keys.length; i++) {
    const value = values[i]! + 0;
    float[0] = value;
    if (float[0] !== value) {
      if (value !== value) return null;
      exact = false;
    }
    const word = bits[0]!;
    keys[i] = word >>> 31 === 1 ? ~word >>> 0 : (word | 0x80000000) >>> 0;
  }
  return { keys, exact };
}

function argsortKeys32(sortKeys: Uint32Array, order: Uint32Array): { order: Uint32Array; keys: Uint32Array } {
  const count = sortKeys.length;
  let keys: Uint32Array = sortKeys;
  let from: Uint32Array = order;
  let nextKeys: Uint32Array = new Uint32Array(count);
  let nextOrder: Uint32Array = new Uint32Array(count);
  const counts = new Int32Array(3 * BUCKETS);
  countDigits32(keys, counts);
  for (let pass = 0; pass < 3; pass++) {
    const shift = pass * DIGIT_BITS;
    const base = pass * BUCKETS;
    if (counts[base + ((keys[0]! >>> shift) & DIGIT_MASK)] === count) continue;
    toOffsets(counts, base);
    scatter32(keys, shift, counts, base, from, nextKeys, nextOrder);
    [keys, nextKeys] = [nextKeys, keys];
    [from, nextOrder] = [nextOrder, from];
  }
  return { order: from, keys };
}

/**
 * Orders each run of equal keys (equal float32 roundings) in `order` by the values, stably: the radix
 * passes left each run in index order. Short runs (the usual: a few values within one float32 step)
 * by insertion; long ones (many values closer than float32 tells apart) by a comparator sort.
 */
function sortRoundingRuns(values: ArrayLike<number>, order: Uint32Array, keys: Uint32Array): void {
  let start = 0;
  for (let position = 1; position <= keys.length; position++) {
    if (position < keys.length && keys[position] === keys[start]) continue;
    if (position - start > 1) sortRun(values, order, start, position);
    start = position;
  }
}

function sortRun(values: ArrayLike<number>, order: Uint32Array, from: number, to: number): void {
  if (to - from > 32) {
    const run = Array.from(order.subarray(from, to));
    run.sort((a, b) => values[a]! - values[b]! || a - b);
    order.set(run, from);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const row = order[i]!;
    const value = values[row]!;
    let j = i - 1;
    while (j >= from && values[order[j]!]! > value) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = row;
  }
}

function countDigits32(keys: Uint32Array, counts: Int32Array): void {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    counts[key & DIGIT_MASK]!++;
    counts[BUCKETS + ((key >>> 11) & DIGIT_MASK)]!++;
    counts[2 * BUCKETS + (key >>> 22)]!++;
  }
}

function scatter32(
  keys: Uint32Array,
  shift: number,
  offsets: Int32Array,
  base: number,
  order: Uint32Array,
  nextKeys: Uint32Array,
  nextOrder: Uint32Array,
): void {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const slot = base + ((key >>> shift) & DIGIT_MASK);
    const to = offsets[slot]!;
    offsets[slot] = to + 1;
    nextKeys[to] = key;
    nextOrder[to] = order[i]!;
  }
}

function toKeys(values: ArrayLike<number>, low: Uint32Array, high: Uint32Array, counts: Int32Array): void {
  const float = new Float64Array(1);
  const words = new Uint32Array(float.buffer);
  for (let i = 0; i < low.length; i++) {
    // + 0 turns −0 into +0, so that the two tie as they do for the comparator.
    float[0] = values[i]! + 0;
    const lo = words[0]!;
    const hi = words[1]!;
    const negative = hi >>> 31 === 1;
    const keyLow = negative ? ~lo >>> 0 : lo;
    const keyHigh = negative ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
    low[i] = keyLow;
    high[i] = keyHigh;
    counts[keyLow & DIGIT_MASK]!++;
    counts[BUCKETS + ((keyLow >>> 11) & DIGIT_MASK)]!++;
    counts[2 * BUCKETS + (keyLow >>> 22)]!++;
    counts[3 * BUCKETS + (keyHigh & DIGIT_MASK)]!++;
    counts[4 * BUCKETS + ((keyHigh >>> 11) & DIGIT_MASK)]!++;
    counts[5 * BUCKETS + (keyHigh >>> 22)]!++;
  }
}

function scatter(
  keys: Uint32Array,
  shift: number,
  offsets: Int32Array,
  base: number,
  low: Uint32Array,
  high: Uint32Array,
  order: Uint32Array,
  nextLow: Uint32Array,
  nextHigh: Uint32Array,
  nextOrder: Uint32Array,
): void {
  for (let i = 0; i < keys.length; i++) {
    const slot = base + ((keys[i]! >>> shift) & DIGIT_MASK);
    const to = offsets[slot]!;
    offsets[slot] = to + 1;
    nextLow[to] = low[i]!;
    nextHigh[to] = high[i]!;
    nextOrder[to] = order[i]!;
  }
}
