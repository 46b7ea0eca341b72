import { kolmogorovSurvival } from '../metrics/numerics/kolmogorov-distribution';

/** SciPy's MAX_AUTO_N: `ks_2samp(method='auto')` is exact when both samples have at most this many values. */
export const KS_EXACT_LIMIT = 10_000;

export type KsMethod = 'auto' | 'exact' | 'asymptotic';

export interface KsResult {
  /** sup |F_ref − F_cur|; in the exact mode rounded to the lattice h/lcm(n₁, n₂) as SciPy does. */
  statistic: number;
  /** Two-sided p-value. */
  pValue: number;
  /** How the p-value was computed. */
  method: 'exact' | 'asymptotic';
}

/**
 * The two-sample Kolmogorov–Smirnov statistic D = sup |F₁(x) − F₂(x)| between (weighted) empirical CDFs,
 * as SciPy's `ks_2samp` (ECDFs right-continuous, ties stepped together). Values must be sorted ascending;
 * weights default to 1 each.
 *
 * @example ksStatistic([1, 2, 3], [4, 5, 6]) // 1
 */
export function ksStatistic(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  referenceWeights?: ArrayLike<number>,
  currentWeights?: ArrayLike<number>,
): number {
  const referenceTotal = total(reference.length, referenceWeights);
  const currentTotal = total(current.length, currentWeights);
  let i = 0;
  let j = 0;
  let referenceMass = 0;
  let currentMass = 0;
  let statistic = 0;
  while (i < reference.length || j < current.length) {
    const value = Math.min(
      i < reference.length ? (reference[i] as number) : Infinity,
      j < current.length ? (current[j] as number) : Infinity,
    );
    for (; i < reference.length && reference[i] === value; i++) referenceMass += referenceWeights?.[i] ?? 1;
    for (; j < current.length && current[j] === value; j++) currentMass += currentWeights?.[j] ?? 1;
    statistic = Math.max(statistic, Math.abs(referenceMass / referenceTotal - currentMass / currentTotal));
  }
  return statistic;
}

function total(length: number, weights?: ArrayLike<number>): number {
  if (!weights) return length;
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i] as number;
  return sum;
}

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided — SciPy's `ks_2samp(reference, current, method=…)`.
 * 'auto' (default) is exact when max(n₁, n₂) ≤ 10,000, else asymptotic; an exact computation that fails
 * falls back to asymptotic, as in SciPy.
 *
 * @example ksTwoSample([1, 2, 3], [4, 5, 6]) // { statistic: 1, pValue: 0.1, method: 'exact' } (2/C(6,3))
 */
export function ksTwoSample(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  method: KsMethod = 'auto',
): KsResult {
  if (reference.length === 0 || current.length === 0)
    throw new Error('the Kolmogorov–Smirnov test needs at least one value in each sample');
  const sortedReference = Float64Array.from(reference).sort();
  const sortedCurrent = Float64Array.from(current).sort();
  const statistic = ksStatistic(sortedReference, sortedCurrent);
  return ksPValue(statistic, reference.length, current.length, method);
}

/** The p-value of an observed D for sample sizes n₁, n₂, with SciPy's choice of method. */
export function ksPValue(statistic: number, n1: number, n2: number, method: KsMethod = 'auto'): KsResult {
  const exact = method === 'exact' || (method === 'auto' && Math.max(n1, n2) <= KS_EXACT_LIMIT);
  if (exact) {
    const result = exactKs(statistic, n1, n2);
    if (result) return result;
  }
  // Smirnov's limit through the one-sample distribution at n = round(n₁n₂/(n₁+n₂)), as SciPy ≥ 1.5.
  const effective = Math.round((n1 * n2) / (n1 + n2));
  return {
    statistic,
    pValue: kolmogorovSurvival(statistic, Math.max(effective, 1)),
    method: 'asymptotic',
  };
}

/** SciPy's `_attempt_exact_2kssamp`, two-sided: null when the computation leaves [0, 1]. */
function exactKs(statistic: number, n1: number, n2: number): KsResult | null {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(statistic * lcm);
  const d = h / lcm;
  if (h === 0) return { statistic: d, pValue: 1, method: 'exact' };
  const pValue = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, h);
  if (!(pValue >= 0 && pValue <= 1)) return null;
  return { statistic: d, pValue, method: 'exact' };
}

/**
 * P(D ≥ h/n) for two samples of size n — SciPy's `_compute_prob_outside_square`: the reflection-principle
 * sum 2·Σₖ (−1)^(k−1) C(2n, n − kh)/C(2n, n), evaluated Horner-like as 2·A₁(1 − A₂(1 − A₃(…))) because the
 * alternating sum cancels badly.
 */
export function probabilityOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}

/**
 * P(D ≥ h/lcm(m, n)) by counting lattice paths from (0, 0) to (m, n) (Hodges 1957), as SciPy's
 * `_compute_outer_prob_inside_method`: a path is a random interleaving of the two sorted samples, and
 * D ≥ d exactly when the path touches a point with |i/m − j/n| ≥ d, i.e. |i·n/g − j·m/g| ≥ h. We carry the
 * probability that a uniformly random path to (i, j) has already left the band, B(i, j) =
 * (i·B(i−1, j) + j·B(i, j−1))/(i + j), B = 1 outside — probabilities, not counts, so nothing overflows
 * and a small p keeps its relative accuracy. Only the band's columns are visited: O(m·band).
 */
export function probabilityOutsideBand(m: number, n: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const g = gcd(m, n);
  const mg = m / g;
  const ng = n / g;
  // column[j] holds B(i − 1, j) before column i is computed; untouched entries above the band stay 1.
  const column = new Float64Array(n + 1).fill(1);
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  column.fill(0, 0, maxJ);
  for (let i = 1; i <= m; i++) {
    const minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    let below = minJ === 0 ? 0 : 1; // B(i, minJ − 1): outside the band unless there is no such point
    for (let j = minJ; j < maxJ; j++) {
      below = (i * (column[j] as number) + j * below) / (i + j);
      column[j] = below;
    }
  }
  return column[n] as number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
