import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { paramEnv, type Params } from './params';

/** What a user's training command is told, by the train action and the CLI alike. */
export interface TrainingCommandSettings {
  modelName: string;
  params: Params;
  /** The parameters as a JSON file (MLOPS_PARAMS). */
  paramsFile: string;
  dataFiles: readonly string[];
  target: string;
  task: string;
  modelPath: string;
  metricsPath: string;
  /** The feature order the model must take (train's `features`); empty when not given. */
  features?: readonly string[];
}

/**
 * The `MLOPS_*` environment of a training command: each parameter (MLOPS_PARAM_<NAME>) and the
 * whole set (MLOPS_PARAMS), the data files one per line (MLOPS_DATA), target, task, model name,
 * where to write the model and metrics, and the feature order, comma-separated (MLOPS_FEATURES).
 */
export function trainingCommandEnv(settings: TrainingCommandSettings): Record<string, string> {
  return {
    ...paramEnv(settings.params),
    MLOPS_PARAMS: settings.paramsFile,
    MLOPS_DATA: settings.dataFiles.join('\n'),
    MLOPS_TARGET: settings.target,
    MLOPS_TASK: settings.task,
    MLOPS_MODEL_NAME: settings.modelName,
    MLOPS_MODEL_PATH: settings.modelPath,
    MLOPS_METRICS_PATH: settings.metricsPath,
    MLOPS_FEATURES: (settings.features ?? []).join(','),
  };
}

/**
 * The metrics a training run wrote: a JSON object. No file is no metrics (said through `warn`); a
 * file that is not a JSON object is an error naming it — the same rule for the action and the CLI.
 */
export async function readMetricsFile(
  path: string,
  warn: (line: string) => void,
): Promise<Record<string, unknown>> {
  if (!existsSync(path)) {
    warn(`No metrics at ${path}: the run record will have none. Write a JSON object there to record them.`);
    return {};
  }
  try {
    const metrics: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics))
      throw new Error('not a JSON object');
    return metrics as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${path}: the metrics must be a JSON object — ${(error as Error).message}`);
  }
}
