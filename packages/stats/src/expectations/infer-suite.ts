import { open, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CellType } from '@mlops-actions/data';
import type { ColumnProfile } from '../profiles/column-profile';
import type { Moments } from '../sketches/moments';
import { DatasetProfile, PROFILE_SCHEMA } from '../profiles/dataset-profile';
import { profileDataset } from '../profiles/profile-dataset';
import type { ProfileOptions } from '../profiles/profile-dataset';
import { requireUsableReference } from '../profiles/usable-reference';
import type { ExpectationConfig, ExpectationSuite } from './suite';

/** The knobs of inference; the defaults are the documented rules. */
export interface InferOptions {
  suiteName?: string;
  /** Row count band as factors of the reference's rows; default [0.25, 4] (a 30 % hold-out of a 70 % split passes). */
  rowCountFactors?: readonly [number, number];
  /** Null share tolerated in a column whose reference has no nulls; default 0.01. */
  nullTolerance?: number;
  /** Largest categorical value set written as expect_column_values_to_be_in_set; default 20. */
  maxValueSet?: number;
  /**
   * Standard errors a column mean (or a heavy-tailed column's median) may move before it fails; default 4 — two-sided, about 6 in a hundred thousand per
   * column for a normal mean, so a suite of many columns still rarely fails fresh data of the same source.
   */
  centreStandardErrors?: number;
}

const DEFAULTS: Required<Omit<InferOptions, 'suiteName'>> = {
  rowCountFactors: [0.25, 4],
  nullTolerance: 0.01,
  maxValueSet: 20,
  centreStandardErrors: 4,
};

/**
 * Proposes a suite from a reference profile (rules in validate-data's README):
 * - the table: its column set (exact match) and a row count within [0.25×, 4×] the reference's;
 * - a column with null share s < 0.5: not null, tolerating twice s or its noise in the smallest batch;
 * - numeric: of type int or float; values between the observed extremes widened by twice each tail past the
 *   10th/90th percentile (KLL sketch), at least (0.1 + 2/√n) of the range; never below 0 for a column never
 *   negative; no bound on a heavy side. A mean within k standard errors of a difference between the reference's
 *   n rows and the smallest batch the row band accepts (a median, in rank, for a heavy-tailed column) — so a
 *   one-standard-deviation shift fails from n ≈ 80;
 * - categorical with at most 20 distinct values (all seen exactly): values in that set, mostly;
 * - boolean and datetime: of type bool / datetime. Datetimes get no range: new data is usually later.
 * Every proposal carries `meta.inferred`, the rule that made it, so a reviewer can judge it.
 */
export function inferSuite(profile: DatasetProfile, options: InferOptions = {}): ExpectationSuite {
  const settings = { ...DEFAULTS, ...options };
  const columns = [...profile.columns.keys()];
  const expectations: ExpectationConfig[] = [
    proposal(
      'expect_table_columns_to_match_set',
      { column_set: columns, exact_match: true },
      'the reference columns',
    ),
  ];
  const [low, high] = settings.rowCountFactors;
  const smallestBatch = Math.max(1, Math.floor(profile.rows * low));
  if (profile.rows > 0) {
    expectations.push(
      proposal(
        'expect_table_row_count_to_be_between',
        { min_value: smallestBatch, max_value: Math.ceil(profile.rows * high) },
        `${low}× to ${high}× the reference's ${profile.rows} rows`,
      ),
    );
  }
  for (const column of profile.columns.values()) {
    expectations.push(...columnProposals(column, settings, smallestBatch));
  }
  return {
    expectation_suite_name: options.suiteName ?? 'inferred',
    expectations,
    meta: { inferred_from: profile.files.map((file) => file.path), reference_rows: profile.rows },
  };
}

function proposal(type: string, kwargs: Record<string, unknown>, why: string): ExpectationConfig {
  return { expectation_type: type, kwargs, meta: { inferred: why } };
}

