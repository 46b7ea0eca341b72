import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CellType, streamTypedColumns } from '@mlops-actions/data';
import type { DatasetProfile, NumberColumns } from '@mlops-actions/stats';
import type { LinearTask } from '../onnx/linear-model';
import {
  trainLinearModel,
  type TrainerParams,
  type TrainingColumn,
  type TrainResult,
} from '../trainer/index';
import type { Params } from './params';

export interface BuiltInTrainingOptions {
  data: readonly string[];
  /** Its kinds decide numeric vs categorical features; it holds the same data. */
  profile: DatasetProfile;
  target: string;
  /** Feature columns; default every column but the target (datetime and text columns skipped). */
  features?: readonly string[];
  task?: LinearTask;
  params: Params;
  /** The profile pass's parsed numbers (`profileDataset`'s `numbers`): when they hold every column, no second read. */
  numbers?: NumberColumns;
  log?: (line: string) => void;
}

/**
 * The built-in trainer on data files: columns by the profile's kinds (numeric → standardized,
 * categorical/boolean → one-hot), then `trainLinearModel`, whose ONNX takes the raw columns.
 */
export async function trainBuiltIn(
  options: BuiltInTrainingOptions,
): Promise<TrainResult & { features: string[] }> {
  const log = options.log ?? (() => undefined);
  const kindOf = (name: string) => trainingKind(options.profile, name);
  if (!options.profile.columns.has(options.target)) {
    throw new Error(
      `The target column "${options.target}" is not in the data (columns: ${[...options.profile.columns.keys()].join(', ')}).`,
    );
  }
  const candidates =
    options.features ?? [...options.profile.columns.keys()].filter((name) => name !== options.target);
  const features = candidates.filter((name) => {
    const kind = kindOf(name);
    if (kind === 'numeric' || kind === 'categorical' || kind === 'boolean') return true;
    log(`Skipping column "${name}" (${kind}): the built-in trainer takes numeric and categorical columns.`);
    return false;
  });
  if (features.length === 0)
    throw new Error('No usable feature columns: give numeric or categorical columns besides the target.');
  const { badNumbers, trainerParams } = readingParams(options.params);
  const names = [options.target, ...features];
  const columns =
    profiledColumns(names, kindOf, options.numbers, log) ??
    (await readTrainingColumns(options.data, names, kindOf, {
      badNumbers,
      log,
      expectedRows: options.profile.rows,
    }));
  const rows = columns.get(options.target)!.values.length;
  log(`Training on ${rows.toLocaleString('en-US')} rows with features ${features.join(', ')}.`);
  const result = trainLinearModel({
    features: features.map((name) => columns.get(name)!),
    target: columns.get(options.target)!,
    ...(options.task ? { task: options.task } : {}),
    params: trainerParams,
  });
  return { ...result, features };
}

/** Share of a column's non-null cells that must be numbers for it to be trained on as numeric. */
const NUMERIC_SHARE = 0.95;

/**
 * A column's kind for training: the profile's, except that a column whose cells are numbers but for a
 * few (≥ 95 % of its non-null cells) is numeric — the profile calls it categorical for the few strings,
 * and one-hot encoding a numeric column for a stray "n/a?" would silently change the model. Its
 * stray cells are then errors at their place (or, with bad_numbers: missing, counted missing values).
 */
function trainingKind(profile: DatasetProfile, name: string): string {
  const column = profile.column(name);
  if (column.kind !== 'categorical' && column.kind !== 'text') return column.kind;
  const types = column.typeCounts;
  const nonNull = column.count - types[CellType.Null]!;
  const numbers = types[CellType.Integer]! + types[CellType.Fractional]!;
  return nonNull > 0 && numbers >= NUMERIC_SHARE * nonNull ? 'numeric' : column.kind;
}

/**
 * `bad_numbers` is about reading, not the model: `error` (default) stops at a cell that does not parse
 * in a numeric column, naming file:line:column; `missing` reads it as missing (the row is then
 * dropped, as any row lacking a number) and logs how many there were.
 */
function readingParams(params: Params): { badNumbers: 'error' | 'missing'; trainerParams: TrainerParams } {
  const { bad_numbers: badNumbers = 'error', ...rest } = params;
  if (badNumbers !== 'error' && badNumbers !== 'missing') {
    throw new Error(`params.bad_numbers is ${JSON.stringify(badNumbers)} — give error or missing.`);
  }
  return { badNumbers, trainerParams: rest as TrainerParams };
}

/**
 * The columns from the profile pass's numbers, when every one is numeric and held only numbers and
 * nulls (the same values a second read would give); otherwise undefined, and the columns are read
 * again, which also says where a cell that is not a number sits — the log says which column.
 */
function profiledColumns(
  names: readonly string[],
  kindOf: (name: string) => string,
  numbers: NumberColumns | undefined,
  log: (line: string) => void,
): Map<string, TrainingColumn> | undefined {
  if (!numbers) return undefined;
  if (numbers.skipped) {
    log(`Reading the data again for the trainer: ${numbers.skipped}.`);
    return undefined;
  }
  const columns = new Map<string, TrainingColumn>();
  for (const name of names) {
    const numeric = kindOf(name) === 'numeric';
    const values = numeric ? numbers.get(name) : undefined;
    if (!values) {
      const why = numeric ? 'holds cells that are not numbers' : `is ${kindOf(name)}`;
      log(`Reading the data again for the trainer: column ${JSON.stringify(name)} ${why}.`);
      return undefined;
    }
    columns.set(name, { name, kind: 'numeric', values });
  }
  return columns;
}

