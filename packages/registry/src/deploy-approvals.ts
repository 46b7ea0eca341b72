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
 * Adds `line` as an item of the section `### {heading}` at the end of the body of the release tagged
 * `tag` (the model card): the section is started the first time, after everything else (the card's
 * hidden marker included), and each later line is one more item of it. Once only: a re-run of the same
 * deployment does not repeat it (nor does a card that has the line from before it was an item).
 * Returns false when the line was already there.
 */
export async function appendToReleaseSection(
  octokit: GitHubClient,
  repo: RepoRef,
  tag: string,
  heading: string,
  line: string,
): Promise<boolean> {
  const { data: release } = await octokit.rest.repos.getReleaseByTag({ ...repo, tag });
  const body = (release.body ?? '').replace(/\n*$/, '');
  const lines = body.split('\n');
  if (lines.includes(`- ${line}`) || lines.includes(line)) return false;
  const title = `### ${heading}`;
  // Items go under the section when it is the card's last one; otherwise (never so far) a new one starts.
  const lastHeading = lines.filter((text) => text.startsWith('#')).at(-1);
  const next = lastHeading === title ? `${body}\n- ${line}\n` : `${body}\n\n${title}\n\n- ${line}\n`;
  await octokit.rest.repos.updateRelease({ ...repo, release_id: release.id, body: next });
  return true;
}
