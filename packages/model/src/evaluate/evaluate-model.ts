import { DataError, readColumns, readHeader, type ColumnTable } from '@mlops-actions/data';
import {
  evaluatePredictions,
  type Evaluation,
  type GateSpec,
  type MetricTask,
  type ModelReference,
  type Predictions,
} from '@mlops-actions/stats';
import {
  loadModel,
  mergeScoringSpecs,
  type LoadModelOptions,
  type OutputOptions,
  type Scores,
  type ScoringModel,
  type ScoringSpec,
} from '../scoring/index';
import { modelInputs, oneRowAtATimeNotice, scoreTable } from './model-inputs';

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
  /** How to score the candidate where it does not say (features, output kind, classes). */
  scoring?: ScoringSpec;
  /** The same for the baseline; its feature order defaults to the candidate's. */
  baselineScoring?: ScoringSpec;
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
  const scoring = options.scoring ?? {};
  const baselineScoring = mergeScoringSpecs(options.baselineScoring, { features: scoring.features });
  const candidate = await loadModel(options.model, {
    ...options.runtime,
    outputs: outputOptions(options.task, scoring),
  });
  let baseline: ScoringModel | undefined;
  try {
    baseline = options.baseline
      ? await loadModel(options.baseline, {
          ...options.runtime,
          outputs: outputOptions(options.task, baselineScoring),
        })
      : undefined;
    const notOfData = [options.target, ...(options.slices ?? [])];
    const candidateInputs = await modelInputs(candidate, scoring.features, options.data, notOfData);
    const baselineInputs = baseline
      ? await modelInputs(
          baseline,
          options.baselineScoring?.features ?? (baseline.recordedFeatureOrder ? undefined : scoring.features),
          options.data,
          notOfData,
        )
      : undefined;
    const needed = [
      ...new Set([
        ...candidateInputs.columns,
        ...(baselineInputs?.columns ?? []),
        options.target,
        ...(options.slices ?? []),
      ]),
    ];
    const table = await readColumns(options.data, needed);
    if (table.rows === 0) throw new Error(`${options.data.join(', ')}: no data rows to evaluate.`);
    // The data's own columns: how many were read of how many the file has (the target and
    // slices count once, whichever models read them).
    const fileColumns = (await readHeader(options.data)).length;
    log(
      `Read ${table.rows.toLocaleString('en-US')} rows: ${table.columns.size} of the data's ${fileColumns} column${fileColumns === 1 ? '' : 's'}.`,
    );
    for (const model of [candidate, baseline]) {
      const notice = model ? oneRowAtATimeNotice(model) : undefined;
      if (notice) log(notice);
    }

    const candidateScores = await scoreTable(candidate, table, candidateInputs, options.model);
    const baselineScores =
      baseline && baselineInputs
        ? await scoreTable(baseline, table, baselineInputs, options.baseline!)
        : undefined;
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
    await candidate.release();
    await baseline?.release();
  }
}

function outputOptions(task: MetricTask | undefined, spec: ScoringSpec): OutputOptions {
  return {
    ...(task ? { task } : {}),
    ...(spec.outputKind ? { outputKind: spec.outputKind } : {}),
    ...(spec.classes ? { classes: spec.classes } : {}),
  };
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
        "check the target column and the model; if the model's outputs carry no class labels (0..K−1), name them with `classes` (--classes) in output order",
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
