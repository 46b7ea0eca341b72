/**
 * Jensen–Shannon distance between two distributions — SciPy's `jensenshannon(p, q, base)`: both are
 * normalized to sum 1, m = (p + q)/2, and the distance is √((KL(p‖m) + KL(q‖m))/2), with KL in the given
 * log base (2 by default, so the distance lies in [0, 1]).
 *
 * @example jensenShannonDistance([1, 0, 0], [0, 1, 0]) // 1
 */
export function jensenShannonDistance(p: readonly number[], q: readonly number[], base = 2): number {
  if (p.length !== q.length)
    throw new Error('Jensen–Shannon needs two distributions over the same categories');
  const pTotal = p.reduce((sum, value) => sum + value, 0);
  const qTotal = q.reduce((sum, value) => sum + value, 0);
  if (!(pTotal > 0 && qTotal > 0)) throw new Error('Jensen–Shannon needs two non-empty distributions');
  let divergence = 0;
  p.forEach((pValue, i) => {
    const pShare = pValue / pTotal;
    const qShare = (q[i] as number) / qTotal;
    const mShare = (pShare + qShare) / 2;
    // SciPy's rel_entr: x·ln(x/y), 0 when x = 0.
    if (pShare > 0) divergence += pShare * Math.log(pShare / mShare);
    if (qShare > 0) divergence += qShare * Math.log(qShare / mShare);
  });
  return Math.sqrt(Math.max(divergence / 2, 0) / Math.log(base));
}
