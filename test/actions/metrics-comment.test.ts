import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import type { Evaluation, SliceResult } from '@mlops-actions/stats';
import { pullRequestEvent, pushEvent } from '../harness/events';
import { runAction, type RunActionOptions } from '../harness/run-action';
import { listAllComments, openPullRequest, testClient } from '../support/github';

const MARKER = '<!-- mlops-actions:metrics-comment model=churn -->';

interface MetricSpec {
  candidate: number;
  baseline?: number;
  higherIsBetter?: boolean;
}

/** An evaluation.json as `evaluate` writes it (schema v1), with the given metrics and slices. */
function writeEvaluation(
  metrics: Record<string, MetricSpec>,
  extra: { slices?: SliceResult[]; modelName?: string; baseline?: Evaluation['baseline'] } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'evaluation-'));
  const path = join(dir, 'evaluation.json');
  const evaluation: Evaluation = {
    schema: 'mlops-actions/evaluation',
    schemaVersion: 1,
    model: { name: extra.modelName ?? 'churn' },
    baseline: extra.baseline ?? { name: 'churn', tag: 'churn@v3', version: 3 },
    task: 'binary',
    rows: 1200,
    threshold: 0.5,
    metrics: Object.entries(metrics).map(([name, spec]) => ({
      name,
      title: name,
      higherIsBetter: spec.higherIsBetter ?? true,
      candidate: spec.candidate,
      ...(spec.baseline === undefined
        ? {}
        : {
            baseline: spec.baseline,
            delta: spec.candidate - spec.baseline,
            interval: { lower: -0.01, upper: 0.02, confidence: 0.95 },
            significant: false,
          }),
      warnings: [],
    })),
    gates: [],
    passed: true,
    slices: extra.slices ?? [],
    createdAt: new Date().toISOString(),
  };
  writeFileSync(path, JSON.stringify(evaluation));
  return path;
}

