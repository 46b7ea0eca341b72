import { openDataset } from '@mlops-actions/data';
import type { CellType, DataBatch, Dataset } from '@mlops-actions/data';
import type { DatasetProfile } from '../dataset-profile';
import { profileDataset } from '../profile-dataset';
import type { ProfileOptions } from '../profile-dataset';
import { EXPECTATIONS } from './catalog';
import { ColumnMapTally } from './column-map-tally';
import { DistinctValues } from './distinct-values';
import { ExpectationError } from './kwargs';
import { Cell } from './plan';
import type { Plan } from './plan';
import { exceptionResult, NO_EXCEPTION, suiteStatistics } from './result';
import type { ExpectationResult, ValidationResult } from './result';
import type { ExpectationConfig, ExpectationSuite } from './suite';

/** Options of the data read and of the profile computed alongside (sketch sizes, kinds). */
export type ValidateOptions = ProfileOptions;

type Planned = { config: ExpectationConfig; plan: Plan } | { config: ExpectationConfig; error: string };

/**
 * Validates a dataset against a suite in ONE streaming pass: every batch goes both to the column map
 * tallies (cell-level expectations, with the place of the first unexpected cells) and to the dataset
 * profile, from which the aggregate expectations are read afterwards. An expectation that cannot run
 * (bad kwargs, unknown column, wrong kind) becomes a failed result with `exception_info`; unreadable data
 * rejects with the reader's DataError (file:line:column).
 */
export async function validateDataset(
  data: string | readonly string[] | Dataset,
  suite: ExpectationSuite,
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const planned = suite.expectations.map(plan);
  const dataset =
    typeof data === 'string' || Array.isArray(data)
      ? await openDataset(data as string[], options)
      : (data as Dataset);
  const pass = new CellPass(planned);
  const profile = await profileDataset(
    observe(dataset, (batch) => pass.add(batch)),
    options,
  );
  const columns = [...(dataset.columns ?? [])];
  const results = planned.map((entry) => evaluate(entry, columns, profile, pass));
  return {
    success: results.every((result) => result.success),
    statistics: suiteStatistics(results),
    results,
    meta: {
      expectation_suite_name: suite.expectation_suite_name,
      rows: profile.rows,
      columns,
      files: profile.files.map(({ path, rows, sha256 }) => ({ path, rows, sha256 })),
      warnings: profile.warnings,
      validation_time: new Date().toISOString(),
    },
  };
}

function plan(config: ExpectationConfig): Planned {
  const planner = EXPECTATIONS[config.expectation_type];
  if (!planner) return { config, error: `unknown expectation type "${config.expectation_type}"` };
  try {
    return { config, plan: planner(config.kwargs) };
  } catch (error) {
    if (error instanceof ExpectationError) return { config, error: error.message };
    throw error;
  }
}

/**
 * The dataset as profileDataset sees it, with every batch also handed to `onBatch` first: the profile and
 * the cell checks share one read of the files.
 */
function observe(dataset: Dataset, onBatch: (batch: DataBatch) => void): Dataset {
  return new Proxy(dataset, {
    get(target, key) {
      if (key === Symbol.asyncIterator) {
        return async function* () {
          for await (const batch of target) {
            onBatch(batch);
            yield batch;
          }
        };
      }
      return Reflect.get(target, key, target);
    },
  });
}

/** Feeds each batch's cells to the column map tallies and distinct-value sets, one column scan each. */
class CellPass {
  readonly tallies = new Map<ExpectationConfig, ColumnMapTally>();
  readonly distinct = new Map<string, DistinctValues>();
  private byColumn:
    { index: number; tallies: ColumnMapTally[]; distinct: DistinctValues | undefined }[] | null = null;
  private rowsBefore = 0;
  private types = new Uint8Array(0);
  private values = new Float64Array(0);
  private readonly cell = new Cell();

  constructor(private readonly planned: readonly Planned[]) {}

  add(batch: DataBatch): void {
    this.byColumn ??= this.bind(batch.columns);
    if (this.types.length < batch.length) {
      this.types = new Uint8Array(batch.length);
      this.values = new Float64Array(batch.length);
    }
    const { types, values, cell } = this;
    for (const { index, tallies, distinct } of this.byColumn) {
      batch.scanColumn(index, types, values);
      for (let row = 0; row < batch.length; row++) {
        cell.moveTo(batch, index, row, types[row] as CellType, values[row] as number, this.rowsBefore + row);
        for (const tally of tallies) tally.add(cell);
        distinct?.add(cell.type, cell.value, () => cell.text);
      }
    }
    this.rowsBefore += batch.length;
  }

  /** Groups the work by column once the columns are known; plans naming absent columns get no work. */
  private bind(columns: readonly string[]) {
    const groups = new Map<
      string,
      { index: number; tallies: ColumnMapTally[]; distinct: DistinctValues | undefined }
    >();
    const group = (name: string) => {
      let entry = groups.get(name);
      if (!entry)
        groups.set(name, (entry = { index: columns.indexOf(name), tallies: [], distinct: undefined }));
      return entry;
    };
    for (const entry of this.planned) {
      if (!('plan' in entry) || entry.plan.scope === 'table' || !columns.includes(entry.plan.column))
        continue;
      const target = group(entry.plan.column);
      if (entry.plan.scope === 'column_map') {
        const tally = new ColumnMapTally(entry.plan);
        this.tallies.set(entry.config, tally);
        target.tallies.push(tally);
      } else if (entry.plan.needsDistinct && !target.distinct) {
        target.distinct = new DistinctValues();
        this.distinct.set(entry.plan.column, target.distinct);
      }
    }
    return [...groups.values()];
  }
}

function evaluate(
  entry: Planned,
  columns: readonly string[],
  profile: DatasetProfile,
  pass: CellPass,
): ExpectationResult {
  const { config } = entry;
  if (!('plan' in entry)) return exceptionResult(config, entry.error);
  const { plan } = entry;
  if (plan.scope !== 'table' && !columns.includes(plan.column)) {
    return exceptionResult(config, `no column "${plan.column}" in the data (columns: ${columns.join(', ')})`);
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
