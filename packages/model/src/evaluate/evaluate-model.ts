import { DataError, readHeader, TypedReaderThread } from '@mlops-actions/data';
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
import { modelInputs, oneRowAtATimeNotice } from './model-inputs';
import { scoreDataset, type ScoredDataset } from './score-stream';

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
  // Started first, so that the reader's bundle loads while the models do (on large plain files).
  const reader = await TypedReaderThread.startFor(options.data).catch(() => null);
  try {
    return await evaluateWith(options, reader, log);
  } finally {
    reader?.release();
  }
}

async function evaluateWith(
  options: EvaluateModelOptions,
  reader: TypedReaderThread | null,
  log: (line: string) => void,
): Promise<Evaluation> {
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
    const slices = options.slices ?? [];
    // The task decides how the target is read: numbers for regression, codes of its labels otherwise.
    const regression = (options.task ?? candidate.outputs.task) === 'regression';
    const scored = await scoreDataset(
      options.data,
      [
        { model: candidate, inputs: candidateInputs, source: options.model },
        ...(baseline && baselineInputs
          ? [{ model: baseline, inputs: baselineInputs, source: options.baseline! }]
          : []),
      ],
      [
        { name: options.target, kind: regression ? 'number' : 'code' },
        ...slices.map((name) => ({ name, kind: 'code' as const })),
      ],
      reader,
    );
    if (scored.rows === 0) throw new Error(`${options.data.join(', ')}: no data rows to evaluate.`);
    const read = new Set([
      ...candidateInputs.columns,
      ...(baselineInputs?.columns ?? []),
      options.target,
      ...slices,
    ]);
    // The data's own columns: how many were read of how many the file has (the target and
    // slices count once, whichever models read them).
    const fileColumns = (await readHeader(options.data)).length;
    log(
      `Read ${scored.rows.toLocaleString('en-US')} rows: ${read.size} of the data's ${fileColumns} column${fileColumns === 1 ? '' : 's'}.`,
    );
    for (const model of [candidate, baseline]) {
      const notice = model ? oneRowAtATimeNotice(model) : undefined;
      if (notice) log(notice);
    }
    const candidateScores = scored.scores[0]!;
    const baselineScores = scored.scores[1];
    const task = options.task ?? taskOf(candidateScores);
    const truth = truthValues(scored, options.target, task, candidateScores);
    const sliceColumns = slices.map((column) => ({ column, values: sliceValues(scored, column) }));
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
      slices: sliceColumns,
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

/**
 * The truth as numbers: class indexes in the candidate's class order (each distinct label looked up
 * once, not per row), or regression targets.
 */
function truthValues(scored: ScoredDataset, target: string, task: MetricTask, scores: Scores) {
  const values = new Float64Array(scored.rows);
  const classes = scores.task === 'classification' ? scores.classes.map(String) : [];
  const fail = (row: number, problem: string, hint: string): never => {
    const { file, line } = scored.locate(row);
    throw new DataError({ file, line, column: 1 }, problem, hint);
  };
  const missing = (row: number) =>
    fail(row, `the target "${target}" is missing`, 'every evaluated row needs its truth');
  if (task === 'regression') {
    const numbers = scored.numbers.get(target);
    if (!numbers) throw new Error(`the target "${target}" was read as labels, but the task is regression`);
    for (let row = 0; row < numbers.length; row++) {
      if (Number.isNaN(numbers[row]!)) missing(row);
      values[row] = numbers[row]!;
    }
    return { values, classes };
  }
  const codes = scored.codes.get(target);
  if (!codes) throw new Error(`the target "${target}" was read as numbers, but the task is ${task}`);
  const texts = scored.texts.get(target)!;
  const classOfCode = Int32Array.from(texts, (text) => classes.indexOf(text.trim()));
  for (let row = 0; row < codes.length; row++) {
    const code = codes[row]!;
    if (code < 0) missing(row);
    const index = classOfCode[code]!;
    if (index < 0)
      fail(
        row,
        `the label "${texts[code]}" is not one of the model's classes (${classes.join(', ')})`,
        "check the target column and the model; if the model's outputs carry no class labels (0..K−1), name them with `classes` (--classes) in output order",
      );
    values[row] = index;
  }
  return { values, classes };
}

/** A slice column's value per row: its distinct texts, shared by reference (null = missing). */
function sliceValues(scored: ScoredDataset, column: string): (string | null)[] {
  const texts = scored.texts.get(column)!;
  return Array.from(scored.codes.get(column)!, (code) => (code < 0 ? null : texts[code]!));
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
  // One buffer for all rows, each row a view of it (no array per row on top of its numbers).
  const aligned = new Float64Array(scores.rows * order.length);
  for (let row = 0; row < scores.rows; row++)
    for (let c = 0; c < order.length; c++)
      aligned[row * order.length + c] = scores.probabilities[row * k + order[c]!]!;
  const rows = Array.from({ length: scores.rows }, (_, row) =>
    aligned.subarray(row * order.length, (row + 1) * order.length),
  );
  return { task, probabilities: rows };
}
