import { MetricInputError } from '../metric-input-error';
import { averageRanks } from '../numerics/average-ranks';
import { normalSurvival } from '../numerics/normal-distribution';
import { signedRankExactPValue } from '../numerics/signed-rank-distribution';
import { absoluteErrors } from '../regression/mean-absolute-error';
import { checkRegressionInputs, requireFinite, requireRows, requireSameLength } from '../validate-inputs';

export type WilcoxonMethod = 'exact' | 'exact-permutation' | 'normal-approximation';

export interface WilcoxonOptions {
  /** 'auto' (default) chooses as SciPy does; 'exact' or 'normal-approximation' force one method. */
  method?: 'auto' | 'exact' | 'normal-approximation';
}

export interface WilcoxonResult {
  /** min(W₊, W₋), SciPy's two-sided statistic. */
  statistic: number;
  /** Two-sided p-value of "the differences are symmetric about zero". */
  pValue: number;
  method: WilcoxonMethod;
  /** W₊: sum of the ranks of |d| over positive differences (for errors: rows where the candidate is worse). */
  positiveRankSum: number;
  /** W₋: the same over negative differences (rows where the candidate is better). */
  negativeRankSum: number;
  /** Differences that count; zeros are dropped (Wilcoxon's `zero_method="wilcox"`). */
  nonZeroCount: number;
  zeroCount: number;
  /** Whether some non-zero |d| are tied (their ranks are averaged). */
  hasTies: boolean;
  /** The normal approximation's z = −|W₊ − μ| / σ, when that method was used. */
  z?: number;
}

/** SciPy: above 50 differences, or with ties or zeros above 13, the normal approximation is used. */
const EXACT_LIMIT = 50;
const PERMUTATION_LIMIT = 13;

/**
 * Wilcoxon signed-rank test of paired differences dᵢ, two-sided, following SciPy's `wilcoxon(d)` defaults
 * (zero_method="wilcox": zeros dropped before ranking; correction=False; method="auto"), whose "auto"
 * choice (SciPy ≥ 1.15, `scipy/stats/_wilcoxon.py`, since scipy/scipy#21567) is:
 * - more than 50 differences (zeros included) → normal approximation;
 * - otherwise, no ties and no zeros → the exact distribution of W₊;
 * - otherwise, at most 13 differences → an exact sign-flip permutation test (all 2ⁿ sign patterns);
 * - otherwise → normal approximation.
 * The normal approximation uses μ = n(n+1)/4 and σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48 over tie groups of
 * size t, with p = 2·Φ(−|W₊ − μ| / σ). SciPy ≤ 1.14 used the normal approximation instead of the
 * permutation test for small samples with ties or zeros. When every difference is zero we return p = 1
 * (SciPy returns NaN in its normal branch): nothing distinguishes the two models.
 *
 * @example wilcoxonSignedRank([6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]).pValue // 0.041259765625 (SciPy's docstring example, exact)
 */
export function wilcoxonSignedRank(
  differences: ArrayLike<number>,
  options: WilcoxonOptions = {},
): WilcoxonResult {
  requireRows('wilcoxon', 'differences', differences);
  requireFinite('wilcoxon', 'differences', differences);
  const nonZero: number[] = [];
  for (let i = 0; i < differences.length; i++) if (differences[i] !== 0) nonZero.push(differences[i]!);
  const magnitudes = nonZero.map(Math.abs);
  const { ranks, tieGroupSizes } = averageRanks(magnitudes);
  let positiveRankSum = 0;
  let negativeRankSum = 0;
  nonZero.forEach((difference, j) => {
    if (difference > 0) positiveRankSum += ranks[j]!;
    else negativeRankSum += ranks[j]!;
  });
  const zeroCount = differences.length - nonZero.length;
  const hasTies = tieGroupSizes.length > 0;
  const summary = {
    statistic: Math.min(positiveRankSum, negativeRankSum),
    positiveRankSum,
    negativeRankSum,
    nonZeroCount: nonZero.length,
    zeroCount,
    hasTies,
  };
  if (nonZero.length === 0)
    return { ...summary, pValue: 1, method: chooseMethod(differences.length, true, options) };

  const method = chooseMethod(differences.length, hasTies || zeroCount > 0, options);
  if (method === 'exact') {
    return { ...summary, method, pValue: signedRankExactPValue(positiveRankSum, nonZero.length) };
  }
  if (method === 'exact-permutation') {
    return { ...summary, method, pValue: signFlipPValue(ranks, positiveRankSum) };
  }
  const n = nonZero.length;
  let tieCorrection = 0;
  for (const size of tieGroupSizes) tieCorrection += size ** 3 - size;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieCorrection / 2) / 24);
  const z = -Math.abs(positiveRankSum - (n * (n + 1)) / 4) / sigma;
  return { ...summary, method, z, pValue: Math.min(1, 2 * normalSurvival(-z)) };
}

