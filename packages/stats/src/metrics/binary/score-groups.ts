import { argsortFloat64 } from '../numerics/argsort';

/**
 * Rows sorted by score (ascending) and cut into groups of equal score — the distinct thresholds of the
 * ROC and precision–recall curves. Built once per model, so the bootstrap's resamples only re-sum weights.
 */
export interface ScoreGroups {
  /** Row indices in ascending score order. */
  order: Uint32Array;
  /** positive[p] = 1 when the row at sorted position p has label 1. */
  positive: Uint8Array;
  /** Group g spans sorted positions [groupEnds[g − 1] (or 0), groupEnds[g]). */
  groupEnds: Uint32Array;
}

export function scoreGroups(labels: ArrayLike<number>, scores: ArrayLike<number>): ScoreGroups {
  const order = argsortFloat64(scores);
  const positive = new Uint8Array(order.length);
  // Typed, not a growing array of numbers: a million rows are a million groups when scores are distinct.
  const ends = new Uint32Array(order.length);
  let groups = 0;
  // One read of each row's score and label (the reads at random rows are most of the cost): a group
  // ends where the score differs from the one before.
  let previous = 0;
  for (let position = 0; position < order.length; position++) {
    const row = order[position]!;
    const score = scores[row]!;
    positive[position] = labels[row] === 1 ? 1 : 0;
    if (position > 0 && score !== previous) ends[groups++] = position;
    previous = score;
  }
  if (order.length > 0) ends[groups++] = order.length;
  // A view, not a copy: a copy would hold both at once, for a saving only while the groups live.
  return { order, positive, groupEnds: ends.subarray(0, groups) };
}