function columnProposals(
  column: ColumnProfile,
  settings: typeof DEFAULTS,
  smallestBatch: number,
): ExpectationConfig[] {
  const proposals: ExpectationConfig[] = [];
  const { name } = column;
  if (column.count === 0) return proposals;
  const nullShare = column.nulls / column.count;
  if (nullShare < 0.5) {
    // Twice the reference share, or its binomial noise in the smallest accepted batch if that is larger.
    const noise = nullShare + 4 * Math.sqrt((nullShare * (1 - nullShare)) / smallestBatch);
    const tolerated = Math.max(2 * nullShare, noise, settings.nullTolerance, unseenShare(column.count));
    const mostly = Math.max(0, Math.floor((1 - tolerated) * 100 + 1e-9) / 100);
    const why =
      nullShare === 0
        ? 'no nulls in the reference'
        : `${(100 * nullShare).toFixed(2)}% nulls in the reference, ${(100 * (1 - mostly)).toFixed(0)}% tolerated`;
    proposals.push(proposal('expect_column_values_to_not_be_null', { column: name, mostly }, why));
  }
  const nonNull = column.count - column.nulls;
  if (nonNull === 0) return proposals;
  if (column.kind === 'numeric' && column.moments && column.moments.count > 0) {
    proposals.push(...numericProposals(column, column.moments, settings, smallestBatch));
  } else if (
    column.kind === 'categorical' &&
    column.frequent?.exact &&
    column.frequent.size <= settings.maxValueSet
  ) {
    const values = column.frequent
      .items()
      .map((item) => item.value)
      .sort();
    proposals.push(
      proposal(
        'expect_column_values_to_be_in_set',
        { column: name, value_set: values, mostly: 1 - unseenShare(nonNull) },
        `the ${values.length} reference values; ${percent(unseenShare(nonNull))} unseen values tolerated`,
      ),
    );
  } else if (column.kind === 'boolean' || column.kind === 'datetime') {
    proposals.push(
      proposal(
        'expect_column_values_to_be_of_type',
        { column: name, type_: column.kind === 'boolean' ? 'bool' : 'datetime' },
        'the reference values',
      ),
    );
  }
  return proposals;
}

function numericProposals(
  column: ColumnProfile,
  moments: Moments,
  settings: typeof DEFAULTS,
  smallestBatch: number,
): ExpectationConfig[] {
  const { name } = column;
  const n = moments.count;
  const integers = column.typeCounts[CellType.Integer] === n;
  const unseen = unseenShare(n);
  const proposals = [
    proposal(
      'expect_column_values_to_be_of_type',
      integers ? { column: name, type_: 'int', mostly: 1 - unseen } : { column: name, type_: 'float' },
      integers
        ? `all ${n} reference values integers; ${percent(unseen)} fractions tolerated`
        : 'the reference values',
    ),
  ];
  const { min, max } = moments;
  const sketch = column.quantiles;
  const [p10, p50, p90] = (sketch && sketch.n > 0 ? sketch.quantiles([0.1, 0.5, 0.9]) : [min, 0, max]) as [
    number,
    number,
    number,
  ];
  // A tail reaching further past the 10th/90th percentile than 5 times their distance is heavy: a sample's
  // extreme there says little about the next batch's, so that side gets no bound (and the centre a median).
  const scale = p90 - p10;
  const heavyLow = !(p10 - min <= 5 * scale) || scale === 0;
  const heavyHigh = !(max - p90 <= 5 * scale) || scale === 0;
  // A new batch's extremes pass the reference's, by more in long tails and small samples: each side widens by
  // twice its tail beyond the 10th/90th percentile, and by at least a share of the range shrinking as 1/√n to 10 %.
  const share = 0.1 + 2 / Math.sqrt(n);
  const range = max - min;
  const padLow = range > 0 ? Math.max(range * share, 2 * (p10 - min)) : Math.max(Math.abs(min) * 0.1, 1);
  const padHigh = range > 0 ? Math.max(range * share, 2 * (max - p90)) : Math.max(Math.abs(max) * 0.1, 1);
  const neverNegative = min >= 0;
  let low: number | null = heavyLow ? null : integers ? Math.floor(min - padLow) : roundDown(min - padLow);
  if (neverNegative) low = Math.max(low ?? 0, 0);
  const high: number | null = heavyHigh ? null : integers ? Math.ceil(max + padHigh) : roundUp(max + padHigh);
  if (low !== null || high !== null) {
    const sides = [
      low === null
        ? null
        : heavyLow
          ? 'never below 0 as the reference'
          : `min ${min} less ${formatted(padLow)}${neverNegative ? ', not below 0' : ''}`,
      high === null ? `no upper bound (heavy tail to ${max})` : `max ${max} plus ${formatted(padHigh)}`,
    ];
    proposals.push(
      proposal(
        'expect_column_values_to_be_between',
        { column: name, min_value: low, max_value: high, mostly: 0.99 },
        `${sides.filter((side) => side !== null).join('; ')}; 1% outside tolerated`,
      ),
    );
  }
  const k = settings.centreStandardErrors;
  const sd = moments.standardDeviation();
  if (n < 2 || !(sd > 0)) return proposals;
  if (heavyLow || heavyHigh) {
    // Distribution-free: the batch median's rank in the reference moves by about 0.5·√(1/n + 1/m).
    if (!sketch || scale === 0) return proposals;
    const rankShift = k * 0.5 * Math.sqrt(1 / n + 1 / smallestBatch) + 2 * sketch.normalizedRankError;
    const [lowMedian, highMedian] = sketch.quantiles([
      Math.max(0, 0.5 - rankShift),
      Math.min(1, 0.5 + rankShift),
    ]) as [number, number];
    proposals.push(
      proposal(
        'expect_column_median_to_be_between',
        {
          column: name,
          min_value: roundDown(lowMedian, highMedian - lowMedian),
          max_value: roundUp(highMedian, highMedian - lowMedian),
        },
        `reference median ${formatted(p50)}, within ±${rankShift.toFixed(3)} in rank (heavy tail: a median, not a mean)`,
      ),
    );
    return proposals;
  }
  const standardError = sd * Math.sqrt(1 / n + 1 / smallestBatch);
  const mean = moments.mean;
  proposals.push(
    proposal(
      'expect_column_mean_to_be_between',
      {
        column: name,
        min_value: roundDown(mean - k * standardError, k * standardError),
        max_value: roundUp(mean + k * standardError, k * standardError),
      },
      `reference mean ${formatted(mean)} ± ${k} standard errors (sd ${formatted(sd)}, ${n} reference rows, batches from ${smallestBatch} rows)`,
    ),
  );
  return proposals;
}

