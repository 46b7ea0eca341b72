import { Octokit } from '@octokit/rest';
import type { Emulator } from '@mlops-actions/emulator';

/** A plain octokit (no retries) for arranging and inspecting the emulator's state in tests. */
export function testClient(emulator: Emulator, token = emulator.defaultToken): Octokit {
  return new Octokit({ auth: token, baseUrl: emulator.github.apiUrl, request: { retries: 0 } });
}

/** Opens a pull request from a new branch `head`, as a contributor would. */
export async function openPullRequest(
  emulator: Emulator,
  head = 'feature',
): Promise<{ number: number; headSha: string }> {
  const octokit = testClient(emulator);
  const { owner, repo } = emulator;
  const main = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' });
  await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${head}`, sha: main.data.object.sha });
  // GitHub refuses a pull request without commits between base and head.
  await octokit.rest.repos.createOrUpdateFileContents({
    owner,
    repo,
    path: `params-${head}.json`,
    branch: head,
    message: 'Tune the model',
    content: Buffer.from('{"C": 0.5}\n').toString('base64'),
  });
  const pull = await octokit.rest.pulls.create({
    owner,
    repo,
    head,
    base: 'main',
    title: 'Retrain the churn model',
  });
  return { number: pull.data.number, headSha: pull.data.head.sha };
}

export async function listAllComments(emulator: Emulator, issueNumber: number) {
  const octokit = testClient(emulator);
  return octokit.paginate(octokit.rest.issues.listComments, {
    owner: emulator.owner,
    repo: emulator.repo,
    issue_number: issueNumber,
    per_page: 100,
  });
}
