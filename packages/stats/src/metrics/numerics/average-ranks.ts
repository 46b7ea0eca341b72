export interface Ranking {
  /** 1-based ranks in the input's order; tied values share the average of the ranks they span. */
  ranks: Float64Array;
  /** The size of every group of tied values with more than one member. */
  tieGroupSizes: number[];
}

/**
 * Ranks with ties averaged — SciPy's `rankdata(values, method="average")` — plus the tie-group sizes that
 * tie corrections need.
 *
 * @example averageRanks([10, 20, 20, 5]).ranks // [2, 3.5, 3.5, 1]
 */
export function averageRanks(values: ArrayLike<number>): Ranking {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  const tieGroupSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    const averageRank = (start + 1 + end) / 2; // mean of the 1-based ranks start+1 … end
    for (let position = start; position < end; position++) ranks[order[position]!] = averageRank;
    if (end - start > 1) tieGroupSizes.push(end - start);
    start = end;
  }
  return { ranks, tieGroupSizes };
}
