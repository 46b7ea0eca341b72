import { exportLinearModel } from '../onnx/export-linear';
import type { LinearExportOptions } from '../onnx/export-linear';
import type { FeatureEncoding, LinearModel, LinearTask } from '../onnx/linear-model';
import { checkColumns, scanNumericColumns, usableRows } from './columns';
import type { NumericScans, TrainingColumn } from './columns';
import { columnDesign } from './design';
import type { Design, LinearFit } from './design';
import { fitEncodings } from './encodings';
import { fitLogistic } from './logistic';
import { binarySplitMetrics, splitMetrics } from './metrics';
import { resolveParams } from './params';
import type { ResolvedParams, TrainerParams } from './params';
import { positiveProbabilities, predictLinear } from './predict';
import type { LinearPredictions } from './predict';
import { fitRidge } from './ridge';
import { fitSoftmax } from './softmax';
import { trainValidationSplit } from './split';
import { encodeTarget, inferTask } from './target';
import type { EncodedTarget } from './target';
import { TrainerError } from './trainer-error';

export interface TrainInput {
  /** Feature columns, in the order the exported model declares its inputs. */
  features: readonly TrainingColumn[];
  target: TrainingColumn;
  /** Inferred from the target when absent (see `inferTask`). */
  task?: LinearTask;
  params?: TrainerParams;
  /** How the ONNX file is written (default: float inputs, tensor outputs). */
  export?: LinearExportOptions;
}

export interface TrainResult {
  task: LinearTask;
  /** The parameters used, defaults filled in (for the run record). */
  params: ResolvedParams;
  model: LinearModel;
  /** `model` as ONNX, preprocessing included (`exportLinearModel`). */
  onnx: Uint8Array;
  /**
   * `validation`: the model fitted on `rows.train` only, scored on `rows.validation` (held out).
   * `train`: the shipped model on the rows it was fitted on (`rows.fit`).
   */
  metrics: { train: Record<string, number>; validation: Record<string, number> };
  /**
   * Row indices into the input columns, ascending: the split (`train`, `validation`), the rows the
   * shipped model was fitted on (`fit`: all usable rows after a refit, else `train`), and `dropped`
   * rows, which lacked the target or a number.
   */
  rows: { train: Int32Array; validation: Int32Array; fit: Int32Array; dropped: Int32Array };
  /** The split model's predictions on `rows.validation`, in that order. */
  predictions: LinearPredictions;
  /** Newton steps (1 for ridge), whether ‖∇f‖∞ ≤ tol was reached, and ‖∇f‖∞ at the solution. */
  iterations: number;
  converged: boolean;
  gradientNorm: number;
}

/**
 * The built-in trainer: drops rows without a target or with a missing number, splits the rest
 * (seeded; stratified for classifiers), fits standardization and one-hot encoding on the training
 * rows, fits ridge (closed form), binary logistic or softmax regression (Newton), measures it on the
 * validation rows, then (refit: 1, the default) fits preprocessing and weights again on every usable
 * row and exports that model with its preprocessing to ONNX. Deterministic: the same
 * input, params and seed give bit-identical weights and ONNX bytes.
 */
