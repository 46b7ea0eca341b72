/**
 * The q-quantile (0 ≤ q ≤ 1) of ascending-sorted values by linear interpolation between closest ranks —
 * NumPy's default `np.percentile(values, 100·q)` (method "linear", Hyndman & Fan type 7).
 *
 * @example percentileOfSorted(Float64Array.of(1, 2, 3, 4), 0.25) // 1.75
 */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  const low = sorted[below]!;
  const high = sorted[above]!;
  // Equal neighbours need no interpolation; this also keeps ±0 and exact values exact.
  return low === high ? low : low + fraction * (high - low);
}
