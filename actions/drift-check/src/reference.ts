import { existsSync, readFileSync } from 'node:fs';
import type { GitHubClient } from '@mlops-actions/github';
import {
  downloadReleaseAsset,
  findStageDeployment,
  listModelReleases,
  type RepoRef,
} from '@mlops-actions/registry';
import { DatasetProfile, profileDataset } from '@mlops-actions/stats';

/** The environment whose version's training profile is the default reference. */
export const PRODUCTION = 'production';

export type ReferenceSource =
  | { kind: 'production'; tag: string; version: number; deploymentId: number; releaseUrl: string }
  | { kind: 'profile'; path: string }
  | { kind: 'data'; paths: string[] };

export interface Reference {
  profile: DatasetProfile;
  source: ReferenceSource;
  /** One line for the report: what the current data is compared with. */
  label: string;
}

/**
 * The reference of a drift check: the given `profile.json`, the profile of the given data files,
 * or — when nothing is given — the `profile.json` asset of the version running in production.
 */
export async function loadReference(
  paths: readonly string[],
  registry: { octokit: GitHubClient; repo: RepoRef; modelName: string },
): Promise<Reference> {
  const profilePath = paths.length === 1 ? profileFile(paths[0]!) : undefined;
  if (profilePath !== undefined) {
    return {
      profile: readProfile(readFileSync(profilePath, 'utf8'), profilePath),
      source: { kind: 'profile', path: profilePath },
      label: `the profile ${profilePath}`,
    };
  }
  if (paths.length > 0) {
    return {
      profile: await profileDataset([...paths]),
      source: { kind: 'data', paths: [...paths] },
      label: `the data ${paths.join(', ')}`,
    };
  }
  return productionReference(registry.octokit, registry.repo, registry.modelName);
}

/**
 * A single `.json` file holding one object with a `schema` field is a profile; anything else
 * (JSON Lines data also ends in `.json` sometimes) is data.
 */
function profileFile(path: string): string | undefined {
  if (!/\.json$/i.test(path) || !existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as unknown;
    return typeof parsed === 'object' && parsed !== null && 'schema' in parsed ? path : undefined;
  } catch {
    return undefined;
  }
}

function readProfile(text: string, where: string): DatasetProfile {
  try {
    return DatasetProfile.fromJSON(JSON.parse(text.replace(/^\uFEFF/, '')) as unknown);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}

async function productionReference(
  octokit: GitHubClient,
  repo: RepoRef,
  modelName: string,
): Promise<Reference> {
  const stage = await findStageDeployment(octokit, repo, modelName, PRODUCTION);
  if (!stage)
    throw new Error(
      `No version of "${modelName}" runs in ${PRODUCTION} (no successful deploy:model deployment), so there is no training profile to compare with — pass \`reference\` (a profile.json or reference data files).`,
    );
  const release = (await listModelReleases(octokit, repo, modelName)).find(
    (candidate) => candidate.version === stage.version && !candidate.draft,
  );
  if (!release)
    throw new Error(
      `${PRODUCTION} runs ${stage.tag} (deployment ${stage.deploymentId}), but there is no published release ${stage.tag} — pass \`reference\`.`,
    );
  const asset = release.assets.find((candidate) => candidate.name === 'profile.json');
  if (!asset)
    throw new Error(
      `${release.tag} (in ${PRODUCTION}) has no profile.json asset — register versions with register-model's \`profile\` input, or pass \`reference\`.`,
    );
  const bytes = await downloadReleaseAsset(octokit, repo, asset.id);
  return {
    profile: readProfile(bytes.toString('utf8'), `${release.tag}/profile.json`),
    source: {
      kind: 'production',
      tag: release.tag,
      version: release.version,
      deploymentId: stage.deploymentId,
      releaseUrl: release.htmlUrl,
    },
    label: `${release.tag} (in ${PRODUCTION}): its training profile`,
  };
}
