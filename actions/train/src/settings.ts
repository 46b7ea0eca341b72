import * as core from '@actions/core';
import { readParams, type Params } from '@mlops-actions/model';
import { checkModelName } from '@mlops-actions/registry';

/** The action's inputs, read and checked once. */
export interface Settings {
  modelName: string;
  command: string;
  data: string[];
  target: string;
  task: string;
  params: Params;
  modelPath: string;
  metricsPath: string;
  outputDir: string;
  /** undefined: the cache is off. */
  cacheKey?: string;
  uploadArtifact: boolean;
}

export function readSettings(): Settings {
  const command = core.getInput('run');
  if (!command.trim()) {
    throw new Error(
      'Input `run` is empty: give the training command (the built-in trainer is not available in this release yet).',
    );
  }
  const cacheKey = core.getInput('cache-key');
  return {
    modelName: checkModelName(core.getInput('model-name', { required: true })),
    command,
    data: core.getMultilineInput('data', { required: true }),
    target: core.getInput('target'),
    task: core.getInput('task'),
    params: readParams(core.getInput('params')),
    modelPath: core.getInput('model-path') || 'model.onnx',
    metricsPath: core.getInput('metrics-path') || 'metrics.json',
    outputDir: core.getInput('output-dir') || '.mlops/train',
    ...(cacheKey === 'false' ? {} : { cacheKey: cacheKey || process.env['GITHUB_SHA'] || 'no-sha' }),
    uploadArtifact: core.getBooleanInput('upload-artifact'),
  };
}
