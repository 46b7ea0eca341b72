import * as core from '@actions/core';
import { runProvenance, type RepoContext } from '@mlops-actions/github';
import {
  checkModelName,
  parseVersionNumber,
  type CodeProvenance,
  type ModelVersionFiles,
} from '@mlops-actions/registry';

/** The action's inputs, read and checked once. */
export interface Settings {
  modelName: string;
  files: ModelVersionFiles;
  /** The training run's run.json, read for the lineage (not uploaded). */
  runRecord?: string;
  /** An explicit version; undefined for the next one. */
  version?: number;
  token: string;
}

export function readSettings(): Settings {
  const modelName = checkModelName(core.getInput('model-name', { required: true }));
  const versionInput = core.getInput('version') || 'next';
  const version = versionInput === 'next' ? undefined : parseVersionNumber(versionInput);
  const optional = (name: string) => core.getInput(name) || undefined;
  const runRecord = optional('run-record');
  const evaluation = optional('evaluation');
  const profile = optional('profile');
  return {
    modelName,
    files: {
      model: core.getInput('model', { required: true }),
      ...(evaluation ? { evaluation } : {}),
      ...(profile ? { profile } : {}),
    },
    ...(runRecord ? { runRecord } : {}),
    ...(version !== undefined ? { version } : {}),
    token: core.getInput('github-token'),
  };
}

/** The code side of the lineage: this workflow run, as the runner describes it. */
export function codeProvenance(context: RepoContext): CodeProvenance {
  const provenance = runProvenance(context);
  return { ...provenance, commitUrl: `${context.serverUrl}/${provenance.repository}/commit/${context.sha}` };
}
