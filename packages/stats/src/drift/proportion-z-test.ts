import { normalSurvival } from '../metrics/numerics/normal-distribution';

export interface ProportionZResult {
  statistic: number;
  pValue: number;
}

/**
 * Two-proportion z-test with pooled variance, two-sided — Evidently's `z` stattest
 * (`proportions_diff_z_stat_ind`): z = (p₁ − p₂)/√(P(1 − P)(1/n₁ + 1/n₂)), P = (x₁ + x₂)/(n₁ + n₂),
 * p = 2·(1 − Φ(|z|)), computed as 2·Φ(−|z|) to keep small p-values. Evidently counts the values that are
 * not the first category in sorted order; when both samples hold one and the same value, p = 1.
 *
 * @example proportionZTest(30, 100, 50, 100) // z = −2.8867513459481287, p = 0.003892417122778637
 */
export function proportionZTest(
  referenceSuccesses: number,
  referenceTotal: number,
  currentSuccesses: number,
  currentTotal: number,
): ProportionZResult {
  if (!(referenceTotal > 0 && currentTotal > 0))
    throw new Error('the proportion z-test needs at least one value in each sample');
  const pooled = (referenceSuccesses + currentSuccesses) / (referenceTotal + currentTotal);
  if (pooled === 0 || pooled === 1) return { statistic: 0, pValue: 1 };
  const difference = referenceSuccesses / referenceTotal - currentSuccesses / currentTotal;
  const statistic = difference / Math.sqrt(pooled * (1 - pooled) * (1 / referenceTotal + 1 / currentTotal));
  return { statistic, pValue: Math.min(1, 2 * normalSurvival(Math.abs(statistic))) };
}
