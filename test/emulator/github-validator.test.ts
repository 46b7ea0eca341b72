import { Octokit } from '@octokit/rest';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compareWithExamples,
  expectNoSchemaViolations,
  startGitHubEmulator,
  validateResponse,
  validatorStats,
  type GitHubEmulator,
} from '../../packages/emulator/src/github/index';
import { apiRouteDefs } from '../../packages/emulator/src/github/routes/index';
import { Router } from '../../packages/emulator/src/http/router';
import { convertNullable } from '../../packages/emulator/src/openapi/nullable';

const owner = 'octo-org';
const repo = 'ml-repo';
const started: GitHubEmulator[] = [];

async function start(options?: Parameters<typeof startGitHubEmulator>[0]): Promise<GitHubEmulator> {
  const gh = await startGitHubEmulator(options);
  started.push(gh);
  return gh;
}

afterAll(async () => {
  await Promise.all(started.map((gh) => gh.close()));
});

describe('startup', () => {
  it('loads the OpenAPI description once per process; later emulators start fast', async () => {
    const t0 = performance.now();
    await start();
    const first = performance.now() - t0;
    const t1 = performance.now();
    await start();
    const second = performance.now() - t1;
    const stats = validatorStats();
    console.log(
      `validator startup: spec ${stats.specLoadMs.toFixed(0)} ms + ajv ${stats.ajvSetupMs.toFixed(0)} ms; ` +
        `first emulator ${first.toFixed(0)} ms, second ${second.toFixed(0)} ms`,
    );
    expect(stats.specLoadMs).toBeGreaterThan(0);
    // The spec is loaded once per process: a third emulator reuses it, so the recorded load is the
    // first one's (timings are only reported here; speed goals live in npm run bench).
    const loaded = { ...stats };
    await start();
    expect(validatorStats()).toMatchObject({ specLoadMs: loaded.specLoadMs, ajvSetupMs: loaded.ajvSetupMs });
  });
});

