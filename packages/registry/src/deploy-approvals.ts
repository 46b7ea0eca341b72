import type { GitHubClient } from '@mlops-actions/github';
import type { RepoRef } from './releases';

/**
 * The logins that approved `environment` for this workflow run (environment protection rules),
 * in the order they reviewed. Rejections and other environments' reviews are left out.
 */
export async function readRunApprovers(
  octokit: GitHubClient,
  repo: RepoRef,
  runId: number,
  environment: string,
): Promise<string[]> {
  const { data } = await octokit.rest.actions.getReviewsForRun({ ...repo, run_id: runId });
  const approvers: string[] = [];
  for (const review of data) {
    if (review.state !== 'approved') continue;
    if (!review.environments.some((e) => e.name === environment)) continue;
    const login = review.user.login;
    if (!approvers.includes(login)) approvers.push(login);
  }
  return approvers;
}

/**
 * Appends `line` to the body of the release tagged `tag` (the model card), once: a re-run of the
 * same deployment does not repeat it. Returns false when the line was already there.
 */
export async function appendToReleaseBody(
  octokit: GitHubClient,
  repo: RepoRef,
  tag: string,
  line: string,
): Promise<boolean> {
  const { data: release } = await octokit.rest.repos.getReleaseByTag({ ...repo, tag });
  const body = release.body ?? '';
  if (body.split('\n').includes(line)) return false;
  await octokit.rest.repos.updateRelease({
    ...repo,
    release_id: release.id,
    body: `${body.replace(/\n*$/, '')}\n\n${line}\n`,
  });
  return true;
}
