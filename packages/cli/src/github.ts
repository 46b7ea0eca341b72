import { createGitHubClient, type GitHubClient } from '@mlops-actions/github';
import { UsageError, type CliIO } from './command';

/** The client and repository a command talks to, from `--repo` and the environment gh and Actions use. */
export function gitHubFromEnv(
  io: CliIO,
  repoFlag: string | undefined,
): { octokit: GitHubClient; owner: string; repo: string } {
  const repository = repoFlag ?? io.env['GITHUB_REPOSITORY'];
  const [owner, repo, extra] = (repository ?? '').split('/');
  if (!owner || !repo || extra !== undefined) {
    throw new UsageError(
      repository
        ? `"${repository}" is not a repository: use --repo owner/name.`
        : 'No repository: pass --repo owner/name or set GITHUB_REPOSITORY.',
    );
  }
  const token = io.env['GITHUB_TOKEN'] || io.env['GH_TOKEN'];
  if (!token)
    throw new UsageError('No token: set GITHUB_TOKEN or GH_TOKEN (e.g. GH_TOKEN=$(gh auth token)).');
  const octokit = createGitHubClient({
    token,
    baseUrl: io.env['GITHUB_API_URL'] || 'https://api.github.com',
    // Inside a workflow the runner masks registered secrets; in a terminal `::add-mask::` would print it.
    maskToken: io.env['GITHUB_ACTIONS'] === 'true',
  });
  return { octokit, owner, repo };
}
