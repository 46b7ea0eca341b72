import { DataError, readColumns, type ColumnTable } from '@mlops-actions/data';
import {
  evaluatePredictions,
  type Evaluation,
  type GateSpec,
  type MetricTask,
  type ModelReference,
  type Predictions,
} from '@mlops-actions/stats';
import type { RawColumn } from '../onnx/linear-model';
import {
  loadModel,
  ScoringError,
  type LoadModelOptions,
  type Scores,
  type ScoringModel,
} from '../scoring/index';
import { FLOAT_TYPES } from '../scoring/signature';

export interface EvaluateModelOptions {
  /** The candidate ONNX model file. */
  model: string;
  /** A baseline ONNX model scored on the same rows. */
  baseline?: string;
  data: readonly string[];
  /** The column holding the truth. */
  target: string;
  /** Default: from the model (two classes → binary, more → multiclass, else regression). */
  task?: MetricTask;
  metrics?: readonly string[];
  threshold?: number;
  bootstrap?: { resamples?: number; confidence?: number; seed?: number };
  gates?: GateSpec;
  slices?: readonly string[];
  minSliceSize?: number;
  /** How to get onnxruntime: the installed module or the fetched runtime's location. */
  runtime: Pick<LoadModelOptions, 'ort' | 'runtime'>;
  modelReference?: ModelReference;
  baselineReference?: ModelReference;
  log?: (line: string) => void;
}

/**
 * Scores a candidate (and a baseline) ONNX model on the same data rows and evaluates them: the
 * metrics of the task, paired intervals, the paired test, gates and slices (`evaluation.json`).
 */
export async function evaluateModel(options: EvaluateModelOptions): Promise<Evaluation> {
  const log = options.log ?? (() => undefined);
  const candidate = await loadModel(options.model, options.runtime);
  const baseline = options.baseline ? await loadModel(options.baseline, options.runtime) : undefined;
  try {
    const needed = [
      ...inputColumns(candidate),
      ...(baseline ? inputColumns(baseline) : []),
      options.target,
      ...(options.slices ?? []),
    ];
    const table = await readColumns(options.data, needed);
    if (table.rows === 0) throw new Error(`${options.data.join(', ')}: no data rows to evaluate.`);
    log(`Read ${table.rows.toLocaleString('en-US')} rows of ${needed.length} columns.`);

    const candidateScores = await scoreTable(candidate, table, options.model);
    const baselineScores = baseline ? await scoreTable(baseline, table, options.baseline!) : undefined;
    const task = options.task ?? taskOf(candidateScores);
    const truth = truthValues(table, options.target, task, candidateScores);
    const slices = (options.slices ?? []).map((column) => ({ column, values: table.columns.get(column)! }));
    return evaluatePredictions({
      task,
      truth: truth.values,
      candidate: predictionsOf(candidateScores, task, truth.classes, options.model),
      ...(baselineScores && options.baseline
        ? { baseline: predictionsOf(baselineScores, task, truth.classes, options.baseline) }
        : {}),
      model: options.modelReference ?? { name: 'model', path: options.model },
      ...(options.baseline
        ? { baselineModel: options.baselineReference ?? { name: 'baseline', path: options.baseline } }
        : {}),
      ...(options.metrics ? { metrics: options.metrics } : {}),
      ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
      ...(options.bootstrap ? { bootstrap: options.bootstrap } : {}),
      ...(options.gates ? { gates: options.gates } : {}),
      slices,
      sliceOptions: { minRows: options.minSliceSize ?? 30 },
      // Names the classes in the prediction profile (drift-check's reference of prediction drift).
      ...(truth.classes.length > 0 ? { classes: truth.classes } : {}),
    });
  } finally {
    candidate.release();
    baseline?.release();
  }
}

/**
 * Scores the table's rows. A row the model gives no finite output for (NaN, ±Infinity) is an error at
 * that row's file and line, naming the inputs it lacks: a model trained without missing values (the
 * built-in trainer drops those rows) returns NaN for them, and "row 8" alone did not say where or why.
 */
