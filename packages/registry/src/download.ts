import type { GitHubClient } from '@mlops-actions/github';
import type { RepoRef } from './releases';

/**
 * The bytes of a release asset. Through the API (not `browser_download_url`) so that drafts and
 * private repositories work with the token; GitHub answers with a redirect to storage, which
 * fetch follows without forwarding the token to the other host.
 */
export async function downloadReleaseAsset(
  octokit: GitHubClient,
  repo: RepoRef,
  assetId: number,
): Promise<Buffer> {
  const { data } = await octokit.rest.repos.getReleaseAsset({
    ...repo,
    asset_id: assetId,
    headers: { accept: 'application/octet-stream' },
  });
  // With this accept header octokit hands back the body as an ArrayBuffer; the type says JSON.
  return Buffer.from(data as unknown as ArrayBuffer);
}
