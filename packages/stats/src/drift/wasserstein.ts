/**
 * First Wasserstein distance between two 1-D (weighted) empirical distributions — SciPy's
 * `wasserstein_distance(u, v, u_weights, v_weights)`: ∫ |U(x) − V(x)| dx between their CDFs, summed
 * exactly over the intervals between consecutive pooled values. Weights default to 1 each.
 *
 * @example wassersteinDistance([0, 1, 3], [5, 6, 8]) // 5
 */
export function wassersteinDistance(
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  uWeights?: ArrayLike<number>,
  vWeights?: ArrayLike<number>,
): number {
  if (u.length === 0 || v.length === 0)
    throw new Error('the Wasserstein distance needs values on both sides');
  const uSorted = sortedWeighted(u, uWeights);
  const vSorted = sortedWeighted(v, vWeights);
  let i = 0;
  let j = 0;
  let uMass = 0;
  let vMass = 0;
  let distance = 0;
  let previous = Math.min(uSorted.values[0] as number, vSorted.values[0] as number);
  while (i < uSorted.values.length || j < vSorted.values.length) {
    const value = Math.min(
      i < uSorted.values.length ? (uSorted.values[i] as number) : Infinity,
      j < vSorted.values.length ? (vSorted.values[j] as number) : Infinity,
    );
    // The CDFs are constant on [previous, value).
    distance += Math.abs(uMass / uSorted.total - vMass / vSorted.total) * (value - previous);
    for (; i < uSorted.values.length && uSorted.values[i] === value; i++)
      uMass += uSorted.weights[i] as number;
    for (; j < vSorted.values.length && vSorted.values[j] === value; j++)
      vMass += vSorted.weights[j] as number;
    previous = value;
  }
  return distance;
}

interface SortedWeighted {
  values: Float64Array;
  weights: Float64Array;
  total: number;
}

function sortedWeighted(values: ArrayLike<number>, weights?: ArrayLike<number>): SortedWeighted {
  const order = Array.from({ length: values.length }, (_, i) => i).sort(
    (a, b) => (values[a] as number) - (values[b] as number),
  );
  const sortedValues = new Float64Array(order.length);
  const sortedWeights = new Float64Array(order.length);
  let total = 0;
  order.forEach((index, position) => {
    sortedValues[position] = values[index] as number;
    const weight = weights ? (weights[index] as number) : 1;
    if (!(weight >= 0)) throw new Error('Wasserstein weights must be non-negative numbers');
    sortedWeights[position] = weight;
    total += weight;
  });
  if (!(total > 0)) throw new Error('Wasserstein weights must not all be zero');
  return { values: sortedValues, weights: sortedWeights, total };
}

/** Evidently's floor on the reference standard deviation, so a constant reference does not divide by 0. */
export const WASSERSTEIN_MIN_SCALE = 0.001;

/**
 * Evidently's `wasserstein` stattest statistic: wasserstein_distance(reference, current) divided by
 * max(std(reference), 0.001), with numpy's std (population, ddof = 0) — distance in reference standard
 * deviations. Drift when ≥ 0.1 by default.
 */
export function normedWassersteinDistance(distance: number, referencePopulationStd: number): number {
  return distance / Math.max(referencePopulationStd, WASSERSTEIN_MIN_SCALE);
}