/**
 * Compares two regressors row by row: the Wilcoxon test of dᵢ = |yᵢ − candidateᵢ| − |yᵢ − baselineᵢ|,
 * SciPy's `wilcoxon(abs_err_candidate, abs_err_baseline)`. Negative differences are rows where the
 * candidate is closer, so negativeRankSum > positiveRankSum means the candidate tends to be better.
 */
export function wilcoxonAbsoluteErrors(
  truth: ArrayLike<number>,
  candidatePredictions: ArrayLike<number>,
  baselinePredictions: ArrayLike<number>,
  options: WilcoxonOptions = {},
): WilcoxonResult {
  checkRegressionInputs('wilcoxon', truth, candidatePredictions, undefined);
  requireSameLength('wilcoxon', 'baselinePredictions', baselinePredictions, truth.length, 'truth');
  requireFinite('wilcoxon', 'baselinePredictions', baselinePredictions);
  const candidateErrors = absoluteErrors(truth, candidatePredictions);
  const baselineErrors = absoluteErrors(truth, baselinePredictions);
  const differences = candidateErrors.map((error, i) => error - baselineErrors[i]!);
  return wilcoxonSignedRank(differences, options);
}

function chooseMethod(length: number, tiesOrZeros: boolean, options: WilcoxonOptions): WilcoxonMethod {
  const requested = options.method ?? 'auto';
  if (requested !== 'auto') {
    if (requested !== 'exact' && requested !== 'normal-approximation') {
      throw new MetricInputError(
        'wilcoxon',
        'method',
        undefined,
        `is ${String(requested)}`,
        "use 'auto', 'exact' or 'normal-approximation'",
      );
    }
    if (requested === 'exact' && length > 1000) {
      throw new MetricInputError(
        'wilcoxon',
        'method',
        undefined,
        `'exact' with ${length} differences`,
        "use 'auto' or 'normal-approximation'",
      );
    }
    return requested;
  }
  if (length > EXACT_LIMIT) return 'normal-approximation';
  if (!tiesOrZeros) return 'exact';
  return length <= PERMUTATION_LIMIT ? 'exact-permutation' : 'normal-approximation';
}

/**
 * Exact two-sided sign-flip p-value: the share of the 2ⁿ sign patterns whose W₊ is at most / at least the
 * observed one, doubled and capped at 1 — what SciPy's `permutation_test` computes when it can enumerate
 * every pattern (with its relative tolerance of 100·ε for "equal").
 */
function signFlipPValue(ranks: Float64Array, observed: number): number {
  const patterns = 2 ** ranks.length;
  const tolerance = Math.abs(observed) * 100 * Number.EPSILON;
  let atMost = 0;
  let atLeast = 0;
  for (let mask = 0; mask < patterns; mask++) {
    let sum = 0;
    for (let j = 0; j < ranks.length; j++) if (mask & (1 << j)) sum += ranks[j]!;
    if (sum <= observed + tolerance) atMost++;
    if (sum >= observed - tolerance) atLeast++;
  }
  return Math.min(1, (2 * Math.min(atMost, atLeast)) / patterns);
}