export async function scoreTable(model: ScoringModel, table: ColumnTable, source: string): Promise<Scores> {
  try {
    return await model.score(modelColumns(model, table));
  } catch (error) {
    if (!(error instanceof ScoringError) || error.row === undefined || error.row >= table.rows) throw error;
    const row = error.row;
    const { file, line } = table.locate(row);
    const missing = inputColumns(model).filter((name) => table.columns.get(name)?.[row] === null);
    const lacks =
      missing.length === 0
        ? ''
        : `; its ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`;
    // "output "p" is NaN at row 8 — check that row's inputs": the place is now the file's line.
    const what = error.message.slice(error.model.length + 2).replace(/ at row \d+ — .*$/, '');
    throw new DataError(
      { file, line, column: 1 },
      `${source} gives no finite output for this row (${what})${lacks}`,
      missing.length === 0
        ? "check the row's values against the data the model was trained on"
        : 'the model cannot score missing values: fill them (e.g. with the training mean) or drop those rows',
    );
  }
}

export function inputColumns(model: ScoringModel): string[] {
  return model.signature.inputs.map((input) => input.name);
}

/** The model's inputs from the table: numbers for float inputs (missing → NaN), texts for string inputs. */
export function modelColumns(model: ScoringModel, table: ColumnTable): Map<string, RawColumn> {
  const columns = new Map<string, RawColumn>();
  for (const input of model.signature.inputs) {
    const texts = table.columns.get(input.name)!;
    if (!FLOAT_TYPES.includes(input.type)) {
      columns.set(input.name, texts);
      continue;
    }
    const numbers = new Float64Array(texts.length);
    texts.forEach((text, row) => {
      const value = text === null ? Number.NaN : Number(text);
      if (text !== null && (text.trim() === '' || Number.isNaN(value))) {
        const { file, line } = table.locate(row);
        throw new DataError(
          { file, line, column: 1 },
          `column "${input.name}" holds "${text}", but the model takes numbers there`,
          'fix the value or leave it empty',
        );
      }
      numbers[row] = value;
    });
    columns.set(input.name, numbers);
  }
  return columns;
}

export function taskOf(scores: Scores): MetricTask {
  if (scores.task === 'regression') return 'regression';
  return scores.classes.length === 2 ? 'binary' : 'multiclass';
}

/** The truth as numbers: class indexes in the candidate's class order, or regression targets. */
function truthValues(table: ColumnTable, target: string, task: MetricTask, scores: Scores) {
  const texts = table.columns.get(target)!;
  const values = new Float64Array(texts.length);
  const classes = scores.task === 'classification' ? scores.classes.map(String) : [];
  texts.forEach((text, row) => {
    const fail = (problem: string, hint: string) => {
      const { file, line } = table.locate(row);
      throw new DataError({ file, line, column: 1 }, problem, hint);
    };
    if (text === null) fail(`the target "${target}" is missing`, 'every evaluated row needs its truth');
    if (task === 'regression') {
      const value = Number(text);
      if (text!.trim() === '' || !Number.isFinite(value))
        fail(`the target "${target}" is "${text}", not a number`, 'fix the value');
      values[row] = value;
      return;
    }
    const index = classes.indexOf(text!.trim());
    if (index < 0)
      fail(
        `the label "${text}" is not one of the model's classes (${classes.join(', ')})`,
        'check the target column and the model',
      );
    values[row] = index;
  });
  return { values, classes };
}

function predictionsOf(scores: Scores, task: MetricTask, classes: string[], source: string): Predictions {
  if (task === 'regression') {
    if (scores.task !== 'regression') throw new Error(`${source}: a classifier, but the task is regression.`);
    return { task, values: scores.predictions };
  }
  if (scores.task !== 'classification') throw new Error(`${source}: a regressor, but the task is ${task}.`);
  if (!scores.probabilities)
    throw new Error(`${source}: the model outputs no class probabilities, which the metrics need.`);
  // Probability columns follow the model's class order; line them up with the candidate's.
  const order = classes.map((label) => {
    const column = scores.classes.map(String).indexOf(label);
    if (column < 0)
      throw new Error(`${source}: has no class "${label}" (its classes: ${scores.classes.join(', ')}).`);
    return column;
  });
  const k = scores.classes.length;
  if (task === 'binary') {
    const positive = new Float64Array(scores.rows);
    for (let row = 0; row < scores.rows; row++) positive[row] = scores.probabilities[row * k + order[1]!]!;
    return { task, scores: positive };
  }
  const rows = Array.from({ length: scores.rows }, (_, row) =>
    Float64Array.from(order, (column) => scores.probabilities![row * k + column]!),
  );
  return { task, probabilities: rows };
}
