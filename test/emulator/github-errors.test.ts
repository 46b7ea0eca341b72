import { RequestError } from '@octokit/request-error';
import { Octokit } from '@octokit/rest';
import { describeGitHubError, requestIdOf } from '@mlops-actions/github';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSchemaViolations,
  startGitHubEmulator,
  type GitHubEmulator,
} from '../../packages/emulator/src/github/index';

const owner = 'octo-org';
const repo = 'ml-repo';
const quiet = { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} };
let gh: GitHubEmulator;
let octokit: Octokit;

function client(token = gh.defaultToken): Octokit {
  return new Octokit({ auth: token, baseUrl: gh.apiUrl, log: quiet });
}

function anonymousClient(): Octokit {
  return new Octokit({ baseUrl: gh.apiUrl, log: quiet });
}

/** The status and body of a failed call. */
async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; data: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status: number; response?: { data: Record<string, unknown> } };
    return { status: e.status, data: e.response?.data ?? {} };
  }
  throw new Error('expected the request to fail');
}

beforeAll(async () => {
  gh = await startGitHubEmulator();
  octokit = client();
});
afterEach(() => expectNoSchemaViolations(gh));
afterAll(async () => {
  await gh.close();
});

describe('authentication and permissions', () => {
  it('401 without a token and with an unknown one; `token` and `Bearer` schemes both work', async () => {
    expect(await failure(anonymousClient().rest.repos.get({ owner, repo }))).toMatchObject({
      status: 401,
      data: { message: 'Requires authentication', status: '401' },
    });
    expect(await failure(client('ghp_notarealtoken').rest.repos.get({ owner, repo }))).toMatchObject({
      status: 401,
      data: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' },
    });
    for (const scheme of ['token', 'Bearer']) {
      const res = await fetch(`${gh.apiUrl}/repos/${owner}/${repo}`, {
        headers: { authorization: `${scheme} ${gh.defaultToken}` },
      });
      expect(res.status).toBe(200);
    }
  });

  it('read tokens (a fork PR) get 403 on writes but can read', async () => {
    const reader = client(gh.issueToken({ login: 'fork-bot', type: 'Bot', permissions: 'read' }));
    const issue = await octokit.rest.issues.create({ owner, repo, title: 'from main repo' });
    const denied = await failure(
      reader.rest.issues.createComment({ owner, repo, issue_number: issue.data.number, body: 'hi' }),
    );
    expect(denied).toMatchObject({
      status: 403,
      data: { message: 'Resource not accessible by integration' },
    });
    expect(gh.state.comments(issue.data.number)).toEqual([]);
    const read = await reader.rest.issues.get({ owner, repo, issue_number: issue.data.number });
    expect(read.status).toBe(200);
    const repoInfo = await reader.rest.repos.get({ owner, repo });
    expect(repoInfo.data.permissions?.push).toBe(false);
  });

  it('GET /user refuses installation tokens (GITHUB_TOKEN) as GitHub does', async () => {
    expect(await failure(octokit.rest.users.getAuthenticated())).toMatchObject({
      status: 403,
      data: { message: 'Resource not accessible by integration' },
    });
  });

  it('installation tokens cannot create environments (that needs administration)', async () => {
    const res = await failure(
      octokit.rest.repos.createOrUpdateEnvironment({ owner, repo, environment_name: 'x' }),
    );
    expect(res.status).toBe(403);
  });

  it('drafts are invisible to read tokens', async () => {
    const draft = await octokit.rest.repos.createRelease({ owner, repo, tag_name: 'secret@v1', draft: true });
    const reader = client(gh.issueToken({ login: 'reader', permissions: 'read' }));
    expect(
      (await failure(reader.rest.repos.getRelease({ owner, repo, release_id: draft.data.id }))).status,
    ).toBe(404);
    const listed = await reader.rest.repos.listReleases({ owner, repo });
    expect(listed.data.map((r) => r.id)).not.toContain(draft.data.id);
  });
});

