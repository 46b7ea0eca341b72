import type { ColumnProfile } from '../profiles/column-profile';

/**
 * What a drift test sees of one column on one side. `exact` says whether it is every value (a profile's
 * reservoir that kept everything, or a top-k summary that never evicted) or a sketch's approximation.
 */
export type ColumnSample = NumericSample | CategoricalSample;

export interface NumericSample {
  readonly type: 'numeric';
  /** Sorted ascending. */
  readonly values: Float64Array;
  /** Weight of each value (KLL items weigh 2^level); all 1 when exact. */
  readonly weights: Float64Array;
  /** Number of values the sample stands for. */
  readonly count: number;
  /** Population standard deviation (numpy's std) of all values, exact from the profile's moments. */
  readonly populationStd: number;
  readonly exact: boolean;
  /** Normalized rank error of a sketch (0 when exact). */
  readonly rankError: number;
}

export interface CategoricalSample {
  readonly type: 'categorical';
  readonly counts: ReadonlyMap<string, number>;
  /** Values not tracked individually (a full top-k summary's remainder); 0 when exact. */
  readonly other: number;
  readonly count: number;
  readonly exact: boolean;
  /** Most any tracked count can exceed the truth (Space-Saving's n/capacity bound); 0 when exact. */
  readonly countError: number;
}

/** A numeric sample from plain values (every value, weight 1). */
export function numericSampleOf(values: ArrayLike<number>): NumericSample {
  const sorted = Float64Array.from(values).sort();
  const weights = new Float64Array(sorted.length).fill(1);
  let mean = 0;
  for (const value of sorted) mean += value / sorted.length;
  let squares = 0;
  for (const value of sorted) squares += (value - mean) ** 2;
  return {
    type: 'numeric',
    values: sorted,
    weights,
    count: sorted.length,
    populationStd: Math.sqrt(squares / sorted.length),
    exact: true,
    rankError: 0,
  };
}

/** A categorical sample from plain values (numbers and booleans become their text). */
export function categoricalSampleOf(values: ArrayLike<string | number | boolean>): CategoricalSample {
  const counts = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const key = String(values[i]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { type: 'categorical', counts, other: 0, count: values.length, exact: true, countError: 0 };
}

/** The numbers of a numeric sample as categories, for the tests Evidently runs on few-valued numeric data. */
export function asCategorical(sample: ColumnSample): CategoricalSample {
  if (sample.type === 'categorical') return sample;
  const counts = new Map<string, number>();
  sample.values.forEach((value, i) => {
    const key = String(value);
    counts.set(key, (counts.get(key) ?? 0) + (sample.weights[i] as number));
  });
  return {
    type: 'categorical',
    counts,
    other: 0,
    count: sample.count,
    exact: sample.exact,
    countError: sample.rankError * sample.count,
  };
}

/**
 * A column's sample from its profile: every value when the reservoir kept them all (exact), else the KLL
 * sketch's weighted items (rank error ≤ the sketch's bound) for numbers, or the Space-Saving counts plus
 * an "other" remainder for categories (each count ≤ n/capacity too high).
 */
export function sampleFromProfile(column: ColumnProfile): ColumnSample {
  const keptEverything = column.sample.seen === column.sample.items.length;
  if (column.kind === 'numeric') {
    const moments = column.moments;
    const populationStd = moments && moments.count > 0 ? Math.sqrt(moments.populationVariance()) : 0;
    if (keptEverything) return { ...numericSampleOf(column.sample.items as number[]), populationStd };
    const quantiles = column.quantiles;
    if (!quantiles)
      throw new Error(`column "${column.name}" is numeric but its profile has no quantile sketch`);
    const { values, weights } = quantiles.weightedItems();
    return {
      type: 'numeric',
      values: values.slice(),
      weights: weights.slice(),
      count: quantiles.n,
      populationStd,
      exact: false,
      rankError: quantiles.normalizedRankError,
    };
  }
  const frequent = column.frequent;
  if (!frequent) {
    if (keptEverything) return categoricalSampleOf(column.sample.items);
    throw new Error(`column "${column.name}" is ${column.kind} but its profile has no frequent values`);
  }
  const counts = new Map<string, number>();
  let tracked = 0;
  for (const item of frequent.items()) {
    counts.set(item.value, item.count);
    tracked += item.count;
  }
  return {
    type: 'categorical',
    counts,
    other: Math.max(frequent.n - tracked, 0),
    count: frequent.n,
    exact: frequent.exact,
    countError: frequent.exact ? 0 : frequent.n / frequent.capacity,
  };
}
