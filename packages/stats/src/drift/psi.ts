/** Evidently's floor for an empty bin's share in PSI (`get_binned_data(…, feel_zeroes=True)`). */
export const PSI_EMPTY_SHARE = 0.0001;

/**
 * Evidently's zero filling: an empty bin gets 0.0001, or the smallest non-zero share / 10⁶ when that
 * share is itself ≤ 0.0001 (so the floor stays below every real share). Applied to each side separately.
 */
export function fillEmptyShares(shares: readonly number[]): number[] {
  const nonZero = shares.filter((share) => share > 0);
  if (nonZero.length === 0) return shares.map(() => PSI_EMPTY_SHARE);
  const smallest = Math.min(...nonZero);
  const floor = smallest <= PSI_EMPTY_SHARE ? smallest / 1e6 : PSI_EMPTY_SHARE;
  return shares.map((share) => (share === 0 ? floor : share));
}

/**
 * Population stability index — Evidently's `psi` stattest: Σ (ref% − cur%)·ln(ref%/cur%) over bins, with
 * empty bins filled as `fillEmptyShares`. Drift when ≥ 0.1 by default. Shares, not counts.
 *
 * @example populationStabilityIndex([0.5, 0.5], [0.25, 0.75]) // 0.25·ln 2 + (−0.25)·ln(2/3) = 0.274653
 */
export function populationStabilityIndex(
  referenceShares: readonly number[],
  currentShares: readonly number[],
): number {
  if (referenceShares.length !== currentShares.length)
    throw new Error('PSI needs one reference and one current share per bin');
  const reference = fillEmptyShares(referenceShares);
  const current = fillEmptyShares(currentShares);
  return reference.reduce((sum, share, i) => {
    const other = current[i] as number;
    return sum + (share - other) * Math.log(share / other);
  }, 0);
}
