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
