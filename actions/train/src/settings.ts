import * as core from '@actions/core';
import { readParams, scoringSpecFromSettings, type Params, type ScoringSpec } from '@mlops-actions/model';
import { checkModelName } from '@mlops-actions/registry';

/** The action's inputs, read and checked once. */
export interface Settings {
  modelName: string;
  /** Empty: the built-in trainer. */
  command: string;
  data: string[];
  target: string;
  task: string;
  /**
   * The feature columns: the built-in trainer's (default: all but the target); for a command, the
   * order its model's one [N, D] input takes — passed as MLOPS_FEATURES and recorded in run.json.
   */
  features: string[];
  /** run.json's `scoring` block: `features`, `output-kind`, `classes` as given. */
  scoring: ScoringSpec;
  params: Params;
  modelPath: string;
  metricsPath: string;
  outputDir: string;
  /** undefined: the cache is off. */
  cacheKey?: string;
  uploadArtifact: boolean;
}

export function readSettings(): Settings {
  const command = core.getInput('run').trim();
  const task = core.getInput('task');
  if (!command && !core.getInput('target')) {
    throw new Error('The built-in trainer (empty `run`) needs `target`: the column to predict.');
  }
  if (task && !['binary', 'multiclass', 'regression'].includes(task)) {
    throw new Error(`Input \`task\` is "${task}"; use binary, multiclass or regression (or leave it empty).`);
  }
  const cacheKey = core.getInput('cache-key');
  const scoring = scoringSpecFromSettings(
    (name) => core.getInput(name),
    (name) => `Input \`${name}\``,
  );
  return {
    modelName: checkModelName(core.getInput('model-name', { required: true })),
    command,
    data: core.getMultilineInput('data', { required: true }),
    target: core.getInput('target'),
    task,
    features: [...(scoring.features?.columns ?? [])],
    scoring,
    params: readParams(core.getInput('params')),
    modelPath: core.getInput('model-path') || 'model.onnx',
    metricsPath: core.getInput('metrics-path') || 'metrics.json',
    outputDir: core.getInput('output-dir') || '.mlops/train',
    ...(cacheKey === 'false' ? {} : { cacheKey: cacheKey || process.env['GITHUB_SHA'] || 'no-sha' }),
    uploadArtifact: core.getBooleanInput('upload-artifact'),
  };
}
