import * as core from '@actions/core';

/** The action's inputs, read and checked once. */
export interface Settings {
  evaluationPaths: string[];
  modelName?: string;
  token: string;
  /** The candidate's training-data profile, for the data-profile diff. */
  profilePath?: string;
  /** The baseline's; without it, the `profile.json` asset of the evaluation's baseline version. */
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
  if (baselineProfilePath && !profilePath) {
    throw new Error(
      "`baseline-profile` needs `profile`: the candidate's training-data profile it is compared with.",
    );
  }
  return {
    evaluationPaths,
    ...(modelName ? { modelName } : {}),
    token,
    ...(profilePath ? { profilePath } : {}),
    ...(baselineProfilePath ? { baselineProfilePath } : {}),
  };
}
