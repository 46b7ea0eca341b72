import { erf, scaledErfcTail, UNDERFLOW_LIMIT } from './error-function';

/**
 * CDF of the chi-square distribution with 1 degree of freedom: P(X ≤ x) = erf(√(x/2)), since X = Z² for a
 * standard normal Z. Zero for x ≤ 0.
 *
 * @example chiSquareOneDfCdf(3.841458820694124) // 0.95
 */
export function chiSquareOneDfCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  return erf(Math.sqrt(x / 2));
}

/**
 * Upper tail P(X > x) = erfc(√(x/2)) — SciPy's `chi2.sf(x, 1)`, the p-value of a 1-df chi-square statistic.
 * The factor e^(−x/2) is taken from x itself (exact), so the tail keeps its relative accuracy.
 *
 * @example chiSquareOneDfSurvival(3.841458820694124) // 0.05
 */
export function chiSquareOneDfSurvival(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  const root = Math.sqrt(x / 2);
  if (root < Math.sqrt(1.5)) return 1 - erf(root);
  if (root >= UNDERFLOW_LIMIT) return 0;
  return Math.exp(-x / 2) * scaledErfcTail(root);
}