describe('not found', () => {
  it('404 for another repository, an unknown route and unknown objects', async () => {
    expect(await failure(octokit.rest.repos.get({ owner, repo: 'other' }))).toMatchObject({
      status: 404,
      data: { message: 'Not Found', status: '404' },
    });
    expect(
      (await failure(octokit.request('GET /repos/{owner}/{repo}/no-such-thing', { owner, repo }))).status,
    ).toBe(404);
    expect((await failure(octokit.rest.issues.get({ owner, repo, issue_number: 999 }))).status).toBe(404);
    expect((await failure(octokit.rest.pulls.get({ owner, repo, pull_number: 999 }))).status).toBe(404);
    expect((await failure(octokit.rest.repos.getContent({ owner, repo, path: 'nope.txt' }))).status).toBe(
      404,
    );
    expect(
      (
        await failure(
          octokit.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: 'nope.yml', ref: 'main' }),
        )
      ).status,
    ).toBe(404);
  });

  it('owner and repository names match case-insensitively', async () => {
    const { data } = await octokit.rest.repos.get({ owner: 'Octo-Org', repo: 'ML-Repo' });
    expect(data.name).toBe('ml-repo');
  });

  it('a draft is not found by its tag until it is published', async () => {
    const draft = await octokit.rest.repos.createRelease({ owner, repo, tag_name: 'drafty@v1', draft: true });
    expect(
      (await failure(octokit.rest.repos.getReleaseByTag({ owner, repo, tag: 'drafty@v1' }))).status,
    ).toBe(404);
    await octokit.rest.repos.updateRelease({ owner, repo, release_id: draft.data.id, draft: false });
    const found = await octokit.rest.repos.getReleaseByTag({ owner, repo, tag: 'drafty@v1' });
    expect(found.data.id).toBe(draft.data.id);
  });
});

