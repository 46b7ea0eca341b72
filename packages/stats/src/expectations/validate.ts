import { openDataset } from '@mlops-actions/data';
import type { Dataset } from '@mlops-actions/data';
import type { DatasetProfile } from '../profiles/dataset-profile';
import { planSharding, profileBatches, profileShards } from '../profiles/profile-dataset';
import type { ProfileOptions } from '../profiles/profile-dataset';
import { canSplitCellPass, CellPass, planExpectation } from './cell-pass';
import type { CellPassJSON, Planned } from './cell-pass';
import type { ColumnMapTally } from './column-map-tally';
import { ExpectationError } from './kwargs';
import {
  exceptionResult,
  NO_EXCEPTION,
  suiteStatistics,
  VALIDATION_RESULT_SCHEMA,
  VALIDATION_RESULT_SCHEMA_VERSION,
} from './result';
import type { ExpectationResult, ValidationResult } from './result';
import type { ExpectationSuite } from './suite';

/** Options of the data read and of the profile computed alongside (sketch sizes, kinds). */
export type ValidateOptions = ProfileOptions;

/**
 * Validates a dataset against a suite in ONE streaming pass: every batch goes both to the column map
 * tallies (cell-level expectations, with the place of the first unexpected cells) and to the dataset
 * profile, from which the aggregate expectations are read afterwards; each column is classified once for
 * both. Large plain CSV/TSV and flat Parquet inputs are read in shards on worker threads (ProfileOptions.threads) unless a
 * rule needs the cells in file order (uniqueness, increasing/decreasing). An expectation that cannot run
 * (bad kwargs, unknown column, wrong kind) becomes a failed result with `exception_info`; unreadable data
 * rejects with the reader's DataError (file:line:column).
 */
export async function validateDataset(
  data: string | readonly string[] | Dataset,
  suite: ExpectationSuite,
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const planned = suite.expectations.map(planExpectation);
  // Parquet decodes only the columns the expectations name; the others read as null, and no result
  // reads their profile (table expectations need only the header and the row count).
  const dataset =
    typeof data === 'string' || Array.isArray(data)
      ? await openDataset(data as string[], { ...options, select: namedColumns(planned) })
      : (data as Dataset);
  const pass = new CellPass(planned);
  // Large plain CSV/TSV or flat Parquet: shards on worker threads check their cells too, and the tallies
  // merge in order.
  const sharding = canSplitCellPass(planned) ? await planSharding(dataset, data === dataset, options) : null;
  const profile = sharding
    ? await profileShards(
        dataset,
        { ...sharding, task: { ...sharding.task, expectations: planned.map((entry) => entry.config) } },
        (result, place) =>
          pass.absorb(result.cells as CellPassJSON, dataset.columns ?? [], place.rowsBefore, place.firstLine),
      )
    : await profileBatches(dataset, options, pass);
  const columns = [...(dataset.columns ?? [])];
  pass.bind(columns);
  const present = new Set(columns);
  const results = planned.map((entry) => evaluate(entry, columns, present, profile, pass));
  return {
    success: results.every((result) => result.success),
    statistics: suiteStatistics(results),
    results,
    meta: {
      schema: VALIDATION_RESULT_SCHEMA,
      schemaVersion: VALIDATION_RESULT_SCHEMA_VERSION,
      expectation_suite_name: suite.expectation_suite_name,
      rows: profile.rows,
      columns,
      files: profile.files.map(({ path, rows, sha256 }) => ({ path, rows, sha256 })),
      warnings: profile.warnings,
      validation_time: new Date().toISOString(),
    },
  };
}

function evaluate(
  entry: Planned,
  columns: readonly string[],
  present: ReadonlySet<string>,
  profile: DatasetProfile,
  pass: CellPass,
): ExpectationResult {
  const { config } = entry;
  if (!('plan' in entry)) return exceptionResult(config, entry.error);
  const { plan } = entry;
  if (plan.scope !== 'table' && !present.has(plan.column)) {
    return exceptionResult(
      config,
      `no column "${plan.column}" in the data (columns: ${columnList(columns)})`,
    );
  }
  try {
    if (plan.scope === 'column_map') {
      const { success, result } = (pass.tallies.get(config) as ColumnMapTally).outcome();
      return { success, expectation_config: config, result, exception_info: NO_EXCEPTION };
    }
    if (plan.scope === 'table') {
      const { success, ...result } = plan.evaluate({ rows: profile.rows, columns });
      return { success, expectation_config: config, result, exception_info: NO_EXCEPTION };
    }
    const column = profile.column(plan.column);
    const { success, ...observed } = plan.evaluate({
      profile: column,
      distinct: pass.distinct.get(plan.column),
    });
    // GE reports the counts behind an aggregate too.
    const result = { element_count: column.count, missing_count: column.nulls, ...observed };
    return { success, expectation_config: config, result, exception_info: NO_EXCEPTION };
  } catch (error) {
    if (error instanceof ExpectationError) return exceptionResult(config, error.message);
    throw error;
  }
}

/** The data's columns for a message: the first 20 of a wide file, and how many more. */
function columnList(columns: readonly string[]): string {
  const shown = columns.slice(0, 20).join(', ');
  return columns.length > 20 ? `${shown} and ${columns.length - 20} more` : shown;
}

/** The columns the suite's column expectations name, once each. */
function namedColumns(planned: readonly Planned[]): string[] {
  const names = planned.flatMap((entry) =>
    'plan' in entry && entry.plan.scope !== 'table' ? [entry.plan.column] : [],
  );
  return [...new Set(names)];
}