describe('validateResponse', () => {
  it('accepts what the emulator serves and catches a wrong-shaped comment', async () => {
    const gh = await start();
    const octokit = new Octokit({ auth: gh.defaultToken, baseUrl: gh.apiUrl });
    const issue = await octokit.rest.issues.create({ owner, repo, title: 't' });
    const { data: comment } = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issue.data.number,
      body: 'b',
    });
    expect(validateResponse('issues/create-comment', 201, comment)).toEqual({ valid: true, errors: '' });

    const stringId = validateResponse('issues/create-comment', 201, { ...comment, id: 'abc' });
    expect(stringId.valid).toBe(false);
    expect(stringId.errors).toContain('response/id must be integer');

    const { user: _user, ...withoutUser } = comment;
    const noUser = validateResponse('issues/get-comment', 200, withoutUser);
    expect(noUser.valid).toBe(false);
    expect(noUser.errors).toContain("must have required property 'user'");

    const badDate = validateResponse('issues/get-comment', 200, { ...comment, created_at: 'yesterday' });
    expect(badDate.errors).toContain('response/created_at must match format "date-time"');
    expectNoSchemaViolations(gh);
  });

  it('understands nullable: null where GitHub allows it, not where it does not', () => {
    const release = {
      url: 'https://api.github.com/repos/o/r/releases/1',
      html_url: 'https://github.com/o/r/releases/tag/v1',
      assets_url: 'https://api.github.com/repos/o/r/releases/1/assets',
      upload_url: 'https://uploads.github.com/repos/o/r/releases/1/assets{?name,label}',
      tarball_url: null,
      zipball_url: null,
      id: 1,
      node_id: 'x',
      tag_name: 'v1',
      target_commitish: 'main',
      name: null,
      body: null,
      draft: true,
      prerelease: false,
      created_at: '2024-01-01T00:00:00Z',
      published_at: null,
      author: {
        login: 'a',
        id: 1,
        node_id: 'n',
        avatar_url: 'https://a.example/a',
        gravatar_id: null,
        url: 'https://api.github.com/users/a',
        html_url: 'https://github.com/a',
        followers_url: 'https://api.github.com/users/a/followers',
        following_url: 'https://api.github.com/users/a/following{/other_user}',
        gists_url: 'https://api.github.com/users/a/gists{/gist_id}',
        starred_url: 'https://api.github.com/users/a/starred{/owner}{/repo}',
        subscriptions_url: 'https://api.github.com/users/a/subscriptions',
        organizations_url: 'https://api.github.com/users/a/orgs',
        repos_url: 'https://api.github.com/users/a/repos',
        events_url: 'https://api.github.com/users/a/events{/privacy}',
        received_events_url: 'https://api.github.com/users/a/received_events',
        type: 'User',
        site_admin: false,
      },
      assets: [],
    };
    expect(validateResponse('repos/get-release', 200, release).errors).toBe('');
    expect(validateResponse('repos/get-release', 200, { ...release, tag_name: null }).valid).toBe(false);
    expect(validateResponse('repos/get-release', 200, { ...release, draft: null }).valid).toBe(false);
  });

  it('checks statuses: undocumented successes fail, bodiless ones must be empty, errors use the error schema', () => {
    expect(validateResponse('repos/get', 201, {}).errors).toBe('status 201 is not documented for repos/get');
    expect(validateResponse('issues/delete-comment', 204, undefined).valid).toBe(true);
    expect(validateResponse('issues/delete-comment', 204, { surprise: true }).valid).toBe(false);
    const notFound = {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    };
    expect(validateResponse('repos/get', 404, notFound).valid).toBe(true);
    expect(validateResponse('repos/get', 404, { message: 404 }).valid).toBe(false);
    expect(validateResponse('issues/create-comment', 401, notFound).valid).toBe(true);
    expect(validateResponse('no/such-operation', 200, {}).errors).toBe(
      'unknown operationId no/such-operation',
    );
  });

  it('records a wrong-shaped response from the server as a violation, and keeps serving', async () => {
    const gh = await start();
    const route = apiRouteDefs.find((r) => r.operationId === 'repos/get');
    if (!route) throw new Error('no repos/get route');
    const original = route.handler;
    route.handler = () => ({ status: 200, body: { id: 'not-a-number', name: 'ml-repo' } });
    try {
      const octokit = new Octokit({ auth: gh.defaultToken, baseUrl: gh.apiUrl });
      const res = await octokit.rest.repos.get({ owner, repo });
      expect(res.data).toEqual({ id: 'not-a-number', name: 'ml-repo' });
      expect(gh.schemaViolations).toHaveLength(1);
      expect(gh.schemaViolations[0]).toMatchObject({
        operationId: 'repos/get',
        method: 'GET',
        path: '/repos/octo-org/ml-repo',
        status: 200,
      });
      expect(gh.schemaViolations[0]?.errors).toContain('response/id must be integer');
      // Missing properties are gathered on one line.
      expect(gh.schemaViolations[0]?.errors).toMatch(
        /\nresponse must have required properties .*'full_name'/,
      );
      expect(() => expectNoSchemaViolations(gh)).toThrow(
        /1 response\(s\) did not match GitHub's OpenAPI description:\n- GET \/repos\/octo-org\/ml-repo → 200 \(repos\/get\)\n {4}response/,
      );
      // Reported once: the list is cleared for the next test.
      expect(() => expectNoSchemaViolations(gh)).not.toThrow();

      const unchecked = await start({ validateResponses: false });
      await new Octokit({ auth: unchecked.defaultToken, baseUrl: unchecked.apiUrl }).rest.repos.get({
        owner,
        repo,
      });
      expect(unchecked.schemaViolations).toEqual([]);
    } finally {
      route.handler = original;
    }
    const healthy = await new Octokit({ auth: gh.defaultToken, baseUrl: gh.apiUrl }).rest.repos.get({
      owner,
      repo,
    });
    expect(healthy.data.full_name).toBe('octo-org/ml-repo');
    expectNoSchemaViolations(gh);
  });
});

