/**
 * The median of values where each counts weightᵢ times: for integer weights exactly `np.median` of the
 * values repeated, averaging the two middle values when the total weight is even. Fractional weights
 * follow the same rule (average where the cumulative weight lands exactly on half the total).
 */
export function weightedMedian(values: ArrayLike<number>, weights: ArrayLike<number> | undefined): number {
  return weightedMedianInOrder(values, ascendingOrder(values), weights);
}

/** Row indices by ascending value; sort once and reuse when only the weights change (the bootstrap). */
export function ascendingOrder(values: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => values[a]! - values[b]!);
}

export function weightedMedianInOrder(
  values: ArrayLike<number>,
  order: Uint32Array,
  weights: ArrayLike<number> | undefined,
): number {
  if (weights === undefined) {
    const middle = order.length >> 1;
    if (order.length % 2 === 1) return values[order[middle]!]!;
    return (values[order[middle - 1]!]! + values[order[middle]!]!) / 2;
  }
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  const half = total / 2;
  let cumulative = 0;
  for (let position = 0; position < order.length; position++) {
    const row = order[position]!;
    cumulative += weights[row]!;
    if (cumulative < half) continue;
    if (cumulative > half) return values[row]!;
    // Exactly half the weight lies at or below this value: average it with the next value that has weight.
    for (let next = position + 1; next < order.length; next++) {
      if (weights[order[next]!]! > 0) return (values[row]! + values[order[next]!]!) / 2;
    }
    return values[row]!;
  }
  return values[order[order.length - 1]!]!;
}
