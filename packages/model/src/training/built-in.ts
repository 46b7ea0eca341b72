import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readColumns } from '@mlops-actions/data';
import type { DatasetProfile } from '@mlops-actions/stats';
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
  const kindOf = (name: string) => options.profile.column(name).kind;
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
  const table = await readColumns(options.data, [options.target, ...features]);
  const column = (name: string): TrainingColumn => {
    const texts = table.columns.get(name)!;
    if (kindOf(name) === 'numeric') {
      return { name, kind: 'numeric', values: texts.map((text) => (text === null ? null : Number(text))) };
    }
    return { name, kind: 'categorical', values: texts };
  };
  log(`Training on ${table.rows.toLocaleString('en-US')} rows with features ${features.join(', ')}.`);
  const result = trainLinearModel({
    features: features.map(column),
    target: column(options.target),
    ...(options.task ? { task: options.task } : {}),
    params: options.params as TrainerParams,
  });
  return { ...result, features };
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
      dropped: trained.rows.dropped.length,
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