describe('convertNullable', () => {
  it('rewrites OpenAPI 3.0 nullable into JSON Schema', () => {
    expect(convertNullable({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(convertNullable({ type: 'string', enum: ['a'], nullable: true })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(convertNullable({ description: 'd', nullable: true, allOf: [{ $ref: '#/x' }] })).toEqual({
      description: 'd',
      anyOf: [{ type: 'null' }, { allOf: [{ $ref: '#/x' }] }],
    });
    expect(convertNullable({ nullable: true })).toEqual({});
    expect(convertNullable({ properties: { a: { type: 'integer', nullable: false } } })).toEqual({
      properties: { a: { type: 'integer' } },
    });
    expect(convertNullable({ oneOf: [{ type: 'string' }, { type: 'string' }] })).toEqual({
      anyOf: [{ type: 'string' }, { type: 'string' }],
    });
  });
});

describe('Router', () => {
  const router = new Router<string>();
  router.add('GET', '/repos/{owner}/{repo}/releases/{release_id}', 'get-release');
  router.add('GET', '/repos/{owner}/{repo}/releases/latest', 'latest');
  router.add('GET', '/repos/{owner}/{repo}/git/ref/{ref}', 'get-ref', { greedy: true });
  router.add('GET', '/repos/{owner}/{repo}/contents/{path}', 'contents', { greedy: true });

  it('prefers static segments over parameters', () => {
    expect(router.match('GET', '/repos/o/r/releases/latest')?.value).toBe('latest');
    expect(router.match('GET', '/repos/o/r/releases/42')).toMatchObject({
      value: 'get-release',
      params: { owner: 'o', repo: 'r', release_id: '42' },
    });
  });

  it('lets greedy parameters span raw or %2F-encoded slashes, and decodes them', () => {
    expect(router.match('GET', '/repos/o/r/git/ref/heads/feature/x')?.params.ref).toBe('heads/feature/x');
    expect(router.match('GET', '/repos/o/r/git/ref/heads%2Ffeature%2Fx')?.params.ref).toBe('heads/feature/x');
    expect(router.match('GET', '/repos/o/r/contents/a%20b/c.json')?.params.path).toBe('a b/c.json');
  });

  it('misses on method, length and malformed escapes', () => {
    expect(router.match('POST', '/repos/o/r/releases/latest')).toBeUndefined();
    expect(router.match('GET', '/repos/o/r/releases')).toBeUndefined();
    expect(router.match('GET', '/repos/o/r/releases/%E0%A4%A')).toBeUndefined();
  });
});

describe("compareWithExamples: the forms of GitHub's documented examples", () => {
  async function releaseWithAsset() {
    const gh = await start();
    const octokit = new Octokit({ auth: gh.defaultToken, baseUrl: gh.apiUrl });
    const { data: created } = await octokit.rest.repos.createRelease({ owner, repo, tag_name: 'forms-v1' });
    await octokit.rest.repos.uploadReleaseAsset({
      owner,
      repo,
      release_id: created.id,
      name: 'model.onnx',
      data: 'onnx' as unknown as string,
      baseUrl: gh.uploadsUrl,
    });
    const { data: release } = await octokit.rest.repos.getRelease({ owner, repo, release_id: created.id });
    const hosts = { api: gh.apiUrl, uploads: gh.uploadsUrl, web: 'https://github.com' };
    expectNoSchemaViolations(gh);
    return { release: release as unknown as Record<string, unknown>, hosts };
  }

  it('passes what the emulator serves, and names each wrong form', async () => {
    const { release, hosts } = await releaseWithAsset();
    const check = (body: unknown) => compareWithExamples('repos/get-release', 200, body, hosts);
    expect(check(release)).toBe('');

    const asset = (release['assets'] as Record<string, unknown>[])[0]!;
    const { digest: _digest, ...assetWithoutDigest } = asset;
    const wrong = {
      ...release,
      // the uploads host without its URI template
      upload_url: String(release['upload_url']).replace('{?name,label}', ''),
      // the page on the API host
      html_url: `${hosts.api}/repos/${owner}/${repo}/releases/${String(release['id'])}`,
      node_id: 'not a node id!',
      created_at: '2024-01-02T03:04:05.678Z',
      assets: [{ ...assetWithoutDigest, state: 'Uploaded' }],
    };
    const report = check(wrong);
    expect(report).toContain(`unlike GitHub's example "default"`);
    expect(report).toContain('response.upload_url is');
    expect(report).toContain('template "" instead of "{?name,label}"');
    expect(report).toContain('response.html_url is');
    expect(report).toContain('not on the web host');
    expect(report).toContain('response.node_id is "not a node id!"');
    expect(report).toContain('response.created_at is "2024-01-02T03:04:05.678Z"');
    expect(report).toContain('response.assets[0] has no "digest"');
    expect(report).toContain('response.assets[0].state is "Uploaded"');
    expect(report.split('\n')).toHaveLength(7);
  });

  it('keeps a null where GitHub leaves one, and compares lists item by item', async () => {
    const { release, hosts } = await releaseWithAsset();
    // The examples show a comment's `pin` and `minimized` as null: leaving them out is a violation.
    const comment = {
      id: 1,
      node_id: 'IC_kwDOA',
      url: `${hosts.api}/repos/${owner}/${repo}/issues/comments/1`,
      html_url: `https://github.com/${owner}/${repo}/issues/1#issuecomment-1`,
      body: 'b',
      user: null,
      created_at: '2024-01-02T03:04:05Z',
      updated_at: '2024-01-02T03:04:05Z',
      issue_url: `${hosts.api}/repos/${owner}/${repo}/issues/1`,
      author_association: 'NONE',
      performed_via_github_app: null,
      reactions: null,
    };
    const missing = compareWithExamples('issues/get-comment', 200, comment, hosts);
    expect(missing).toContain('response has no "pin"');
    expect(missing).toContain('response has no "minimized"');
    expect(
      compareWithExamples('issues/get-comment', 200, { ...comment, pin: null, minimized: null }, hosts),
    ).toBe('');
    const list = [release, { ...release, url: `https://example.com/releases/1` }];
    expect(compareWithExamples('repos/list-releases', 200, list, hosts)).toMatch(
      /response\[1\]\.url is "https:\/\/example.com\/releases\/1".*not on the api host/,
    );
  });
});
