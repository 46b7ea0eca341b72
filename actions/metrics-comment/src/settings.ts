import * as core from '@actions/core';

/** The action's inputs, read and checked once. */
export interface Settings {
  evaluationPaths: string[];
  modelName?: string;
  token: string;
  profilePath?: string;
  baselineProfilePath?: string;
}

export function readSettings(): Settings {
  const evaluationPaths = core.getMultilineInput('evaluation', { required: true });
  if (evaluationPaths.length === 0)
    throw new Error('Input `evaluation` is empty: give the path of an evaluation JSON.');
  const modelName = core.getInput('model-name') || undefined;
  if (modelName !== undefined && evaluationPaths.length > 1) {
    throw new Error(
      'Input `model-name` can only be set with a single `evaluation`; each evaluation carries its own model name.',
    );
  }
  const token = core.getInput('github-token');
  const profilePath = core.getInput('profile');
  const baselineProfilePath = core.getInput('baseline-profile');
  if (Boolean(profilePath) !== Boolean(baselineProfilePath)) {
    throw new Error(
      "Give both `profile` and `baseline-profile` (the candidate's and the baseline's training data), or neither.",
    );
  }
  return {
    evaluationPaths,
    ...(modelName ? { modelName } : {}),
    token,
    ...(profilePath ? { profilePath, baselineProfilePath } : {}),
  };
}