/**
 * The columns as the trainer takes them, read as typed arrays: numeric columns (by the profile's
 * kind, inferred from a sample) as Float64Array, NaN = missing; the others as their distinct texts,
 * shared by reference. A cell of a numeric column that is not a number never turns the column
 * categorical: it is an error at its place, or (bad_numbers: missing) a counted missing value.
 */
async function readTrainingColumns(
  data: readonly string[],
  names: readonly string[],
  kindOf: (name: string) => string,
  options: { badNumbers: 'error' | 'missing'; log: (line: string) => void; expectedRows: number },
): Promise<Map<string, TrainingColumn>> {
  const numeric = names.filter((name) => kindOf(name) === 'numeric');
  // Each batch goes straight into its column, sized by the profile's row count (grown if the files
  // hold more), so the columns are the only copy: no list of batches concatenated at the end.
  let capacity = Math.max(options.expectedRows, 1);
  const numbers = new Map(numeric.map((name) => [name, sharedFloat64(capacity)]));
  const codeChunks = new Map(
    names.filter((name) => kindOf(name) !== 'numeric').map((name) => [name, [] as Int32Array[]]),
  );
  const bad = new Map<string, { count: number; file: string; line: number; text: string }>();
  let texts = new Map<string, readonly string[]>();
  let rows = 0;
  const batches = streamTypedColumns(
    data,
    names.map((name) => ({ name, kind: kindOf(name) === 'numeric' ? 'number' : 'code' })),
    {
      // Each batch is copied into the columns before the next: its arrays can be reused.
      transient: true,
      notNumber: options.badNumbers === 'missing' ? 'null' : 'error',
      notNumberMessage: (column, text) => ({
        problem: `column "${column}" is numeric by its sample, but holds "${text}"`,
        hint: 'fix the value, leave the cell empty, or read such cells as missing (params: {bad_numbers: missing})',
      }),
      onNotNumber(column, count, first) {
        const seen = bad.get(column);
        if (seen) seen.count += count;
        else bad.set(column, { count, ...first });
      },
    },
  );
  for await (const batch of batches) {
    if (rows + batch.rows > capacity) {
      capacity = Math.max(rows + batch.rows, capacity * 2);
      for (const [name, values] of numbers) {
        const grown = sharedFloat64(capacity);
        grown.set(values.subarray(0, rows));
        numbers.set(name, grown);
      }
    }
    for (const [name, values] of numbers) values.set(batch.numbers.get(name)!, rows);
    for (const [name, chunks] of codeChunks) chunks.push(batch.codes.get(name)!);
    texts = batch.texts;
    rows += batch.rows;
  }
  for (const [column, { count, file, line, text }] of bad) {
    options.log(
      `Column "${column}": ${count.toLocaleString('en-US')} cells are not numbers (first: ${JSON.stringify(text)} at ${file}:${line}); read as missing, so their rows are dropped.`,
    );
  }
  const columns = new Map<string, TrainingColumn>();
  for (const [name, values] of numbers) {
    columns.set(name, {
      name,
      kind: 'numeric',
      values: values.length === rows ? values : sharedFloat64(rows, values),
    });
  }
  for (const [name, chunks] of codeChunks) {
    const distinct = texts.get(name)!;
    const values: (string | null)[] = new Array(rows);
    let offset = 0;
    for (const chunk of chunks.splice(0)) {
      for (let i = 0; i < chunk.length; i++) values[offset + i] = chunk[i]! < 0 ? null : distinct[chunk[i]!]!;
      offset += chunk.length;
    }
    columns.set(name, { name, kind: 'categorical', values });
  }
  return columns;
}

/**
 * The built-in trainer writing where a training command would: the ONNX model and a metrics JSON
 * (train and validation metrics, split sizes, convergence). Returns a one-line description.
 */
export async function trainBuiltInToFiles(
  options: BuiltInTrainingOptions & { modelPath: string; metricsPath: string },
): Promise<{ description: string; converged: boolean; iterations: number }> {
  const trained = await trainBuiltIn(options);
  await mkdir(dirname(options.modelPath) || '.', { recursive: true });
  await writeFile(options.modelPath, trained.onnx);
  const metrics = {
    validation: trained.metrics.validation,
    train: trained.metrics.train,
    rows: {
      train: trained.rows.train.length,
      validation: trained.rows.validation.length,
      fit: trained.rows.fit.length,
      dropped: trained.rows.dropped.length,
    },
    // Which rows each block of metrics was computed on, and by which model.
    computed_on: {
      validation: `the ${trained.rows.validation.length} validation rows, by a model fitted on the ${trained.rows.train.length} training rows only`,
      train: `the ${trained.rows.fit.length} rows the shipped model was fitted on`,
    },
    converged: trained.converged,
    iterations: trained.iterations,
  };
  await writeFile(options.metricsPath, `${JSON.stringify(metrics, null, 2)}\n`);
  const model = {
    regression: 'ridge regression',
    binary: 'logistic regression',
    multiclass: 'softmax regression',
  }[trained.task];
  return {
    description: `built-in ${model} (l2=${trained.params.l2}, seed=${trained.params.seed}) on ${trained.features.join(', ')}`,
    converged: trained.converged,
    iterations: trained.iterations,
  };
}

/**
 * A Float64Array on shared memory (holding the first `length` of `from`, if given): the fit's worker
 * thread reads the columns where they are (see LogisticHalves).
 */
function sharedFloat64(length: number, from?: Float64Array): Float64Array {
  const array = new Float64Array(new SharedArrayBuffer(8 * length));
  if (from) array.set(from.subarray(0, length));
  return array;
}
