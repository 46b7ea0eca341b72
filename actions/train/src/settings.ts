import * as core from '@actions/core';
import { readParams, type Params } from '@mlops-actions/model';
import { checkModelName } from '@mlops-actions/registry';

/** The action's inputs, read and checked once. */
export interface Settings {
  modelName: string;
  /** Empty: the built-in trainer. */
  command: string;
  data: string[];
  target: string;
  task: string;
  /** Built-in trainer: its feature columns (default: all but the target). */
  features: string[];
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
  return {
    modelName: checkModelName(core.getInput('model-name', { required: true })),
    command,
    data: core.getMultilineInput('data', { required: true }),
    target: core.getInput('target'),
    task,
    features: core
      .getInput('features')
      .split(/[,\n]/)
      .map((name) => name.trim())
      .filter(Boolean),
    params: readParams(core.getInput('params')),
    modelPath: core.getInput('model-path') || 'model.onnx',
    metricsPath: core.getInput('metrics-path') || 'metrics.json',
    outputDir: core.getInput('output-dir') || '.mlops/train',
    ...(cacheKey === 'false' ? {} : { cacheKey: cacheKey || process.env['GITHUB_SHA'] || 'no-sha' }),
    uploadArtifact: core.getBooleanInput('upload-artifact'),
  };
}
