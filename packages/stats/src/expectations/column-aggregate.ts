import type { ColumnProfile } from '../profiles/column-profile';
import type { Moments } from '../sketches/moments';
import { DistinctValues } from './distinct-values';
import { boundsArg, columnArg, ExpectationError, kwargKey, valueSetArg, withinBounds } from './kwargs';
import type { Bounds } from './kwargs';
import type { ColumnAggregatePlan, ColumnFacts, Outcome, Planner } from './plan';
import type { Kwargs } from './suite';

/** Moments of a numeric column (or, with `datetimes`, a datetime one in epoch milliseconds). */
function momentsOf(profile: ColumnProfile, statistic: string, datetimes = false): Moments {
  const allowed = profile.kind === 'numeric' || (datetimes && profile.kind === 'datetime');
  if (!allowed || !profile.moments) {
    throw new ExpectationError(
      `column "${profile.name}" is ${profile.kind}: its ${statistic} needs a numeric${datetimes ? ' or datetime' : ''} column`,
    );
  }
  return profile.moments;
}

/** Checks that the bounds speak the column's language: datetimes for a datetime column, else numbers. */
function checkDomain(profile: ColumnProfile, bounds: Bounds): void {
  const wanted = profile.kind === 'datetime' ? 'datetime' : 'number';
  if (bounds.domain !== wanted) {
    throw new ExpectationError(
      `column "${profile.name}" is ${profile.kind}: give ${wanted === 'datetime' ? 'ISO 8601 datetimes' : 'numbers'} as min_value / max_value`,
    );
  }
}

/** A "column <statistic> to be between" expectation over one figure of the profile. */
function statisticPlan(
  statistic: string,
  compute: (
    profile: ColumnProfile,
    bounds: Bounds,
  ) => { value: number | null; details?: Record<string, unknown> },
): Planner {
  return (kwargs) => {
    const bounds = boundsArg(kwargs);
    return {
      scope: 'column_aggregate',
      column: columnArg(kwargs),
      evaluate: ({ profile }) => {
        const { value, details } = compute(profile, bounds);
        const observed = value === null || Number.isNaN(value) ? null : value;
        const datetime = profile.kind === 'datetime' && observed !== null;
        return {
          success: observed !== null && withinBounds(observed, bounds),
          observed_value: datetime ? new Date(observed).toISOString() : observed,
          ...(details ? { details } : {}),
        };
      },
    };
  };
}

function numericStatistic(statistic: string, pick: (moments: Moments) => number): Planner {
  return statisticPlan(statistic, (profile, bounds) => {
    const moments = momentsOf(profile, statistic);
    checkDomain(profile, bounds);
    return { value: moments.count > 0 ? pick(moments) : null };
  });
}

function extremeStatistic(statistic: string, pick: (moments: Moments) => number): Planner {
  return statisticPlan(statistic, (profile, bounds) => {
    const moments = momentsOf(profile, statistic, true);
    checkDomain(profile, bounds);
    return { value: moments.count > 0 ? pick(moments) : null };
  });
}

/** Quantiles come from the profile's KLL sketch: approximate within its normalized rank error. */
function sketchQuantile(
  profile: ColumnProfile,
  q: number,
  statistic: string,
): { value: number | null; rankError: number } {
  momentsOf(profile, statistic);
  const sketch = profile.quantiles;
  if (!sketch) throw new ExpectationError(`column "${profile.name}" has no quantile sketch`);
  const value = sketch.quantile(q);
  return { value: Number.isNaN(value) ? null : value, rankError: sketch.normalizedRankError };
}

function quantileRangesArg(kwargs: Kwargs): {
  quantiles: number[];
  ranges: [number | null, number | null][];
} {
  const spec = kwargs['quantile_ranges'] as { quantiles?: unknown; value_ranges?: unknown } | undefined;
  const quantiles = spec?.quantiles;
  const ranges = spec?.value_ranges;
  const isBound = (value: unknown) => value === null || typeof value === 'number';
  if (
    !Array.isArray(quantiles) ||
    !quantiles.every((q) => typeof q === 'number' && q >= 0 && q <= 1) ||
    !Array.isArray(ranges) ||
    ranges.length !== quantiles.length ||
    !ranges.every((range) => Array.isArray(range) && range.length === 2 && range.every(isBound))
  ) {
    throw new ExpectationError(
      'kwargs.quantile_ranges must be { quantiles: [q…] (0 to 1), value_ranges: [[min, max]…] } with one range per quantile (null: unbounded)',
    );
  }
  return { quantiles: quantiles as number[], ranges: ranges as [number | null, number | null][] };
}

