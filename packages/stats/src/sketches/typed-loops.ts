/**
 * Single loops over `values[from, to)`, each in a function of its own.
 *
 * Why not inline them where they are used: a method that starts with a long loop is compiled by V8 on
 * stack replacement inside the loop before the code after it ever ran, so that code has no type
 * feedback, and V8 can go on re-entering the stale compiled loop and deoptimizing after it on every
 * call, many times slower than the loop itself. A loop alone in a function has nothing after it to
 * deoptimize on.
 */

export function minOf(values: Float64Array, from: number, to: number): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const value = values[i] as number;
    if (value < min) min = value;
  }
  return min;
}

export function maxOf(values: Float64Array, from: number, to: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const value = values[i] as number;
    if (value > max) max = value;
  }
  return max;
}

export function sumOf(values: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i] as number;
  return sum;
}

/** Σ (values[i] − mean)². */
export function squaredDeviations(values: Float64Array, from: number, to: number, mean: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const deviation = (values[i] as number) - mean;
    sum += deviation * deviation;
  }
  return sum;
}

/** counts[⌊values[i] · scale⌋ − first]++ for each value; the caller guarantees every index is in range. */
export function countBins(
  counts: Float64Array,
  values: Float64Array,
  from: number,
  to: number,
  scale: number,
  first: number,
): void {
  for (let i = from; i < to; i++) {
    const value = values[i] as number;
    let index = Math.floor(value * scale);
    // A tiny negative value scales to −0, whose floor is −0: its bin is −1 (see floorOf).
    if (index === 0 && value < 0) index = -1;
    counts[index - first]!++;
  }
}
