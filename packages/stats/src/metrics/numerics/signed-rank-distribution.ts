/**
 * The exact null distribution of the Wilcoxon signed-rank statistic W₊ for n untied, non-zero differences:
 * entry s is the number of subsets of the ranks {1, …, n} that sum to s, out of 2ⁿ equally likely sign
 * patterns (SciPy's `_get_wilcoxon_distr`, as counts). The counts stay below 2⁵³ — exact in doubles — for
 * n ≤ 50, the largest n SciPy's exact method is used for.
 *
 * @example signedRankCounts(3) // [1, 1, 1, 2, 1, 1, 1] — sums of subsets of {1, 2, 3}
 */
export function signedRankCounts(n: number): Float64Array {
  const maximum = (n * (n + 1)) / 2;
  const counts = new Float64Array(maximum + 1);
  counts[0] = 1;
  let reachable = 0;
  for (let rank = 1; rank <= n; rank++) {
    reachable += rank;
    // Descending, so each rank joins a subset at most once.
    for (let sum = reachable; sum >= rank; sum--) counts[sum]! += counts[sum - rank]!;
  }
  return counts;
}

/**
 * Two-sided exact p-value of W₊ = positiveRankSum: 2·min(P(W ≤ ⌈w⌉), P(W ≥ ⌊w⌋)), capped at 1 — SciPy's
 * rule, which rounds a tie-broken (non-integer) statistic conservatively.
 */
export function signedRankExactPValue(positiveRankSum: number, n: number): number {
  const counts = signedRankCounts(n);
  let atMost = 0;
  let atLeast = 0;
  const upper = Math.ceil(positiveRankSum);
  const lower = Math.floor(positiveRankSum);
  counts.forEach((count, sum) => {
    if (sum <= upper) atMost += count;
    if (sum >= lower) atLeast += count;
  });
  return Math.min(1, (2 * Math.min(atMost, atLeast)) / 2 ** n);
}