export function trainLinearModel(input: TrainInput): TrainResult {
  const params = resolveParams(input.params);
  const { features, target } = input;
  // One pass over each typed column for the checks, the usable rows and the means.
  const scans = scanNumericColumns([target, ...features]);
  checkInput(features, target, scans);

  const usable = usableRows(features, target, scans);
  if (usable.length < 2) {
    throw new TrainerError(
      `target "${target.name}"`,
      `only ${usable.length} rows have a target and every numeric feature`,
      'give at least 2 complete rows',
    );
  }
  const task = input.task ?? inferTask(target, usable, params.max_classes);
  const encoded = encodeTarget(target, usable, task);
  const split = trainValidationSplit(
    usable.length,
    params.validation_fraction,
    params.seed,
    encoded.task === 'regression' ? undefined : encoded.labels,
  );
  const trainRows = split.train.map((i) => usable[i] as number);
  const validationRows = split.validation.map((i) => usable[i] as number);

  let splitModel: ReturnType<typeof fitOnRows> | undefined = fitOnRows(
    features,
    trainRows,
    subsetTarget(encoded, split.train),
    task,
    params,
    scans,
  );
  const validationDesign = buildDesign(splitModel.model.features, features, validationRows);
  const predictions = predictLinear(splitModel.model, validationDesign);
  // The validation rows measured the model; the shipped one learns from them too unless told not to.
  const refit = params.refit === 1 && validationRows.length > 0;
  // Let the split's design go before the refit builds one over every row.
  if (refit) splitModel = undefined;
  const shipped = refit
    ? fitOnRows(features, usable, subsetTarget(encoded, allPositions(usable.length)), task, params, scans)
    : splitModel!;
  const { model, fit } = shipped;
  return {
    task,
    params,
    model,
    onnx: exportLinearModel(model, input.export),
    metrics: {
      // On every fitted row: a binary model's metrics from its class-1 probabilities alone (N, not N × 2).
      train:
        shipped.target.task === 'binary'
          ? binarySplitMetrics(shipped.target.labels, positiveProbabilities(model, shipped.design))
          : splitMetrics(shipped.target, predictLinear(model, shipped.design)),
      validation: splitMetrics(subsetTarget(encoded, split.validation), predictions),
    },
    rows: {
      train: trainRows,
      validation: validationRows,
      fit: refit ? usable : trainRows,
      dropped: droppedRows(target.values.length, usable),
    },
    predictions,
    iterations: fit.iterations,
    converged: fit.converged,
    gradientNorm: fit.gradientNorm,
  };
}

/** Preprocessing and weights fitted on `rows` (indices into the columns), with the design it used. */
function fitOnRows(
  features: readonly TrainingColumn[],
  rows: Int32Array,
  target: EncodedTarget,
  task: LinearTask,
  params: ResolvedParams,
  scans: NumericScans,
): { model: LinearModel; fit: LinearFit; design: Design; target: EncodedTarget } {
  const encodings = fitEncodings(features, rows, params.max_categories, scans);
  checkEncodings(encodings);
  const design = buildDesign(encodings, features, rows);
  const fit = fitModel(design, target, params);
  const model: LinearModel = {
    task,
    features: encodings,
    weights: fit.weights,
    intercepts: fit.intercepts,
    ...(target.task === 'regression' ? {} : { classes: target.classes }),
  };
  return { model, fit, design, target };
}

function allPositions(n: number): Int32Array {
  const positions = new Int32Array(n);
  for (let i = 0; i < n; i++) positions[i] = i;
  return positions;
}

function checkInput(features: readonly TrainingColumn[], target: TrainingColumn, scans: NumericScans): void {
  if (features.length === 0)
    throw new TrainerError('features', 'none given', 'give at least one feature column');
  if (features.some((f) => f.name === target.name)) {
    throw new TrainerError(
      `column "${target.name}"`,
      'is both the target and a feature',
      'drop it from the features',
    );
  }
  checkColumns([target, ...features], target.values.length, scans);
}

function checkEncodings(encodings: readonly FeatureEncoding[]): void {
  const empty = encodings.find((e) => e.kind === 'categorical' && e.categories.length === 0);
  if (empty) {
    throw new TrainerError(`column "${empty.name}"`, 'has no values in the training rows', 'drop the column');
  }
}

function buildDesign(
  encodings: readonly FeatureEncoding[],
  features: readonly TrainingColumn[],
  rows: Int32Array,
): Design {
  return columnDesign(encodings, features, rows);
}

function subsetTarget(target: EncodedTarget, positions: Int32Array): EncodedTarget {
  if (target.task === 'regression') {
    return { task: 'regression', values: Float64Array.from(positions, (i) => target.values[i] as number) };
  }
  return { ...target, labels: positions.map((i) => target.labels[i] as number) };
}

function fitModel(design: Design, target: EncodedTarget, params: ResolvedParams): LinearFit {
  const newton = { maxIter: params.max_iter, tol: params.tol };
  if (target.task === 'regression') return fitRidge(design, target.values, params.l2);
  if (target.task === 'binary') return fitLogistic(design, target.labels, params.l2, newton);
  return fitSoftmax(design, target.labels, target.classes.length, params.l2, newton);
}

function droppedRows(total: number, usable: Int32Array): Int32Array {
  const kept = new Uint8Array(total);
  for (const row of usable) kept[row] = 1;
  const dropped: number[] = [];
  for (let row = 0; row < total; row++) if (!kept[row]) dropped.push(row);
  return Int32Array.from(dropped);
}