describe('validation and conflicts', () => {
  it('comment bodies up to 65,536 characters are accepted, longer ones get 422', async () => {
    const issue = await octokit.rest.issues.create({ owner, repo, title: 'long' });
    const issue_number = issue.data.number;
    const ok = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number,
      body: 'x'.repeat(65536),
    });
    expect(ok.status).toBe(201);
    const tooLong = await failure(
      octokit.rest.issues.createComment({ owner, repo, issue_number, body: 'x'.repeat(65537) }),
    );
    expect(tooLong.status).toBe(422);
    expect(tooLong.data).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'unprocessable', field: 'data' }],
    });
    expect(JSON.stringify(tooLong.data)).toContain('Body is too long (maximum is 65536 characters)');
    const update = await failure(
      octokit.rest.issues.updateComment({ owner, repo, comment_id: ok.data.id, body: '▲'.repeat(65537) }),
    );
    expect(update.status).toBe(422);
  });

  it('bodies that do not fit the documented schema get GitHub-style 422s', async () => {
    // The untyped request form, to send what the typed client would refuse to compile.
    const createRelease = (fields: Record<string, unknown>) =>
      octokit.request({ method: 'POST', url: '/repos/{owner}/{repo}/releases', owner, repo, ...fields });
    const missing = await failure(createRelease({ name: 'x' }));
    expect(missing).toMatchObject({
      status: 422,
      data: { message: `Invalid request.\n\n"tag_name" wasn't supplied.` },
    });
    const wrongType = await failure(createRelease({ tag_name: 'bad@v1', draft: 'yes' }));
    expect(wrongType).toMatchObject({
      status: 422,
      data: { message: `Invalid request.\n\nFor 'properties/draft', "yes" is not a boolean.` },
    });
    expect(gh.state.releases().map((r) => r.tag_name)).not.toContain('bad@v1');
  });

  it('422 already_exists for a second published release with the same tag', async () => {
    await octokit.rest.repos.createRelease({ owner, repo, tag_name: 'dup@v1' });
    const dup = await failure(octokit.rest.repos.createRelease({ owner, repo, tag_name: 'dup@v1' }));
    expect(dup).toMatchObject({
      status: 422,
      data: {
        message: 'Validation Failed',
        errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }],
      },
    });
    // A draft with the same tag is fine until it is published.
    const draft = await octokit.rest.repos.createRelease({ owner, repo, tag_name: 'dup@v1', draft: true });
    const publish = await failure(
      octokit.rest.repos.updateRelease({ owner, repo, release_id: draft.data.id, draft: false }),
    );
    expect(publish.status).toBe(422);
  });

  it('422 for an unknown target_commitish and for a duplicate asset name', async () => {
    const badTarget = await failure(
      octokit.rest.repos.createRelease({
        owner,
        repo,
        tag_name: 'nowhere@v1',
        target_commitish: 'no-branch',
      }),
    );
    expect(badTarget.data).toMatchObject({ errors: [{ field: 'target_commitish', code: 'invalid' }] });
    const release = await octokit.rest.repos.createRelease({
      owner,
      repo,
      tag_name: 'assets-dup@v1',
      draft: true,
    });
    const upload = () =>
      octokit.rest.repos.uploadReleaseAsset({
        owner,
        repo,
        release_id: release.data.id,
        name: 'model.onnx',
        data: 'x' as unknown as string,
        baseUrl: gh.uploadsUrl,
      });
    await upload();
    expect(await failure(upload())).toMatchObject({
      status: 422,
      data: { errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }] },
    });
  });

  it('contents: 409 when the sha is stale, 422 when it is missing for an existing file', async () => {
    const path = 'conflict.txt';
    const content = (s: string) => Buffer.from(s).toString('base64');
    const first = await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path,
      message: 'a',
      content: content('a'),
    });
    const firstSha = first.data.content?.sha ?? '';
    await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path,
      message: 'b',
      content: content('b'),
      sha: firstSha,
    });
    const stale = await failure(
      octokit.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path,
        message: 'c',
        content: content('c'),
        sha: firstSha,
      }),
    );
    expect(stale.status).toBe(409);
    expect(String(stale.data.message)).toMatch(/^is at [0-9a-f]{40} but expected [0-9a-f]{40}$/);
    const noSha = await failure(
      octokit.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path,
        message: 'd',
        content: content('d'),
      }),
    );
    expect(noSha).toMatchObject({
      status: 422,
      data: { message: `Invalid request.\n\n"sha" wasn't supplied.` },
    });
    expect(gh.state.readFile(path)).toBe('b');
  });

  it('refs: 422 for an existing ref, a non-fast-forward update and a missing ref', async () => {
    const main = gh.state.resolve('main') ?? '';
    await octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/ff', sha: main });
    expect(
      await failure(octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/ff', sha: main })),
    ).toMatchObject({
      status: 422,
      data: { message: 'Reference already exists' },
    });
    const sideways = gh.state.commitFiles({ branch: 'side', files: { s: 's' } });
    const ahead = gh.state.commitFiles({ branch: 'ff', files: { f: 'f' } });
    expect(
      await failure(octokit.rest.git.updateRef({ owner, repo, ref: 'heads/ff', sha: sideways })),
    ).toMatchObject({ status: 422, data: { message: 'Update is not a fast forward' } });
    const forced = await octokit.rest.git.updateRef({
      owner,
      repo,
      ref: 'heads/ff',
      sha: sideways,
      force: true,
    });
    expect(forced.data.object.sha).toBe(sideways);
    expect(ahead).not.toBe(sideways);
    expect((await failure(octokit.rest.git.deleteRef({ owner, repo, ref: 'heads/never' }))).status).toBe(422);
  });

  it('pulls: 422 for a missing head and for a second open PR from the same branch', async () => {
    gh.state.commitFiles({ branch: 'twice', files: { t: 't' } });
    expect(
      await failure(
        octokit.rest.pulls.create({ owner, repo, head: 'ghost-branch', base: 'main', title: 'x' }),
      ),
    ).toMatchObject({
      status: 422,
      data: { errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }] },
    });
    await octokit.rest.pulls.create({ owner, repo, head: 'twice', base: 'main', title: 'first' });
    const again = await failure(
      octokit.rest.pulls.create({ owner, repo, head: 'twice', base: 'main', title: 'again' }),
    );
    expect(again.status).toBe(422);
    expect(JSON.stringify(again.data)).toContain('A pull request already exists for octo-org:twice.');
  });

  it('workflow dispatch: 422 for an unknown ref and for undeclared inputs', async () => {
    gh.state.addWorkflow('strict.yml', { inputs: ['model'] });
    expect(
      await failure(
        octokit.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: 'strict.yml', ref: 'nope' }),
      ),
    ).toMatchObject({ status: 422, data: { message: 'No ref found for: nope' } });
    const extra = await failure(
      octokit.rest.actions.createWorkflowDispatch({
        owner,
        repo,
        workflow_id: 'strict.yml',
        ref: 'main',
        inputs: { model: 'churn', colour: 'blue' },
      }),
    );
    expect(extra).toMatchObject({ status: 422, data: { message: 'Unexpected inputs provided: ["colour"]' } });
    expect(gh.state.dispatches).toEqual([]);
  });

  it('deployments: 422 for an unknown ref; an active deployment cannot be deleted while others exist', async () => {
    expect(
      (
        await failure(
          octokit.rest.repos.createDeployment({ owner, repo, ref: 'nope', required_contexts: [] }),
        )
      ).status,
    ).toBe(422);
    const a = gh.state.addDeployment({ environment: 'del', statuses: [{ state: 'success' }] });
    gh.state.addDeployment({ environment: 'del' });
    const denied = await failure(octokit.rest.repos.deleteDeployment({ owner, repo, deployment_id: a.id }));
    expect(denied.status).toBe(422);
    await octokit.rest.repos.createDeploymentStatus({ owner, repo, deployment_id: a.id, state: 'inactive' });
    const deleted = await octokit.rest.repos.deleteDeployment({ owner, repo, deployment_id: a.id });
    expect(deleted.status).toBe(204);
  });
});

