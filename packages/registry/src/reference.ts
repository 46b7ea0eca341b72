import type { GitHubClient } from '@mlops-actions/github';
import { downloadReleaseAsset } from './download';
import { versionTag } from './naming';
import { listModelReleases, type RepoRef } from './releases';
import { findStageDeployment } from './stages';

/** The environment whose version's training profile is a drift check's default reference. */
export const PRODUCTION = 'production';

/** The drift reference a stage provides: the training profile of the version running there, as text. */
export interface StageReference {
  environment: string;
  tag: string;
  version: number;
  deploymentId: number;
  releaseUrl: string;
  /** The version's `profile.json` asset. */
  profileText: string;
}

/**
 * The `profile.json` asset of the version of `modelName` running in `environment` (its latest
 * successful `deploy:model` deployment). Each way this can be missing is an error that says to pass
 * `reference` instead.
 */
export async function fetchStageReference(
  octokit: GitHubClient,
  repo: RepoRef,
  modelName: string,
  environment = PRODUCTION,
): Promise<StageReference> {
  const stage = await findStageDeployment(octokit, repo, modelName, environment);
  if (!stage)
    throw new Error(
      `No version of "${modelName}" runs in ${environment} (no successful deploy:model deployment), so there is no training profile to compare with — pass \`reference\` (a profile.json or reference data files).`,
    );
  const release = (await listModelReleases(octokit, repo, modelName)).find(
    (candidate) => candidate.version === stage.version && !candidate.draft,
  );
  if (!release)
    throw new Error(
      `${environment} runs ${stage.tag} (deployment ${stage.deploymentId}), but there is no published release ${stage.tag} — pass \`reference\`.`,
    );
  const asset = release.assets.find((candidate) => candidate.name === 'profile.json');
  if (!asset)
    throw new Error(
      `${release.tag} (in ${environment}) has no profile.json asset — register versions with register-model's \`profile\` input, or pass \`reference\`.`,
    );
  const bytes = await downloadReleaseAsset(octokit, repo, asset.id);
  return {
    environment,
    tag: release.tag,
    version: release.version,
    deploymentId: stage.deploymentId,
    releaseUrl: release.htmlUrl,
    profileText: bytes.toString('utf8'),
  };
}

/**
 * One asset of a published version as text (e.g. `evaluation.json`, whose `predictions` are the
 * reference of prediction drift), or undefined when the version has no such asset.
 */
export async function fetchVersionAsset(
  octokit: GitHubClient,
  repo: RepoRef,
  modelName: string,
  version: number,
  name: string,
): Promise<string | undefined> {
  const release = (await listModelReleases(octokit, repo, modelName)).find(
    (candidate) => candidate.version === version && !candidate.draft,
  );
  if (!release) throw new Error(`There is no published release ${versionTag(modelName, version)}.`);
  const asset = release.assets.find((candidate) => candidate.name === name);
  if (!asset) return undefined;
  return (await downloadReleaseAsset(octokit, repo, asset.id)).toString('utf8');
}
