import { exportLinearModel } from '../onnx/export-linear';
import type { LinearExportOptions } from '../onnx/export-linear';
import { designColumns, designMatrix } from '../onnx/linear-model';
import type { FeatureEncoding, LinearModel, LinearTask } from '../onnx/linear-model';
import { checkColumns, usableRows } from './columns';
import type { TrainingColumn } from './columns';
import type { Design, LinearFit } from './design';
import { fitEncodings, selectRows } from './encodings';
import { fitLogistic } from './logistic';
import { splitMetrics } from './metrics';
import { resolveParams } from './params';
import type { ResolvedParams, TrainerParams } from './params';
import { predictLinear } from './predict';
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
  metrics: { train: Record<string, number>; validation: Record<string, number> };
  /** Row indices into the input columns, ascending; `dropped` rows lacked the target or a number. */
  rows: { train: Int32Array; validation: Int32Array; dropped: Int32Array };
  /** The trainer's predictions on `rows.validation`, in that order. */
  predictions: LinearPredictions;
  /** Newton steps (1 for ridge), whether ‖∇f‖∞ ≤ tol was reached, and ‖∇f‖∞ at the solution. */
  iterations: number;
  converged: boolean;
  gradientNorm: number;
}

/**
 * The built-in trainer: drops rows without a target or with a missing number, splits the rest
 * (seeded; stratified for classifiers), fits standardization and one-hot encoding on the training
 * rows, fits ridge (closed form), binary logistic or softmax regression (Newton), computes metrics
 * on both sides and exports the model with its preprocessing to ONNX. Deterministic: the same
 * input, params and seed give bit-identical weights and ONNX bytes.
 */
export function trainLinearModel(input: TrainInput): TrainResult {
  const params = resolveParams(input.params);
  const { features, target } = input;
  checkInput(features, target);

  const usable = usableRows(features, target);
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

  const encodings = fitEncodings(features, trainRows, params.max_categories);
  checkEncodings(encodings);
  const trainDesign = buildDesign(encodings, features, trainRows);
  const trainTarget = subsetTarget(encoded, split.train);
  const fit = fitModel(trainDesign, trainTarget, params);

  const model: LinearModel = {
    task,
    features: encodings,
    weights: fit.weights,
    intercepts: fit.intercepts,
    ...(encoded.task === 'regression' ? {} : { classes: encoded.classes }),
  };
  const validationDesign = buildDesign(encodings, features, validationRows);
  const predictions = predictLinear(model, validationDesign);
  return {
    task,
    params,
    model,
    onnx: exportLinearModel(model, input.export),
    metrics: {
      train: splitMetrics(trainTarget, predictLinear(model, trainDesign)),
      validation: splitMetrics(subsetTarget(encoded, split.validation), predictions),
    },
    rows: {
      train: trainRows,
      validation: validationRows,
      dropped: droppedRows(target.values.length, usable),
    },
    predictions,
    iterations: fit.iterations,
    converged: fit.converged,
    gradientNorm: fit.gradientNorm,
  };
}

function checkInput(features: readonly TrainingColumn[], target: TrainingColumn): void {
  if (features.length === 0)
    throw new TrainerError('features', 'none given', 'give at least one feature column');
  if (features.some((f) => f.name === target.name)) {
    throw new TrainerError(
      `column "${target.name}"`,
      'is both the target and a feature',
      'drop it from the features',
    );
  }
  checkColumns([target, ...features], target.values.length);
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
  return {
    x: designMatrix(encodings, selectRows(features, rows), rows.length),
    rows: rows.length,
    columns: designColumns(encodings).length,
  };
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
