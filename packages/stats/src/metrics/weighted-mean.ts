/** Σ wᵢ·vᵢ / Σ wᵢ, or the plain mean when there are no weights. Callers have validated both arrays. */
export function weightedMean(values: ArrayLike<number>, weights: ArrayLike<number> | undefined): number {
  let sum = 0;
  let total = 0;
  if (weights === undefined) {
    for (let i = 0; i < values.length; i++) sum += values[i]!;
    return sum / values.length;
  }
  for (let i = 0; i < values.length; i++) {
    const weight = weights[i]!;
    sum += weight * values[i]!;
    total += weight;
  }
  return sum / total;
}