/** Distinct-value expectations compare the column's exact set of values with `value_set`. */
function distinctSetPlan(compare: (observed: DistinctValues, expected: Set<string>) => boolean): Planner {
  return (kwargs) => {
    const expected = new Set(valueSetArg(kwargs).map(kwargKey));
    return {
      scope: 'column_aggregate',
      column: columnArg(kwargs),
      needsDistinct: true,
      evaluate: ({ profile, distinct }) => {
        const observed = exactDistinct(profile, distinct);
        return { success: compare(observed, expected), observed_value: observed.sorted() };
      },
    };
  };
}

function exactDistinct(profile: ColumnProfile, distinct: DistinctValues | undefined): DistinctValues {
  if (!distinct || distinct.overflowed) {
    throw new ExpectationError(
      `column "${profile.name}" has more than ${DistinctValues.LIMIT} distinct values, too many to compare as a set — use expect_column_values_to_be_in_set, which checks value by value`,
    );
  }
  return distinct;
}

/**
 * Distinct count: exact while the column has at most DistinctValues.LIMIT values, else the profile's
 * HyperLogLog estimate (relative error ≈ 1.6%), flagged in details.
 */
function distinctCount(facts: ColumnFacts): { count: number; approximate: boolean } {
  if (facts.distinct && !facts.distinct.overflowed) return { count: facts.distinct.size, approximate: false };
  return { count: facts.profile.distinctCount(), approximate: true };
}

function distinctCountPlan(measure: (facts: ColumnFacts, count: number) => number | null): Planner {
  return (kwargs) => {
    const bounds = boundsArg(kwargs);
    return {
      scope: 'column_aggregate',
      column: columnArg(kwargs),
      needsDistinct: true,
      evaluate: (facts): Outcome => {
        const { count, approximate } = distinctCount(facts);
        const value = measure(facts, count);
        return {
          success: value !== null && withinBounds(value, bounds),
          observed_value: value,
          ...(approximate
            ? { details: { approximate: true, method: 'HyperLogLog estimate (relative error ≈ 1.6%)' } }
            : {}),
        };
      },
    };
  };
}

export const COLUMN_AGGREGATE_EXPECTATIONS: Record<string, Planner> = {
  expect_column_mean_to_be_between: numericStatistic('mean', (moments) => moments.mean),
  expect_column_stdev_to_be_between: numericStatistic('standard deviation', (moments) =>
    moments.standardDeviation(),
  ),
  expect_column_sum_to_be_between: numericStatistic('sum', (moments) => moments.sum),
  expect_column_min_to_be_between: extremeStatistic('minimum', (moments) => moments.min),
  expect_column_max_to_be_between: extremeStatistic('maximum', (moments) => moments.max),
  expect_column_median_to_be_between: statisticPlan('median', (profile, bounds) => {
    checkDomain(profile, bounds);
    const { value, rankError } = sketchQuantile(profile, 0.5, 'median');
    return { value, details: { approximate: true, rank_error: rankError } };
  }),
  expect_column_quantile_values_to_be_between: (kwargs): ColumnAggregatePlan => {
    const { quantiles, ranges } = quantileRangesArg(kwargs);
    return {
      scope: 'column_aggregate',
      column: columnArg(kwargs),
      evaluate: ({ profile }) => {
        const found = quantiles.map((q) => sketchQuantile(profile, q, 'quantiles'));
        const values = found.map(({ value }) => value);
        const successes = values.map((value, i) => {
          const [min, max] = ranges[i] as [number | null, number | null];
          return (
            value !== null &&
            withinBounds(value, { domain: 'number', min, max, strictMin: false, strictMax: false })
          );
        });
        return {
          success: successes.every(Boolean),
          observed_value: { quantiles, values },
          details: { success_details: successes, approximate: true, rank_error: found[0]?.rankError ?? null },
        };
      },
    };
  },
  expect_column_distinct_values_to_be_in_set: distinctSetPlan((observed, expected) =>
    [...observed.keys()].every((key) => expected.has(key)),
  ),
  expect_column_distinct_values_to_contain_set: distinctSetPlan((observed, expected) =>
    [...expected].every((key) => observed.has(key)),
  ),
  expect_column_distinct_values_to_equal_set: distinctSetPlan(
    (observed, expected) =>
      observed.size === expected.size && [...expected].every((key) => observed.has(key)),
  ),
  expect_column_unique_value_count_to_be_between: distinctCountPlan((_facts, count) => count),
  expect_column_proportion_of_unique_values_to_be_between: distinctCountPlan(({ profile }, count) => {
    const nonNull = profile.count - profile.nulls;
    return nonNull > 0 ? count / nonNull : null;
  }),
};
