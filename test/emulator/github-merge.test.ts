import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSchemaViolations,
  startGitHubEmulator,
  type GitHubEmulator,
} from '../../packages/emulator/src/github/index';

const owner = 'octo-org';
const repo = 'ml-repo';
let gh: GitHubEmulator;
let octokit: Octokit;

beforeAll(async () => {
  gh = await startGitHubEmulator();
  octokit = new Octokit({ auth: gh.defaultToken, baseUrl: gh.apiUrl, request: { retries: 0 } });
  gh.state.commitFiles({ files: { 'data/train.csv': 'a\n1\n', 'README.md': 'hi\n' } });
});
afterEach(() => expectNoSchemaViolations(gh));
afterAll(async () => {
  await gh.close();
});

async function openPull(branch: string, files: Record<string, string | null>) {
  gh.state.commitFiles({ branch, files });
  const pull = await octokit.rest.pulls.create({
    owner,
    repo,
    head: branch,
    base: 'main',
    title: `Change ${branch}`,
  });
  return pull.data;
}

describe('PUT /pulls/{n}/merge', () => {
  it('merges with a two-parent commit, closes the pull request and reports it merged', async () => {
    const pull = await openPull('more-data', { 'data/train.csv': 'a\n1\n2\n' });
    const main = gh.state.resolve('main')!;
    const merged = await octokit.rest.pulls.merge({
      owner,
      repo,
      pull_number: pull.number,
      sha: pull.head.sha,
    });
    expect(merged.data).toMatchObject({ merged: true, message: 'Pull Request successfully merged' });
    expect(gh.state.resolve('main')).toBe(merged.data.sha);
    const commit = await octokit.rest.git.getCommit({ owner, repo, commit_sha: merged.data.sha });
    expect(commit.data.parents.map((p) => p.sha)).toEqual([main, pull.head.sha]);
    expect(gh.state.readFile('data/train.csv')).toBe('a\n1\n2\n');
    const after = await octokit.rest.pulls.get({ owner, repo, pull_number: pull.number });
    expect(after.data).toMatchObject({ state: 'closed', merged: true, merge_commit_sha: merged.data.sha });
    expect(after.data.merged_at).not.toBeNull();
    // A merged pull request cannot be merged again.
    await expect(octokit.rest.pulls.merge({ owner, repo, pull_number: pull.number })).rejects.toMatchObject({
      status: 405,
    });
  });

  it('squashes onto a base that moved on, keeping the base’s own changes', async () => {
    const pull = await openPull('params', { 'train/params.yml': 'l2: 2\n' });
    gh.state.commitFiles({ files: { 'README.md': 'hello\n' } }); // main moves on
    const merged = await octokit.rest.pulls.merge({
      owner,
      repo,
      pull_number: pull.number,
      merge_method: 'squash',
    });
    const commit = await octokit.rest.git.getCommit({ owner, repo, commit_sha: merged.data.sha });
    expect(commit.data.parents).toHaveLength(1);
    expect(commit.data.message).toBe(`Change params (#${pull.number})`);
    expect(gh.state.readFile('README.md')).toBe('hello\n');
    expect(gh.state.readFile('train/params.yml')).toBe('l2: 2\n');
  });

  it('refuses a stale head sha (409) and a conflict (405)', async () => {
    const pull = await openPull('conflict', { 'README.md': 'theirs\n' });
    await expect(
      octokit.rest.pulls.merge({ owner, repo, pull_number: pull.number, sha: 'f'.repeat(40) }),
    ).rejects.toMatchObject({ status: 409 });
    gh.state.commitFiles({ files: { 'README.md': 'ours\n' } });
    await expect(octokit.rest.pulls.merge({ owner, repo, pull_number: pull.number })).rejects.toMatchObject({
      status: 405,
      message: expect.stringContaining('Merge conflict'),
    });
  });
});
