import { Xoshiro128 } from '../../src/metrics/numerics/seeded-random';

/** Seeded test data: labels with both classes likely, and scores rounded to `decimals` so ties occur. */
export function randomBinaryData(
  seed: number,
  rows: number,
  decimals = 1,
): { labels: number[]; scores: number[] } {
  const random = new Xoshiro128(seed);
  const uniform = () => random.nextUint32() / 4294967296;
  const labels: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < rows; i++) {
    const label = uniform() < 0.4 ? 1 : 0;
    labels.push(label);
    const score = Math.min(1, 0.35 * label + 0.65 * uniform());
    scores.push(Number(score.toFixed(decimals)));
  }
  return { labels, scores };
}

export function randomIntegers(seed: number, rows: number, below: number): number[] {
  const random = new Xoshiro128(seed);
  return Array.from({ length: rows }, () => random.nextIndex(below));
}

/** Repeats each value weights[i] times: what integer frequency weights mean. */
export function repeatRows<T>(values: ArrayLike<T>, weights: ArrayLike<number>): T[] {
  const repeated: T[] = [];
  for (let i = 0; i < values.length; i++) for (let k = 0; k < weights[i]!; k++) repeated.push(values[i]!);
  return repeated;
}
