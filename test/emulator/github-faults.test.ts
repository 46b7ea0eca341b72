import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  expectNoSchemaViolations,
  startGitHubEmulator,
  type GitHubEmulator,
} from '../../packages/emulator/src/github/index';

const owner = 'octo-org';
const repo = 'ml-repo';
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const RetryingOctokit = Octokit.plugin(retry);
const ThrottledOctokit = Octokit.plugin(throttling);
let gh: GitHubEmulator;
let issue_number: number;

/** Octokit with the retry plugin, waiting 10 ms × n² between attempts instead of seconds. */
function retrying() {
  return new RetryingOctokit({
    auth: gh.defaultToken,
    baseUrl: gh.apiUrl,
    log: quiet,
    retry: { retryAfterBaseValue: 10 },
  });
}

beforeAll(async () => {
  gh = await startGitHubEmulator();
  const plain = new Octokit({ auth: gh.defaultToken, baseUrl: gh.apiUrl });
  issue_number = (await plain.rest.issues.create({ owner, repo, title: 'faults' })).data.number;
});
beforeEach(() => gh.faults.clear());
afterEach(() => expectNoSchemaViolations(gh));
afterAll(async () => {
  await gh.close();
});

function commentsPath() {
  return `/repos/${owner}/${repo}/issues/${issue_number}/comments`;
}

