import { open, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CellType } from '@mlops-actions/data';
import type { ColumnProfile } from '../profiles/column-profile';
import { DatasetProfile, PROFILE_SCHEMA } from '../profiles/dataset-profile';
import { profileDataset } from '../profiles/profile-dataset';
import type { ProfileOptions } from '../profiles/profile-dataset';
import { requireUsableReference } from '../profiles/usable-reference';
import type { ExpectationConfig, ExpectationSuite } from './suite';

/** The knobs of inference; the defaults are the documented rules. */
export interface InferOptions {
  suiteName?: string;
  /** Share of the observed range added on each side of a numeric range; default 0.1. */
  rangeMargin?: number;
  /** Row count range as factors of the reference's rows; default [0.5, 2]. */
  rowCountFactors?: readonly [number, number];
  /** Null share tolerated in a column whose reference has no nulls; default 0.01. */
  nullTolerance?: number;
  /** Largest categorical value set written as expect_column_values_to_be_in_set; default 20. */
  maxValueSet?: number;
}

const DEFAULTS: Required<Omit<InferOptions, 'suiteName'>> = {
  rangeMargin: 0.1,
  rowCountFactors: [0.5, 2],
  nullTolerance: 0.01,
  maxValueSet: 20,
};

/**
 * Proposes a suite from a reference profile (rules in the action's README):
 * - the table: its column set (exact match) and a row count within [0.5×, 2×] the reference's;
 * - a column with null share s < 0.5: not null, with `mostly` = 1 − max(2s, 0.01) rounded down to 0.01;
 * - numeric: of type int (every value an integer) or float, and between the observed min and max widened
 *   by 10% of the range on each side (integers rounded outwards);
 * - categorical with at most 20 distinct values (all seen exactly): values in that set;
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
  if (profile.rows > 0) {
    const [low, high] = settings.rowCountFactors;
    expectations.push(
      proposal(
        'expect_table_row_count_to_be_between',
        { min_value: Math.floor(profile.rows * low), max_value: Math.ceil(profile.rows * high) },
        `${low}× to ${high}× the reference's ${profile.rows} rows`,
      ),
    );
  }
  for (const column of profile.columns.values()) expectations.push(...columnProposals(column, settings));
  return {
    expectation_suite_name: options.suiteName ?? 'inferred',
    expectations,
    meta: { inferred_from: profile.files.map((file) => file.path), reference_rows: profile.rows },
  };
}

function proposal(type: string, kwargs: Record<string, unknown>, why: string): ExpectationConfig {
  return { expectation_type: type, kwargs, meta: { inferred: why } };
}

function columnProposals(column: ColumnProfile, settings: typeof DEFAULTS): ExpectationConfig[] {
  const proposals: ExpectationConfig[] = [];
  const { name } = column;
  if (column.count === 0) return proposals;
  const nullShare = column.nulls / column.count;
  if (nullShare < 0.5) {
    const mostly = Math.floor((1 - Math.max(2 * nullShare, settings.nullTolerance)) * 100 + 1e-9) / 100;
    const why =
      nullShare === 0
        ? 'no nulls in the reference'
        : `${(100 * nullShare).toFixed(2)}% nulls in the reference, twice that tolerated`;
    proposals.push(proposal('expect_column_values_to_not_be_null', { column: name, mostly }, why));
  }
  const nonNull = column.count - column.nulls;
  if (nonNull === 0) return proposals;
  if (column.kind === 'numeric' && column.moments && column.moments.count > 0) {
    const integers = column.typeCounts[CellType.Integer] === column.moments.count;
    proposals.push(
      proposal(
        'expect_column_values_to_be_of_type',
        { column: name, type_: integers ? 'int' : 'float' },
        'the reference values',
      ),
    );
    const { min, max } = column.moments;
    const pad =
      max > min ? (max - min) * settings.rangeMargin : Math.max(Math.abs(min) * settings.rangeMargin, 1);
    const low = integers ? Math.floor(min - pad) : roundDown(min - pad);
    const high = integers ? Math.ceil(max + pad) : roundUp(max + pad);
    proposals.push(
      proposal(
        'expect_column_values_to_be_between',
        { column: name, min_value: low, max_value: high },
        `reference range [${min}, ${max}] widened by ${100 * settings.rangeMargin}% each side`,
      ),
    );
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
        { column: name, value_set: values },
        `the ${values.length} reference values`,
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

/** Rounds outwards to 3 significant digits of the value, so bounds read cleanly and still contain the range. */
function roundDown(value: number): number {
  const step = 10 ** (Math.floor(Math.log10(Math.abs(value) || 1)) - 2);
  return Number((Math.floor(value / step) * step).toPrecision(12));
}

function roundUp(value: number): number {
  const step = 10 ** (Math.floor(Math.log10(Math.abs(value) || 1)) - 2);
  return Number((Math.ceil(value / step) * step).toPrecision(12));
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
