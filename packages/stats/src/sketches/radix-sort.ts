/**
 * Sorts float64 values ascending by their bits: a least-significant-digit radix sort, 11 bits a pass,
 * over each value's IEEE 754 bit pattern made order-preserving (the sign bit set for positives, every
 * bit flipped for negatives). Six passes at most; a pass is skipped when every key has the same digit
 * there, as the low mantissa bits of integers are all zero. No NaN; −0 sorts before +0.
 *
 * Written by hand: a fixed number of linear passes, where a comparison sort (the quicksort in kll.ts,
 * V8's Float64Array sort) costs log(n) comparisons a value.
 *
 * Each loop is a function of its own (see typed-loops.ts for why).
 */
import { BUCKETS, DIGIT_MASK, LITTLE_ENDIAN, toOffsets } from '../metrics/numerics/radix-digits';

/** [word (0: low 32 bits, 1: high), shift] of each digit, least significant first. */
const DIGITS = [
  [0, 0],
  [0, 11],
  [0, 22],
  [1, 0],
  [1, 11],
  [1, 22],
] as const;

// Scratch shared by every sort on this thread: keys as [low, high] pairs, and a bucket count per digit.
let keys = new Uint32Array(0);
let spare = new Uint32Array(0);
const counts = new Int32Array(DIGITS.length * BUCKETS);

export function radixSortFloat64(values: Float64Array): void {
  const count = values.length;
  if (count < 2) return;
  if (!LITTLE_ENDIAN) {
    values.sort();
    return;
  }
  if (keys.length < 2 * count) {
    keys = new Uint32Array(2 * count);
    spare = new Uint32Array(2 * count);
  }
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * count);
  counts.fill(0);
  toKeys(words, keys, counts, count);
  let from = keys;
  let to = spare;
  for (let pass = 0; pass < DIGITS.length; pass++) {
    const [word, shift] = DIGITS[pass] as readonly [number, number];
    const base = pass * BUCKETS;
    // Every key shares this digit: the pass would not move anything.
    if (counts[base + (((from[word] as number) >>> shift) & DIGIT_MASK)] === count) continue;
    toOffsets(counts, base);
    scatter(from, to, counts, base, count, word, shift);
    const swap = from;
    from = to;
    to = swap;
  }
  fromKeys(from, words, count);
}

/** Order-preserving keys of the values' bit patterns, and every digit's bucket counts, in one pass. */
function toKeys(words: Uint32Array, keys: Uint32Array, counts: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) {
    const low = words[2 * i] as number;
    const high = words[2 * i + 1] as number;
    const negative = high >>> 31 === 1;
    const keyLow = negative ? ~low >>> 0 : low;
    const keyHigh = negative ? ~high >>> 0 : (high | 0x80000000) >>> 0;
    keys[2 * i] = keyLow;
    keys[2 * i + 1] = keyHigh;
    counts[keyLow & DIGIT_MASK]!++;
    counts[BUCKETS + ((keyLow >>> 11) & DIGIT_MASK)]!++;
    counts[2 * BUCKETS + (keyLow >>> 22)]!++;
    counts[3 * BUCKETS + (keyHigh & DIGIT_MASK)]!++;
    counts[4 * BUCKETS + ((keyHigh >>> 11) & DIGIT_MASK)]!++;
    counts[5 * BUCKETS + (keyHigh >>> 22)]!++;
  }
}

function scatter(
  from: Uint32Array,
  to: Uint32Array,
  offsets: Int32Array,
  base: number,
  count: number,
  word: number,
  shift: number,
): void {
  for (let i = 0; i < count; i++) {
    const low = from[2 * i] as number;
    const high = from[2 * i + 1] as number;
    const at = offsets[base + (((word === 0 ? low : high) >>> shift) & DIGIT_MASK)]!++;
    to[2 * at] = low;
    to[2 * at + 1] = high;
  }
}

function fromKeys(keys: Uint32Array, words: Uint32Array, count: number): void {
  for (let i = 0; i < count; i++) {
    const keyLow = keys[2 * i] as number;
    const keyHigh = keys[2 * i + 1] as number;
    const positive = keyHigh >>> 31 === 1;
    words[2 * i] = positive ? keyLow : ~keyLow >>> 0;
    words[2 * i + 1] = positive ? keyHigh & 0x7fffffff : ~keyHigh >>> 0;
  }
}
