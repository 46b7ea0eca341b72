import { MetricInputError } from '../metric-input-error';
import { binomialCdf } from '../numerics/binomial-cdf';
import { chiSquareOneDfSurvival } from '../numerics/chi-square-one-df';
import { requireRows, requireSameLength } from '../validate-inputs';

export type McNemarMethod = 'exact-binomial' | 'chi-square-corrected';

export interface McNemarOptions {
  /** true: exact binomial; false: chi-square with continuity correction; default: exact when b + c < 25. */
  exact?: boolean;
}

export interface McNemarResult {
  /** min(b, c) for the exact test, (|b − c| − 1)² / (b + c) for the chi-square test (statsmodels' statistic). */
  statistic: number;
  /** Two-sided p-value of "both models are right equally often". */
  pValue: number;
  method: McNemarMethod;
  /** b: rows only the candidate gets right. */
  candidateOnlyCorrect: number;
  /** c: rows only the baseline gets right. */
  baselineOnlyCorrect: number;
}

/** Below this many discordant rows the chi-square approximation is poor, so the exact test is the default. */
export const MCNEMAR_EXACT_BELOW = 25;

/**
 * McNemar's test on two classifiers' per-row correctness (1/true = right) over the same rows. Only the
 * discordant rows matter: b (candidate right, baseline wrong) and c (the reverse). Matches statsmodels'
 * `mcnemar([[·, b], [c, ·]], exact=…, correction=True)`:
 * - exact: p = min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½);
 * - otherwise: χ² = (|b − c| − 1)² / (b + c) on 1 df, p = P(χ²₁ > χ²).
 * By default the exact test is used when b + c < 25. With no discordant rows, p = 1 (statsmodels' exact
 * test gives 1; its chi-square form would divide by zero).
 *
 * @example mcnemarTest([1, 1, 1, 0], [0, 0, 1, 0]) // b = 2, c = 0 → exact p = 2·¼ = 0.5
 */
export function mcnemarTest(
  candidateCorrect: ArrayLike<number | boolean>,
  baselineCorrect: ArrayLike<number | boolean>,
  options: McNemarOptions = {},
): McNemarResult {
  requireRows('mcnemar', 'candidateCorrect', candidateCorrect);
  requireSameLength(
    'mcnemar',
    'baselineCorrect',
    baselineCorrect,
    candidateCorrect.length,
    'candidateCorrect',
  );
  let candidateOnly = 0;
  let baselineOnly = 0;
  for (let i = 0; i < candidateCorrect.length; i++) {
    const candidate = correctness('candidateCorrect', candidateCorrect[i]!, i);
    const baseline = correctness('baselineCorrect', baselineCorrect[i]!, i);
    if (candidate && !baseline) candidateOnly++;
    else if (baseline && !candidate) baselineOnly++;
  }
  return mcnemarFromCounts(candidateOnly, baselineOnly, options);
}

/** McNemar's test from the discordant counts b (candidate-only correct) and c (baseline-only correct). */
export function mcnemarFromCounts(
  candidateOnlyCorrect: number,
  baselineOnlyCorrect: number,
  options: McNemarOptions = {},
): McNemarResult {
  for (const [argument, count] of [
    ['candidateOnlyCorrect', candidateOnlyCorrect],
    ['baselineOnlyCorrect', baselineOnlyCorrect],
  ] as const) {
    if (!(Number.isInteger(count) && count >= 0)) {
      throw new MetricInputError(
        'mcnemar',
        argument,
        undefined,
        `is ${String(count)}`,
        'counts are whole numbers ≥ 0',
      );
    }
  }
  const discordant = candidateOnlyCorrect + baselineOnlyCorrect;
  const exact = options.exact ?? discordant < MCNEMAR_EXACT_BELOW;
  const counts = { candidateOnlyCorrect, baselineOnlyCorrect };
  if (exact) {
    const statistic = Math.min(candidateOnlyCorrect, baselineOnlyCorrect);
    const pValue = Math.min(1, 2 * binomialCdf(statistic, discordant, 0.5));
    return { statistic, pValue, method: 'exact-binomial', ...counts };
  }
  if (discordant === 0) return { statistic: 0, pValue: 1, method: 'chi-square-corrected', ...counts };
  const statistic = (Math.abs(candidateOnlyCorrect - baselineOnlyCorrect) - 1) ** 2 / discordant;
  return { statistic, pValue: chiSquareOneDfSurvival(statistic), method: 'chi-square-corrected', ...counts };
}

function correctness(argument: string, value: number | boolean, index: number): boolean {
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  throw new MetricInputError(
    'mcnemar',
    argument,
    index,
    `is ${String(value)}`,
    'mark each row 1 (right) or 0 (wrong)',
  );
}