/** Share of new values a reference of n never showed that still passes: the rule of three, doubled, at least 1 %. */
function unseenShare(n: number): number {
  return Math.ceil(Math.max(0.01, 6 / n) * 100) / 100;
}

function percent(share: number): string {
  return `${Number((100 * share).toFixed(1))}%`;
}

function formatted(value: number): string {
  return Number(value.toPrecision(4)).toString();
}

/**
 * Rounds outwards to 3 significant digits of `scale` (by default the value itself), so bounds read cleanly and
 * still contain what they bound; a mean's bounds round on the width of their band, not on the mean.
 */
function roundDown(value: number, scale = value): number {
  const step = roundingStep(scale);
  return Number((Math.floor(value / step) * step).toPrecision(12));
}

function roundUp(value: number, scale = value): number {
  const step = roundingStep(scale);
  return Number((Math.ceil(value / step) * step).toPrecision(12));
}

function roundingStep(scale: number): number {
  return 10 ** (Math.floor(Math.log10(Math.abs(scale) || 1)) - 2);
}

/**
 * The reference profile: read from a profile.json (written by profile-data), or computed from data files.
 * A single `.json` path is a profile when its first bytes declare the profile schema; otherwise it is data.
 */
export async function loadReferenceProfile(
  reference: string | readonly string[],
  options: ProfileOptions = {},
): Promise<DatasetProfile> {
  const paths = typeof reference === 'string' ? [reference] : reference;
  const [only] = paths;
  if (
    paths.length === 1 &&
    only !== undefined &&
    /\.json$/i.test(only) &&
    (await declaresProfile(only, options.cwd))
  ) {
    const path = resolve(options.cwd ?? process.cwd(), only);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new Error(
        `${only}: not valid JSON (${(error as Error).message}) — pass a profile.json written by profile-data`,
      );
    }
    let profile: DatasetProfile;
    try {
      profile = DatasetProfile.fromJSON(json);
    } catch (error) {
      throw new Error(`${only}: ${(error as Error).message}`);
    }
    return requireUsableReference(profile, only);
  }
  return requireUsableReference(await profileDataset(paths, options), paths.join(', '));
}

async function declaresProfile(path: string, cwd = process.cwd()): Promise<boolean> {
  const handle = await open(resolve(cwd, path)).catch(() => null);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const schema = PROFILE_SCHEMA.replace('/', '\\/');
    return new RegExp(`"schema"\\s*:\\s*"${schema}"`).test(head.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}
