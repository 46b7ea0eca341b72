import type { GitHubClient } from '@mlops-actions/github';
import { parseVersionTag } from './naming';

export interface RepoRef {
  owner: string;
  repo: string;
}

/** A release that records a version of a model. */
export interface ModelRelease {
  version: number;
  tag: string;
  releaseId: number;
  draft: boolean;
  body: string;
  htmlUrl: string;
  assets: { id: number; name: string; size: number }[];
}

/** Every release of `modelName` (drafts included when the token can push), newest version first. */
export async function listModelReleases(
  octokit: GitHubClient,
  repo: RepoRef,
  modelName: string,
): Promise<ModelRelease[]> {
  const releases = await octokit.paginate(octokit.rest.repos.listReleases, { ...repo, per_page: 100 });
  return modelReleasesOf(releases, modelName);
}

/**
 * The model's versions among the repository's 100 newest releases (one request; GitHub lists the
 * newest first): enough to see what other jobs registered while this one was registering.
 */
export async function newestModelReleases(
  octokit: GitHubClient,
  repo: RepoRef,
  modelName: string,
): Promise<ModelRelease[]> {
  const { data } = await octokit.rest.repos.listReleases({ ...repo, per_page: 100 });
  return modelReleasesOf(data, modelName);
}

type ReleaseData = Awaited<ReturnType<GitHubClient['rest']['repos']['listReleases']>>['data'][number];

function modelReleasesOf(releases: readonly ReleaseData[], modelName: string): ModelRelease[] {
  const found: ModelRelease[] = [];
  for (const release of releases) {
    const version = parseVersionTag(modelName, release.tag_name);
    if (version === undefined) continue;
    found.push({
      version,
      tag: release.tag_name,
      releaseId: release.id,
      draft: release.draft,
      body: release.body ?? '',
      htmlUrl: release.html_url,
      assets: release.assets.map((asset) => ({ id: asset.id, name: asset.name, size: asset.size })),
    });
  }
  return found.sort((a, b) => b.version - a.version);
}

/** The tags `<model>@v*` that exist in the repository (a tag may exist without a release). */
export async function listModelTags(
  octokit: GitHubClient,
  repo: RepoRef,
  modelName: string,
): Promise<string[]> {
  const refs = await octokit.paginate(octokit.rest.git.listMatchingRefs, {
    ...repo,
    ref: `tags/${modelName}@v`,
    per_page: 100,
  });
  return refs.map((ref) => ref.ref.replace(/^refs\/tags\//, ''));
}