describe('fault injection', () => {
  it('502 once, then the retry plugin retries: exactly one comment is created', async () => {
    const before = gh.state.comments(issue_number).length;
    const logStart = gh.log.length;
    const fault = gh.faults.add({ method: 'POST', path: commentsPath(), status: 502 });
    const res = await retrying().rest.issues.createComment({ owner, repo, issue_number, body: 'once' });
    expect(res.status).toBe(201);
    expect(gh.state.comments(issue_number).length - before).toBe(1);
    expect(fault).toMatchObject({ hits: 1, remaining: 0 });
    expect(gh.log.slice(logStart).map((e) => [e.status, e.fault])).toEqual([
      [502, true],
      [201, false],
    ]);
  });

  it('403 secondary rate limit with retry-after 1: the throttling plugin waits ≥ 1 s, then retries', async () => {
    const waits: number[] = [];
    const octokit = new ThrottledOctokit({
      auth: gh.defaultToken,
      baseUrl: gh.apiUrl,
      log: quiet,
      throttle: {
        onSecondaryRateLimit: (retryAfter: number) => {
          waits.push(retryAfter);
          return true;
        },
        onRateLimit: () => false,
      },
    });
    gh.faults.add({ method: 'GET', path: commentsPath(), secondaryRateLimit: true, retryAfter: 1 });
    const raw = await fetch(`${gh.apiUrl}${commentsPath()}`, {
      headers: { authorization: `token ${gh.defaultToken}` },
    });
    expect(raw.status).toBe(403);
    expect(raw.headers.get('retry-after')).toBe('1');
    const body = (await raw.json()) as { message: string; documentation_url: string };
    expect(body.message).toMatch(
      /^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again/,
    );
    expect(body.documentation_url).toContain('secondary-rate-limits');

    gh.faults.add({ method: 'GET', path: commentsPath(), secondaryRateLimit: true, retryAfter: 1 });
    const started = performance.now();
    const res = await octokit.rest.issues.listComments({ owner, repo, issue_number });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(waits).toEqual([1]);
  });

  it('429 is a primary rate limit (remaining 0, reset soon): the throttling plugin waits for the reset', async () => {
    const waits: number[] = [];
    const octokit = new ThrottledOctokit({
      auth: gh.defaultToken,
      baseUrl: gh.apiUrl,
      log: quiet,
      throttle: {
        onRateLimit: (retryAfter: number) => {
          waits.push(retryAfter);
          return true;
        },
        onSecondaryRateLimit: () => false,
        retryAfterBaseValue: 50, // wait 50 ms per announced second, to keep the test fast
      },
    });
    gh.faults.add({ method: 'GET', path: commentsPath(), status: 429, retryAfter: 2 });
    const raw = await fetch(`${gh.apiUrl}${commentsPath()}`, {
      headers: { authorization: `token ${gh.defaultToken}` },
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(raw.headers.get('x-ratelimit-reset')) - Date.now() / 1000).toBeGreaterThan(0.5);

    gh.faults.add({ method: 'GET', path: commentsPath(), status: 429, retryAfter: 2 });
    const res = await octokit.rest.issues.listComments({ owner, repo, issue_number });
    expect(res.status).toBe(200);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(2);
  });

  it('a persistent 500 ends in an octokit error after the retries, and nothing is written', async () => {
    const before = gh.state.comments(issue_number).length;
    const logStart = gh.log.length;
    gh.faults.add({ method: 'POST', path: commentsPath(), status: 500, times: Infinity });
    await expect(
      retrying().rest.issues.createComment({ owner, repo, issue_number, body: 'never' }),
    ).rejects.toMatchObject({ status: 500, name: 'HttpError' });
    const attempts = gh.log.slice(logStart);
    expect(attempts).toHaveLength(4); // the request and 3 retries
    expect(attempts.every((e) => e.status === 500 && e.fault)).toBe(true);
    expect(gh.state.comments(issue_number).length).toBe(before);
    gh.faults.clear();
    await retrying().rest.issues.createComment({ owner, repo, issue_number, body: 'now' });
    expect(gh.state.comments(issue_number).length).toBe(before + 1);
  });

  it('delayMs slows the reply down, then serves it normally', async () => {
    gh.faults.add({ method: 'GET', path: /\/issues\/\d+\/comments$/, delayMs: 300 });
    const started = performance.now();
    const res = await retrying().rest.issues.listComments({ owner, repo, issue_number });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(200);
    expect(gh.log.at(-1)).toMatchObject({ status: 200, fault: false, delayedMs: 300 });
    // Only once: the next request is served without a delay.
    await retrying().rest.issues.listComments({ owner, repo, issue_number });
    expect(gh.log.at(-1)).toMatchObject({ status: 200, fault: false });
    expect(gh.log.at(-1)?.delayedMs).toBeUndefined();
  });

  it('drop closes the connection: a client error without retries, one comment with them', async () => {
    const before = gh.state.comments(issue_number).length;
    gh.faults.add({ method: 'POST', path: commentsPath(), drop: true });
    const plain = new Octokit({ auth: gh.defaultToken, baseUrl: gh.apiUrl, log: quiet });
    await expect(
      plain.rest.issues.createComment({ owner, repo, issue_number, body: 'lost' }),
    ).rejects.toThrow(/fetch failed|socket|other side closed/i);
    expect(gh.log.at(-1)).toMatchObject({ method: 'POST', status: 'dropped', fault: true });
    expect(gh.state.comments(issue_number).length).toBe(before);

    gh.faults.add({ method: 'POST', path: commentsPath(), drop: true });
    const res = await retrying().rest.issues.createComment({ owner, repo, issue_number, body: 'kept' });
    expect(res.status).toBe(201);
    expect(
      gh.state
        .comments(issue_number)
        .map((c) => c.body)
        .slice(before),
    ).toEqual(['kept']);
  });

  it('applies to the uploads server too', async () => {
    const release = gh.state.addRelease({ tag_name: 'upload-fault@v1', draft: true });
    const path = `/repos/${owner}/${repo}/releases/${release.id}/assets`;
    gh.faults.add({ method: 'POST', path, status: 503 });
    const res = await retrying().rest.repos.uploadReleaseAsset({
      owner,
      repo,
      release_id: release.id,
      name: 'model.onnx',
      data: 'bytes' as unknown as string,
      baseUrl: gh.uploadsUrl,
    });
    expect(res.status).toBe(201);
    expect(release.assets.map((a) => a.name)).toEqual(['model.onnx']);
    expect(gh.log.filter((e) => e.server === 'uploads').map((e) => e.status)).toEqual([503, 201]);
  });

  it('matches by method and path, fires `times` times, and clear() disarms', async () => {
    const fault = gh.faults.add({ method: 'POST', path: commentsPath(), status: 500, times: 2 });
    const plain = new Octokit({ auth: gh.defaultToken, baseUrl: gh.apiUrl, log: quiet });
    expect((await plain.rest.issues.listComments({ owner, repo, issue_number })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      await expect(
        plain.rest.issues.createComment({ owner, repo, issue_number, body: 'x' }),
      ).rejects.toMatchObject({
        status: 500,
      });
    }
    expect((await plain.rest.issues.createComment({ owner, repo, issue_number, body: 'x' })).status).toBe(
      201,
    );
    expect(fault.hits).toBe(2);
    gh.faults.add({ path: /.*/, status: 500, times: Infinity });
    expect(gh.faults.list()).toHaveLength(1);
    gh.faults.clear();
    expect(gh.faults.list()).toHaveLength(0);
    expect((await plain.rest.repos.get({ owner, repo })).status).toBe(200);
  });
});
