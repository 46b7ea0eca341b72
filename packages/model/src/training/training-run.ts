import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NumberColumns, type DatasetProfile } from '@mlops-actions/stats';
import { inspectOnnxFile } from '../onnx/inspect';
import { scoringRecordOf, type ScoringSpec } from '../scoring/scoring-spec';
import type { LinearTask } from '../onnx/linear-model';
import { buildRunRecord } from './build-run-record';
import { trainBuiltInToFiles } from './built-in';
import { readMetricsFile, trainingCommandEnv } from './command-env';
import type { Params } from './params';
import { serializeRunRecord, type RunRecord } from './run-record';
import type { CommandResult } from './user-command';

/**
 * What the profile pass of a training run should hand back to the built-in trainer (give it to
 * `profileDataset` as `numbers` and to `runTraining`): the target's and features' numbers (every
 * column's when the features are not named), or nothing for a user's command, which reads the data itself.
 */
export function trainingNumbers(
  command: string,
  target: string,
  features: readonly string[],
): NumberColumns | undefined {
  if (command) return undefined;
  return new NumberColumns(features.length > 0 ? [target, ...features] : undefined);
}

/** A training command that exited non-zero: nothing was recorded. */
export class TrainingCommandFailed extends Error {
  constructor(readonly result: CommandResult) {
    super(
      `The training command exited with code ${result.exitCode} after ${result.durationMs} ms; nothing was recorded.`,
    );
  }
}

export interface TrainingRunOptions {
  modelName: string;
  /** The training data, profiled already (its files are the run's data and its cache identity). */
  profile: DatasetProfile;
  /**
   * The numbers the profile pass parsed (`trainingNumbers`, given to `profileDataset`), so that the
   * built-in trainer does not read the data again.
   */
  numbers?: NumberColumns;
  /** The data files as the built-in trainer reads them (resolved against the caller's folder). */
  data: readonly string[];
  /** The user's command, or empty for the built-in trainer. */
  command: string;
  target: string;
  task?: string | undefined;
  /** The feature order: the built-in trainer's columns, or the order the command's model takes. */
  features: readonly string[];
  params: Params;
  /** How the model is scored later (features, output kind, classes), recorded in run.json. */
  scoring: ScoringSpec;
  modelPath: string;
  metricsPath: string;
  /** Where run.json and profile.json go. */
  outputDir: string;
  /** Where the parameters are written for the command (MLOPS_PARAMS). */
  paramsFile: string;
  /** Where the code comes from: the workflow run, or the local checkout. */
  code: RunRecord['code'];
  /**
   * Runs the user's command with the training environment: the action wraps it in a log group
   * with workflow commands stopped, the CLI runs it as it is.
   */
  runCommand: (command: string, env: Record<string, string>) => Promise<CommandResult>;
  log: (line: string) => void;
  warn: (line: string) => void;
}

export interface TrainingRun {
  record: RunRecord;
  runRecordPath: string;
  profilePath: string;
  /** The built-in trainer's convergence; undefined for a command. */
  converged?: boolean;
  iterations?: number;
}

/**
 * One training run, the same for the train action and `mlops-actions train`: the user's command
 * (with the MLOPS_* environment) or the built-in trainer writes the model and metrics, then the
 * model is inspected, the metrics read (a file that is not a JSON object is an error), and
 * profile.json and run.json written. A command that fails throws `TrainingCommandFailed` before
 * anything is recorded.
 */
export async function runTraining(options: TrainingRunOptions): Promise<TrainingRun> {
  const { profile } = options;
  await mkdir(options.outputDir, { recursive: true });
  await writeFile(options.paramsFile, JSON.stringify(options.params, null, 2));
  const startedAt = new Date();
  const started = Date.now();
  let description = options.command;
  let convergence: Pick<TrainingRun, 'converged' | 'iterations'> = {};
  if (options.command) {
    const result = await options.runCommand(
      options.command,
      trainingCommandEnv({
        modelName: options.modelName,
        params: options.params,
        paramsFile: options.paramsFile,
        dataFiles: profile.files.map((file) => file.path),
        target: options.target,
        task: options.task ?? '',
        modelPath: options.modelPath,
        metricsPath: options.metricsPath,
        features: [...options.features],
      }),
    );
    if (result.exitCode !== 0) throw new TrainingCommandFailed(result);
  } else {
    const trained = await trainBuiltInToFiles({
      data: [...options.data],
      profile,
      target: options.target,
      ...(options.features.length ? { features: [...options.features] } : {}),
      ...(options.task ? { task: options.task as LinearTask } : {}),
      params: options.params,
      ...(options.numbers ? { numbers: options.numbers } : {}),
      modelPath: options.modelPath,
      metricsPath: options.metricsPath,
      log: options.log,
    });
    description = trained.description;
    convergence = { converged: trained.converged, iterations: trained.iterations };
    if (!trained.converged) {
      options.warn(
        `The built-in trainer did not converge in ${trained.iterations} iterations; raise max_iter.`,
      );
    }
  }
  const durationMs = Date.now() - started;
  const model = await inspectOnnxFile(options.modelPath);
  const metrics = await readMetricsFile(options.metricsPath, options.warn);
  const scoring = scoringRecordOf(options.scoring);
  const profilePath = join(options.outputDir, 'profile.json');
  const runRecordPath = join(options.outputDir, 'run.json');
  const record = await buildRunRecord({
    modelName: options.modelName,
    params: options.params,
    metrics,
    files: profile.files,
    profilePath,
    code: options.code,
    command: description,
    startedAt,
    durationMs,
    model,
    ...(scoring ? { scoring } : {}),
  });
  await writeFile(profilePath, `${JSON.stringify(profile.toJSON())}\n`);
  await writeFile(runRecordPath, serializeRunRecord(record));
  return { record, runRecordPath, profilePath, ...convergence };
}
