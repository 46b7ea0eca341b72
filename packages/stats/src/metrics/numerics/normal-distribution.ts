import { erf, scaledErfcTail, UNDERFLOW_LIMIT } from './error-function';

const SQRT_HALF = Math.SQRT1_2;

/**
 * Standard normal CDF Φ(z) = ½·erfc(−z/√2), to about 1e-14 relative in both tails (Φ(−37) ≈ 5.7e-300).
 * The tail's e^(−z²/2) is formed from z directly, so only the slowly varying factor sees z/√2's rounding.
 *
 * @example normalCdf(1.959963984540054) // 0.975
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z > 0) return 1 - normalSurvival(z);
  return normalSurvival(-z);
}

/** Upper tail 1 − Φ(z) = Φ(−z), accurate where 1 − Φ(z) would round to 0. */
export function normalSurvival(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const x = z * SQRT_HALF;
  if (x < Math.sqrt(1.5)) return 0.5 * (1 - erf(x));
  if (x >= UNDERFLOW_LIMIT) return 0;
  return 0.5 * halfSquareExponent(z) * scaledErfcTail(x);
}

/** e^(−z²/2) with z split so that the square of its head is exact. */
function halfSquareExponent(z: number): number {
  const head = Math.trunc(z * 16) / 16;
  const remainder = (z - head) * (z + head);
  return Math.exp(-0.5 * head * head) * Math.exp(-0.5 * remainder);
}
