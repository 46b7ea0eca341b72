/**
 * Rows sorted by score (ascending) and cut into groups of equal score — the distinct thresholds of the
 * ROC and precision–recall curves. Built once per model, so the bootstrap's resamples only re-sum weights.
 */
export interface ScoreGroups {
  /** Row indices in ascending score order. */
  order: Uint32Array;
  /** positive[p] = 1 when the row at sorted position p has label 1. */
  positive: Uint8Array;
  /** Group g spans sorted positions [groupEnds[g − 1] (or 0), groupEnds[g]). */
  groupEnds: Uint32Array;
}

export function scoreGroups(labels: ArrayLike<number>, scores: ArrayLike<number>): ScoreGroups {
  const order = ascendingOrder(scores);
  const positive = new Uint8Array(order.length);
  const ends: number[] = [];
  for (let position = 0; position < order.length; position++) {
    positive[position] = labels[order[position]!] === 1 ? 1 : 0;
    const next = order[position + 1];
    if (next === undefined || scores[next] !== scores[order[position]!]) ends.push(position + 1);
  }
  return { order, positive, groupEnds: Uint32Array.from(ends) };
}

/** Digits of the least-significant-digit radix sort in `ascendingOrder`: four of 16 bits. */
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * Row indices in ascending score order, ties in row order — what a stable comparison sort gives —
 * by a radix sort of each score's IEEE 754 bits made order-preserving (sign bit set for positives,
 * every bit flipped for negatives; −0 read as +0, as the comparison sees them). Four passes of 16
 * bits, each stable, a pass skipped when every key shares its digit: over 1M scores ~0.1 s, where
 * `Uint32Array.sort` with a comparator measured over 1 s. No NaN (the metrics reject them first).
 */
export function ascendingOrder(scores: ArrayLike<number>): Uint32Array {
  const n = scores.length;
  const high = new Uint32Array(n);
  const low = new Uint32Array(n);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const hi = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;
  for (let i = 0; i < n; i++) {
    bits[0] = scores[i]! + 0; // −0 + 0 is +0
    const h = words[hi]!;
    const l = words[1 - hi]!;
    const negative = h >>> 31 === 1;
    high[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    low[i] = negative ? ~l >>> 0 : l;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < 4; pass++) {
    const keys = pass < 2 ? low : high;
    const shift = (pass % 2) * DIGIT_BITS;
    if (radixPass(keys, shift, order, spare, counts)) [order, spare] = [spare, order];
  }
  return order;
}

/** One stable counting pass on a 16-bit digit; false (nothing moved) when every key shares it. */
function radixPass(
  keys: Uint32Array,
  shift: number,
  from: Uint32Array,
  to: Uint32Array,
  counts: Uint32Array,
): boolean {
  const n = from.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & 0xffff]!++;
  if (n === 0 || counts[(keys[0]! >>> shift) & 0xffff] === n) return false;
  let total = 0;
  for (let digit = 0; digit < BUCKETS; digit++) {
    const count = counts[digit]!;
    counts[digit] = total;
    total += count;
  }
  for (let position = 0; position < n; position++) {
    const row = from[position]!;
    to[counts[(keys[row]! >>> shift) & 0xffff]!++] = row;
  }
  return true;
}
