import { resolve } from 'node:path';
import * as core from '@actions/core';
import { checkModelName, parseVersionSelector, type VersionSelector } from '@mlops-actions/registry';

/** The action's inputs, read and checked once. */
export interface Settings {
  modelName: string;
  selector: VersionSelector;
  path: string;
  lineagePath: string;
  token: string;
}

export function readSettings(): Settings {
  const modelName = checkModelName(core.getInput('model-name', { required: true }));
  const selector = parseVersionSelector(core.getInput('version') || 'latest');
  const path = resolve(core.getInput('path') || 'model.onnx');
  return {
    modelName,
    selector,
    path,
    lineagePath: lineagePathFor(path),
    token: core.getInput('github-token'),
  };
}

/** `models/churn.onnx` → `models/churn.lineage.json`: next to the model, one per model file. */
export function lineagePathFor(modelPath: string): string {
  return `${modelPath.replace(/\.onnx$/i, '')}.lineage.json`;
}
