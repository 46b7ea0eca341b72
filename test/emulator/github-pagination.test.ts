import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSchemaViolations,
  startGitHubEmulator,
  type GitHubEmulator,
} from '../../packages/emulator/src/github/index';
import { paginate } from '../../packages/emulator/src/http/pagination';

const owner = 'octo-org';
const repo = 'ml-repo';
let gh: GitHubEmulator;
let octokit: Octokit;
let issue_number: number;

beforeAll(async () => {
  gh = await startGitHubEmulator();
  octokit = new Octokit({ auth: gh.defaultToken, baseUrl: gh.apiUrl });
  issue_number = (await octokit.rest.issues.create({ owner, repo, title: 'busy thread' })).data.number;
  for (let i = 0; i < 250; i++) {
    await octokit.rest.issues.createComment({ owner, repo, issue_number, body: `comment ${i}` });
  }
});
afterEach(() => expectNoSchemaViolations(gh));
afterAll(async () => {
  await gh.close();
});

describe('pagination', () => {
  it('octokit.paginate walks 250 comments in three pages of 100, in order', async () => {
    const before = gh.log.length;
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number,
      per_page: 100,
    });
    expect(comments).toHaveLength(250);
    expect(comments.map((c) => c.body)).toEqual(Array.from({ length: 250 }, (_, i) => `comment ${i}`));
    const pages = gh.log.slice(before).map((e) => e.query.page ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
  });

  it('writes the Link header exactly as GitHub does on the first, middle and last page', async () => {
    // GitHub points the pages at the repository by id: /repositories/<id>/…
    const repositoryId = (await octokit.rest.repos.get({ owner, repo })).data.id;
    const url = `${gh.apiUrl}/repositories/${repositoryId}/issues/${issue_number}/comments`;
    const link = async (query: string) =>
      (
        await octokit.request(`GET /repos/{owner}/{repo}/issues/{issue_number}/comments?${query}`, {
          owner,
          repo,
          issue_number,
        })
      ).headers.link;
    expect(await link('per_page=100')).toBe(
      `<${url}?per_page=100&page=2>; rel="next", <${url}?per_page=100&page=3>; rel="last"`,
    );
    expect(await link('per_page=100&page=2')).toBe(
      `<${url}?per_page=100&page=1>; rel="prev", <${url}?per_page=100&page=3>; rel="next", ` +
        `<${url}?per_page=100&page=3>; rel="last", <${url}?per_page=100&page=1>; rel="first"`,
    );
    expect(await link('per_page=100&page=3')).toBe(
      `<${url}?per_page=100&page=2>; rel="prev", <${url}?per_page=100&page=1>; rel="first"`,
    );
    // Default page size 30: 250 comments → 9 pages.
    expect(await link('')).toBe(`<${url}?page=2>; rel="next", <${url}?page=9>; rel="last"`);
    // …and serves those URLs: the second page by id is the second page by name.
    const byId = await fetch(`${url}?per_page=100&page=2`, {
      headers: { authorization: `token ${gh.defaultToken}` },
    });
    const byName = await octokit.rest.issues.listComments({
      owner,
      repo,
      issue_number,
      per_page: 100,
      page: 2,
    });
    expect(((await byId.json()) as { id: number }[]).map((c) => c.id)).toEqual(byName.data.map((c) => c.id));
  });

  it('defaults per_page to 30, caps it at 100, and returns [] past the last page', async () => {
    const page = (params: Record<string, number>) =>
      octokit.rest.issues.listComments({ owner, repo, issue_number, ...params });
    expect((await page({})).data).toHaveLength(30);
    expect((await page({ per_page: 500 })).data).toHaveLength(100);
    expect((await page({ per_page: 100, page: 3 })).data).toHaveLength(50);
    const past = await page({ per_page: 100, page: 4 });
    expect(past.data).toEqual([]);
  });

  it('paginates the other lists too (pulls, releases, tags, deployments)', async () => {
    for (let i = 0; i < 5; i++) {
      gh.state.commitFiles({ branch: `p${i}`, files: { [`f${i}`]: String(i) } });
      await octokit.rest.pulls.create({ owner, repo, head: `p${i}`, base: 'main', title: `pr ${i}` });
      await octokit.rest.repos.createRelease({ owner, repo, tag_name: `v${i}`, make_latest: 'false' });
      await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: 'main',
        environment: 'qa',
        required_contexts: [],
      });
    }
    const pulls = await octokit.paginate(octokit.rest.pulls.list, { owner, repo, per_page: 2 });
    expect(pulls.map((p) => p.title)).toEqual(['pr 4', 'pr 3', 'pr 2', 'pr 1', 'pr 0']);
    const releases = await octokit.paginate(octokit.rest.repos.listReleases, { owner, repo, per_page: 2 });
    expect(releases.map((r) => r.tag_name)).toEqual(['v4', 'v3', 'v2', 'v1', 'v0']);
    const tags = await octokit.paginate(octokit.rest.repos.listTags, { owner, repo, per_page: 2 });
    expect(tags.map((t) => t.name)).toEqual(['v4', 'v3', 'v2', 'v1', 'v0']);
    const deployments = await octokit.paginate(octokit.rest.repos.listDeployments, {
      owner,
      repo,
      environment: 'qa',
      per_page: 2,
    });
    expect(deployments).toHaveLength(5);
    expect(deployments[0]?.id).toBeGreaterThan(deployments[4]?.id ?? Infinity);
  });
});

describe('paginate()', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);
  it('keeps other query parameters and puts page last', () => {
    const page = paginate(items, new URL('http://h/x?state=all&per_page=3&page=2'));
    expect(page.items).toEqual([3, 4, 5]);
    expect(page.link).toBe(
      '<http://h/x?state=all&per_page=3&page=1>; rel="prev", <http://h/x?state=all&per_page=3&page=3>; rel="next", ' +
        '<http://h/x?state=all&per_page=3&page=3>; rel="last", <http://h/x?state=all&per_page=3&page=1>; rel="first"',
    );
  });
  it('sends no Link when everything fits, and treats bad numbers as defaults', () => {
    expect(paginate(items, new URL('http://h/x')).link).toBeUndefined();
    expect(paginate(items, new URL('http://h/x?per_page=0&page=-1')).items).toEqual(items);
  });
});