describe('headers, rate limits and the request log', () => {
  it('sends GitHub headers, and x-ratelimit-remaining counts down per token', async () => {
    const alice = client(gh.issueToken({ login: 'alice-rl', type: 'User' }));
    const bob = client(gh.issueToken({ login: 'bob-rl', type: 'User' }));
    const a1 = await alice.rest.repos.get({ owner, repo });
    const a2 = await alice.rest.repos.get({ owner, repo });
    const b1 = await bob.rest.repos.get({ owner, repo });
    expect(a1.headers).toMatchObject({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
      'x-github-api-version-selected': '2022-11-28',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(a2.headers['x-ratelimit-remaining']).toBe('4998');
    expect(b1.headers['x-ratelimit-remaining']).toBe('4999');
    expect(Number(a1.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(a1.headers['x-github-request-id']).toMatch(
      /^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{6}:[0-9A-F]{6}:[0-9A-F]{8}$/,
    );
    expect(a1.headers['x-github-request-id']).not.toBe(a2.headers['x-github-request-id']);
    // GITHUB_TOKEN's window is 1,000 requests an hour.
    const bot = await octokit.rest.repos.get({ owner, repo });
    expect(bot.headers['x-ratelimit-limit']).toBe('1000');
  });

  it('an exhausted window answers 403 with remaining 0 until it resets', async () => {
    const token = gh.issueToken({ login: 'greedy', type: 'User' });
    gh.setRateLimit(token, { remaining: 1 });
    const c = client(token);
    const last = await c.rest.repos.get({ owner, repo });
    expect(last.headers['x-ratelimit-remaining']).toBe('0');
    const over = await failure(c.rest.repos.get({ owner, repo }));
    expect(over.status).toBe(403);
    expect(String(over.data.message)).toMatch(/^API rate limit exceeded/);
    gh.setRateLimit(token, { remaining: 10 });
    expect((await c.rest.repos.get({ owner, repo })).status).toBe(200);
  });

  it('logs every request with its operation, body, status and only the last 4 token characters', async () => {
    const before = gh.log.length;
    const issue = await octokit.rest.issues.create({ owner, repo, title: 'logged', labels: ['x'] });
    await failure(
      client('ghp_wrongtoken1234').rest.issues.get({ owner, repo, issue_number: issue.data.number }),
    );
    const [create, denied] = gh.log.slice(before);
    expect(create).toMatchObject({
      method: 'POST',
      path: '/repos/octo-org/ml-repo/issues',
      status: 201,
      operationId: 'issues/create',
      requestBody: { title: 'logged', labels: ['x'] },
      token: gh.defaultToken.slice(-4),
      server: 'api',
      fault: false,
    });
    expect(denied).toMatchObject({ status: 401, token: '1234', operationId: 'issues/get' });
    expect(JSON.stringify(gh.log)).not.toContain(gh.defaultToken);
    expect(Date.parse(create?.at ?? '')).not.toBeNaN();
  });
});

describe('error bodies', () => {
  it("name the failing operation's page of GitHub's docs, as api.github.com does", async () => {
    expect(await failure(octokit.rest.repos.getRelease({ owner, repo, release_id: 987_654 }))).toEqual({
      status: 404,
      data: {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/releases/releases#get-a-release',
        status: '404',
      },
    });
    const taken = await failure(
      octokit.rest.git.createRef({
        owner,
        repo,
        ref: 'refs/heads/main',
        sha: gh.state.resolve('main') ?? '',
      }),
    );
    expect(taken.data['documentation_url']).toBe('https://docs.github.com/rest/git/refs#create-a-reference');
  });
});

describe('request ids', () => {
  const REQUEST_ID = /^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{6}:[0-9A-F]{6}:[0-9A-F]{8}$/;

  async function requestError(promise: Promise<unknown>): Promise<RequestError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RequestError);
    return error as RequestError;
  }

  it('come as the x-github-request-id header of an error, whose body is only message, documentation_url and status', async () => {
    const error = await requestError(octokit.rest.repos.getRelease({ owner, repo, release_id: 424_242 }));
    const id = error.response?.headers['x-github-request-id'];
    expect(id).toMatch(REQUEST_ID);
    expect(Object.keys(error.response?.data as object).sort()).toEqual([
      'documentation_url',
      'message',
      'status',
    ]);
    // What our actions print names it, so a user can quote it to GitHub Support.
    expect(describeGitHubError(error)).toBe(
      `GitHub API GET /repos/${owner}/${repo}/releases/424242 failed with 404: Not Found — check the repository, the number or name, and that the token can see it (request id ${id})`,
    );
    expect(requestIdOf(error)).toBe(id);
  });

  it('come on the uploads host, which sends no rate-limit headers, on success and on error', async () => {
    const release = await octokit.rest.repos.createRelease({ owner, repo, tag_name: 'request-id-v1' });
    const upload = await octokit.rest.repos.uploadReleaseAsset({
      owner,
      repo,
      release_id: release.data.id,
      name: 'a.txt',
      data: 'a' as unknown as string,
      baseUrl: gh.uploadsUrl,
    });
    expect(upload.headers['x-github-request-id']).toMatch(REQUEST_ID);
    const missing = await requestError(
      octokit.rest.repos.uploadReleaseAsset({
        owner,
        repo,
        release_id: 424_243,
        name: 'a.txt',
        data: 'a' as unknown as string,
        baseUrl: gh.uploadsUrl,
      }),
    );
    expect(missing.status).toBe(404);
    expect(missing.response?.headers['x-github-request-id']).toMatch(REQUEST_ID);
    for (const headers of [upload.headers, missing.response?.headers ?? {}]) {
      expect(Object.keys(headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
    }
  });

  it('come on what an injected fault answers, and differ per request', async () => {
    gh.faults.add({ method: 'GET', path: `/repos/${owner}/${repo}/releases/424244`, status: 502 });
    const gateway = await requestError(
      new Octokit({ auth: gh.defaultToken, baseUrl: gh.apiUrl, log: quiet }).rest.repos.getRelease({
        owner,
        repo,
        release_id: 424_244,
      }),
    );
    expect(gateway.status).toBe(502);
    const id = gateway.response?.headers['x-github-request-id'];
    expect(id).toMatch(REQUEST_ID);
    expect(describeGitHubError(gateway)).toContain(`(request id ${id})`);
    const other = await requestError(octokit.rest.repos.getRelease({ owner, repo, release_id: 424_244 }));
    expect(other.response?.headers['x-github-request-id']).not.toBe(id);
  });
});