describe('metrics-comment', () => {
  let emulator: Emulator;
  let pull: { number: number; headSha: string };
  let evaluation: string;

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(async () => {
    emulator.github.faults.clear();
    pull = await openPullRequest(emulator, `feature-${Math.random().toString(36).slice(2, 8)}`);
    evaluation = writeEvaluation({
      accuracy: { candidate: 0.91, baseline: 0.88, higherIsBetter: true },
      log_loss: { candidate: 0.31, baseline: 0.29, higherIsBetter: false },
    });
  });
  afterEach(() => expectNoSchemaViolations(emulator.github));

  function onPullRequest(extra: Partial<RunActionOptions> = {}): RunActionOptions {
    return {
      emulator,
      inputs: { evaluation },
      eventName: 'pull_request',
      event: pullRequestEvent(emulator, { number: pull.number, headSha: pull.headSha }),
      sha: pull.headSha,
      env: { MLOPS_ACTIONS_RETRY_BASE_MS: '20' },
      ...extra,
    };
  }

  it('creates one comment with the metric table, and a re-run updates it instead of adding one', async () => {
    const first = await runAction('metrics-comment', onPullRequest());
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    let comments = await listAllComments(emulator, pull.number);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toMatch(/\| accuracy ↑ +\| +0\.88 \| +0\.91 \| +▲ \+0\.03 \(better\) \|/);
    expect(body).toMatch(/\| log\\_loss ↓ +\| +0\.29 \| +0\.31 \| +▲ \+0\.02 \(worse\) \|/);
    expect(first.outputs['comment-id']).toBe(String(comments[0]?.id));
    expect(first.outputs['comment-url']).toBe(comments[0]?.html_url);
    expect(first.summary).toContain(MARKER);
    // The token is registered as a secret (the runner masks it) and never printed in clear otherwise.
    const token = emulator.defaultToken;
    expect(first.stdout).toContain(`::add-mask::${token}`);
    expect(first.stdout.replace(`::add-mask::${token}`, '')).not.toContain(token);

    const second = await runAction(
      'metrics-comment',
      onPullRequest({ inputs: { evaluation: writeEvaluation({ accuracy: { candidate: 0.95 } }) } }),
    );
    expect(second.exitCode).toBe(0);
    comments = await listAllComments(emulator, pull.number);
    expect(comments).toHaveLength(1);
    // Without a baseline the table has only the candidate's column.
    expect(comments[0]?.body).toMatch(/\| accuracy ↑ +\| +0\.95 \|/);
    expect(comments[0]?.body).not.toContain('baseline |');
    expect(second.outputs['comment-id']).toBe(first.outputs['comment-id']);
    // Budget: who am I (GITHUB_TOKEN is no user: GraphQL's viewer names it), one page of comments,
    // one update.
    expect(second.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /user',
      'POST /graphql',
      `GET /repos/octo-org/ml-repo/issues/${pull.number}/comments`,
      `PATCH /repos/octo-org/ml-repo/issues/comments/${first.outputs['comment-id']}`,
    ]);
  });

  it('keeps one comment per exact model name: `churn model` and `churn_model` are two models', async () => {
    for (const modelName of ['churn model', 'churn_model', 'churn model']) {
      const result = await runAction(
        'metrics-comment',
        onPullRequest({
          inputs: { evaluation: writeEvaluation({ accuracy: { candidate: 0.9 } }, { modelName }) },
        }),
      );
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    }
    const comments = await listAllComments(emulator, pull.number);
    expect(comments.map((c) => c.body?.split('\n')[0])).toEqual([
      '<!-- mlops-actions:metrics-comment model=churn%20model -->',
      '<!-- mlops-actions:metrics-comment model=churn_model -->',
    ]);
  });

  it('finds its comment behind several pages of other comments', async () => {
    const octokit = testClient(emulator);
    const { owner, repo } = emulator;
    await runAction('metrics-comment', onPullRequest());
    for (let i = 0; i < 230; i++) {
      await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: pull.number,
        body: `review note ${i}`,
      });
    }
    // A look-alike written by a person must not be taken over.
    const human = testClient(emulator, emulator.github.issueToken({ login: 'mallory', type: 'User' }));
    await human.rest.issues.createComment({
      owner,
      repo,
      issue_number: pull.number,
      body: `${MARKER}\nfake`,
    });

    const result = await runAction('metrics-comment', onPullRequest());
    expect(result.exitCode).toBe(0);
    const comments = await listAllComments(emulator, pull.number);
    expect(comments).toHaveLength(232);
    const ours = comments.filter(
      (c) => c.body?.startsWith(MARKER) && c.user?.login === 'github-actions[bot]',
    );
    expect(ours).toHaveLength(1);
    expect(comments.find((c) => c.user?.login === 'mallory')?.body).toBe(`${MARKER}\nfake`);
  });

  it("never takes over another bot's look-alike comment", async () => {
    const { owner, repo } = emulator;
    const otherBot = testClient(
      emulator,
      emulator.github.issueToken({ login: 'other-app[bot]', type: 'Bot' }),
    );
    await otherBot.rest.issues.createComment({
      owner,
      repo,
      issue_number: pull.number,
      body: `${MARKER}\nnot ours`,
    });
    const first = await runAction('metrics-comment', onPullRequest());
    const second = await runAction('metrics-comment', onPullRequest());
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    const comments = await listAllComments(emulator, pull.number);
    expect(comments.map((c) => c.user?.login)).toEqual(['other-app[bot]', 'github-actions[bot]']);
    expect(comments[0]?.body).toBe(`${MARKER}\nnot ours`);
    expect(second.outputs['comment-id']).toBe(String(comments[1]?.id));
  });

  it("keeps one comment with a GitHub App's token too (the bot named by GraphQL's viewer)", async () => {
    // An installation token: GET /user answers 403, so the action asks GraphQL who it is.
    const appToken = emulator.github.issueToken({ login: 'mlops-app[bot]', type: 'Bot' });
    const options = onPullRequest({ inputs: { evaluation, 'github-token': appToken } });
    const first = await runAction('metrics-comment', options);
    const second = await runAction('metrics-comment', options);
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    const comments = await listAllComments(emulator, pull.number);
    expect(comments.map((c) => c.user?.login)).toEqual(['mlops-app[bot]']);
    expect(second.outputs['comment-id']).toBe(String(comments[0]?.id));
    expect(second.requests.some((r) => r.method === 'PATCH' && /\/issues\/comments\/\d+$/.test(r.path))).toBe(
      true,
    );
  });

  it('two runs posting at once end with one comment', async () => {
    // Hold each create for 2 s before it is processed: whichever run lists second (up to 2 s later)
    // still sees no comment, so both runs create one and must settle on a single comment.
    emulator.github.faults.add({ method: 'POST', path: /\/issues\/\d+\/comments$/, delayMs: 4000, times: 2 });
    const logStart = emulator.requestLog().length;
    const [a, b] = await Promise.all([
      runAction('metrics-comment', onPullRequest()),
      runAction('metrics-comment', onPullRequest()),
    ]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    // Each run's `requests` holds everything served while it ran, so count on the emulator's own log.
    const creates = emulator
      .requestLog()
      .slice(logStart)
      .filter((r) => r.method === 'POST' && r.path.endsWith('/comments'));
    expect(creates).toHaveLength(2);
    const comments = await listAllComments(emulator, pull.number);
    expect(comments).toHaveLength(1);
    expect(a.outputs['comment-id']).toBe(String(comments[0]?.id));
    expect(b.outputs['comment-id']).toBe(String(comments[0]?.id));
  });

  it('adds the data-profile diff when given both training profiles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    const profile = (rows: number[]) => {
      const csv = join(dir, `p${rows.join('-')}.csv`);
      writeFileSync(csv, `tenure\n${rows.join('\n')}\n`);
      return csv;
    };
    const { profileDataset } = await import('@mlops-actions/stats');
    const write = async (name: string, rows: number[]) => {
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify((await profileDataset(profile(rows))).toJSON()));
      return path;
    };
    const result = await runAction(
      'metrics-comment',
      onPullRequest({
        inputs: {
          evaluation,
          profile: await write('candidate.json', [10, 20, 30, 40]),
          'baseline-profile': await write('baseline.json', [1, 2, 3, 4]),
        },
      }),
    );
    expect(result.exitCode, result.stdout).toBe(0);
    const body = (await listAllComments(emulator, pull.number))[0]?.body ?? '';
    expect(body).toContain("<summary>Training data vs the baseline's (1 column moved)</summary>");
    expect(body).toMatch(/\| tenure +\| 0 % → 0 % +\| 2\.5 → 25 +\|/);
  });

  it('with `profile` alone, diffs against the profile.json of the version the evaluation compared with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    const { profileDataset } = await import('@mlops-actions/stats');
    const profileOf = async (name: string, csv: string) => {
      writeFileSync(join(dir, `${name}.csv`), csv);
      return JSON.stringify((await profileDataset(join(dir, `${name}.csv`))).toJSON());
    };
    const candidate = join(dir, 'candidate.json');
    writeFileSync(candidate, await profileOf('candidate', 'tenure,plan\n10,a\n20,b\n30,a\n40,b\n'));
    // The baseline (churn@v3, from the evaluation) as register-model published it.
    const model = `churn${Math.random().toString(36).slice(2, 8)}`;
    emulator.github.state.addRelease({
      tag_name: `${model}@v3`,
      assets: [
        {
          name: 'profile.json',
          data: Buffer.from(await profileOf('baseline', 'tenure,plan\n1,a\n2,b\n3,a\n4,b\n')),
          contentType: 'application/json',
        },
      ],
    });
    const withBaseline = writeEvaluation(
      { accuracy: { candidate: 0.9, baseline: 0.88 } },
      { modelName: model, baseline: { name: model, tag: `${model}@v3`, version: 3 } },
    );
    const result = await runAction(
      'metrics-comment',
      onPullRequest({ inputs: { evaluation: withBaseline, profile: candidate } }),
    );
    expect(result.exitCode, result.stdout).toBe(0);
    const body = (await listAllComments(emulator, pull.number))[0]?.body ?? '';
    expect(body).toContain("<summary>Training data vs the baseline's (1 column moved)</summary>");
    // Means 2.5 → 25, as the two CSVs give.
    expect(body).toMatch(/\| tenure +\| 0 % → 0 % +\| 2\.5 → 25 +\|/);

    // A baseline version without a profile: the comment still goes out, without the diff, and says why.
    const other = `bare${Math.random().toString(36).slice(2, 8)}`;
    emulator.github.state.addRelease({ tag_name: `${other}@v1`, assets: [] });
    const bare = writeEvaluation(
      { accuracy: { candidate: 0.9, baseline: 0.88 } },
      { modelName: other, baseline: { name: other, tag: `${other}@v1`, version: 1 } },
    );
    const without = await runAction(
      'metrics-comment',
      onPullRequest({ inputs: { evaluation: bare, profile: candidate } }),
    );
    expect(without.exitCode, without.stdout).toBe(0);
    expect(without.stdout).toContain(
      `${other}@v1 has no profile.json asset, so the comment has no data-profile diff.`,
    );
    const comments = await listAllComments(emulator, pull.number);
    const second = comments.find((comment) => comment.body?.includes(`model=${other} -->`))?.body ?? '';
    expect(second).toContain('accuracy');
    expect(second).not.toContain('Training data vs');
  });

  it('downloads a baseline version’s profile.json once for all the evaluations compared with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    const { profileDataset } = await import('@mlops-actions/stats');
    writeFileSync(join(dir, 'data.csv'), 'tenure,plan\n10,a\n20,b\n30,a\n40,b\n');
    const profile = JSON.stringify((await profileDataset(join(dir, 'data.csv'))).toJSON());
    const candidate = join(dir, 'candidate.json');
    writeFileSync(candidate, profile);
    const model = `shared${Math.random().toString(36).slice(2, 8)}`;
    emulator.github.state.addRelease({
      tag_name: `${model}@v2`,
      assets: [{ name: 'profile.json', data: Buffer.from(profile), contentType: 'application/json' }],
    });
    // Two variants (two comments), both compared with model@v2.
    const evaluations = ['small', 'large'].map((variant) =>
      writeEvaluation(
        { accuracy: { candidate: 0.9, baseline: 0.88 } },
        { modelName: `${model}-${variant}`, baseline: { name: model, tag: `${model}@v2`, version: 2 } },
      ),
    );
    const logStart = emulator.requestLog().length;
    const result = await runAction(
      'metrics-comment',
      onPullRequest({ inputs: { evaluation: evaluations.join('\n'), profile: candidate } }),
    );
    expect(result.exitCode, result.stdout).toBe(0);
    const downloads = emulator
      .requestLog()
      .slice(logStart)
      .filter((request) => request.method === 'GET' && /\/releases\/assets\/\d+$/.test(request.path));
    expect(downloads).toHaveLength(1);
    const bodies = (await listAllComments(emulator, pull.number)).map((comment) => comment.body ?? '');
    for (const variant of ['small', 'large']) {
      const body = bodies.find((text) => text.includes(`model=${model}-${variant} -->`)) ?? '';
      expect(body).toContain("<summary>Training data vs the baseline's");
    }
  });

  it('refuses a baseline profile without the candidate’s', async () => {
    const result = await runAction(
      'metrics-comment',
      onPullRequest({ inputs: { evaluation, 'baseline-profile': 'p.json' } }),
    );
    expect(result.exitCode).toBe(1);
    expect(result.annotations[0]?.message).toMatch(/`baseline-profile` needs `profile`/);
    expect(await listAllComments(emulator, pull.number)).toEqual([]);
  });

  it('writes only the job summary on a push', async () => {
    const result = await runAction('metrics-comment', {
      emulator,
      inputs: { evaluation },
      eventName: 'push',
      event: pushEvent(emulator, { after: 'b'.repeat(40) }),
    });
    expect(result.exitCode).toBe(0);
    expect(result.requests).toEqual([]);
    expect(result.summary).toContain('accuracy');
    expect(result.outputs['comment-id']).toBeUndefined();
  });

  it('falls back to the job summary with a warning on a fork pull request', async () => {
    const result = await runAction(
      'metrics-comment',
      onPullRequest({
        event: pullRequestEvent(emulator, { number: pull.number, headSha: pull.headSha, fork: true }),
      }),
    );
    expect(result.exitCode).toBe(0);
    expect(result.requests).toEqual([]);
    expect(result.annotations.some((a) => a.level === 'warning' && /fork/.test(a.message))).toBe(true);
    expect(result.summary).toContain(MARKER);
  });

  it('warns and succeeds when the token cannot write', async () => {
    const readOnly = emulator.github.issueToken({
      login: 'github-actions[bot]',
      type: 'Bot',
      permissions: 'read',
    });
    const result = await runAction(
      'metrics-comment',
      onPullRequest({ inputs: { evaluation, 'github-token': readOnly } }),
    );
    expect(result.exitCode).toBe(0);
    expect(result.annotations.find((a) => a.level === 'warning')?.message).toMatch(
      /403.*pull-requests: write/s,
    );
    expect(await listAllComments(emulator, pull.number)).toHaveLength(0);
  });

  it('escapes hostile metric names', async () => {
    const hostile = writeEvaluation(
      { accuracy: { candidate: 0.9, baseline: 0.8 } },
      {
        slices: [
          {
            column: '[x](https://evil.example) @octocat',
            value: '<img src=x onerror=alert(1)>',
            rows: 40,
            metrics: [{ name: 'accuracy', candidate: 0.9 }],
          },
        ],
      },
    );
    const result = await runAction('metrics-comment', onPullRequest({ inputs: { evaluation: hostile } }));
    expect(result.exitCode).toBe(0);
    const body = (await listAllComments(emulator, pull.number))[0]?.body ?? '';
    expect(body).not.toContain('[x](');
    expect(body).not.toContain('<img');
    expect(body).not.toMatch(/@octocat/);
  });

  describe('through faults', () => {
    it('a 502 on the write is retried and leaves exactly one comment', async () => {
      emulator.github.faults.add({ method: 'POST', path: /\/issues\/\d+\/comments$/, status: 502, times: 1 });
      const result = await runAction('metrics-comment', onPullRequest());
      expect(result.exitCode, result.stdout).toBe(0);
      const posts = result.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'));
      expect(posts.map((r) => r.status)).toEqual([502, 201]);
      expect(await listAllComments(emulator, pull.number)).toHaveLength(1);
    });

    it('a secondary rate limit with retry-after is waited out, then retried', async () => {
      emulator.github.faults.add({
        method: 'GET',
        path: /\/issues\/\d+\/comments$/,
        secondaryRateLimit: true,
        retryAfter: 1,
      });
      const result = await runAction('metrics-comment', onPullRequest());
      expect(result.exitCode, result.stdout).toBe(0);
      const lists = result.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/comments'));
      // The rate-limited listing, its retry, then the check for a concurrent run after creating.
      expect(lists.map((r) => r.status)).toEqual([403, 200, 200]);
      expect(result.durationMs).toBeGreaterThanOrEqual(1000);
      expect(result.annotations.some((a) => /secondary rate limit/.test(a.message))).toBe(true);
      expect(await listAllComments(emulator, pull.number)).toHaveLength(1);
    });

    it('a persistent 500 fails the step with a clear error', async () => {
      emulator.github.faults.add({
        method: 'GET',
        path: /\/issues\/\d+\/comments$/,
        status: 500,
        times: Infinity,
      });
      const result = await runAction('metrics-comment', onPullRequest());
      expect(result.exitCode).toBe(1);
      const error = result.annotations.find((a) => a.level === 'error');
      expect(error?.message).toMatch(
        /GitHub API GET \/repos\/octo-org\/ml-repo\/issues\/\d+\/comments failed with 500/,
      );
      // One try and three retries.
      expect(result.requests.filter((r) => r.path.endsWith('/comments'))).toHaveLength(4);
      emulator.github.faults.clear();
      expect(await listAllComments(emulator, pull.number)).toHaveLength(0);
    });
  });
});
