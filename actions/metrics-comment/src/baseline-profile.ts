import * as core from '@actions/core';
import { logInfo } from '@mlops-actions/github/workflow-log';
import type { GitHubClient, RepoContext } from '@mlops-actions/github';
import { fetchVersionAsset } from '@mlops-actions/registry';
import { DatasetProfile, type DatasetProfileJSON, type Evaluation } from '@mlops-actions/stats';

/**
 * The baseline's training-data profile when `baseline-profile` is not given: the `profile.json` asset
 * of the registry version the evaluation compared with (`register-model` uploads it). Undefined — the
 * comment then has no data-profile diff, and the log says why — when the baseline is not a registry
 * version, the version has no profile, or it cannot be read: a missing diff never fails the comment.
 */
export async function registryBaselineProfile(
  octokit: GitHubClient,
  context: Pick<RepoContext, 'owner' | 'repo'>,
  evaluation: Evaluation,
): Promise<DatasetProfileJSON | undefined> {
  const baseline = evaluation.baseline;
  if (baseline?.version === undefined) {
    logInfo(
      `${evaluation.model.name}: the evaluation has no registry baseline, so the comment has no data-profile diff (give \`baseline-profile\` for one).`,
    );
    return undefined;
  }
  const tag = baseline.tag ?? `${baseline.name}@v${baseline.version}`;
  try {
    const text = await fetchVersionAsset(
      octokit,
      { owner: context.owner, repo: context.repo },
      baseline.name,
      baseline.version,
      'profile.json',
    );
    if (text === undefined) {
      logInfo(`${tag} has no profile.json asset, so the comment has no data-profile diff.`);
      return undefined;
    }
    return DatasetProfile.fromJSON(JSON.parse(text)).toJSON();
  } catch (error) {
    core.warning(
      `The data-profile diff is left out: ${tag}'s profile.json could not be read — ${(error as Error).message}`,
    );
    return undefined;
  }
}

/**
 * registryBaselineProfile, once per baseline version: several evaluations compared with the same version
 * (one per model variant, say) share its profile.json, listed and downloaded once.
 */
export class RegistryBaselineProfiles {
  private readonly byVersion = new Map<string, Promise<DatasetProfileJSON | undefined>>();

  constructor(
    private readonly octokit: GitHubClient,
    private readonly context: Pick<RepoContext, 'owner' | 'repo'>,
  ) {}

  get(evaluation: Evaluation): Promise<DatasetProfileJSON | undefined> {
    const baseline = evaluation.baseline;
    // Not a registry version: nothing to share, and registryBaselineProfile says why for each.
    if (baseline?.version === undefined)
      return registryBaselineProfile(this.octokit, this.context, evaluation);
    const key = `${baseline.name}@${baseline.version}`;
    let profile = this.byVersion.get(key);
    if (!profile) {
      profile = registryBaselineProfile(this.octokit, this.context, evaluation);
      this.byVersion.set(key, profile);
    }
    return profile;
  }
}
