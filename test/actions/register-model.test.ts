import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { runMarker } from '@mlops-actions/registry';
import { runAction, type RunActionOptions } from '../harness/run-action';
import { testClient } from '../support/github';
import { sha256, writeTrainingOutputs, type TrainingOutputs } from '../support/models';

/** `METHOD /path` with numeric ids as N and the query dropped, for comparing request sequences. */
function calls(requests: { method: string; path: string }[]): string[] {
  return requests.map(
    (r) => `${r.method} ${decodeURIComponent(r.path.replace(/\?.*$/, '')).replace(/\/\d+(?=\/|$)/g, '/N')}`,
  );
}

const FAST = { MLOPS_ACTIONS_WRITE_INTERVAL_MS: '0', MLOPS_ACTIONS_RETRY_BASE_MS: '10' };

describe('register-model', () => {
  let emulator: Emulator;
  let mainSha: string;
  let nextRunId = 7000;

  beforeAll(async () => {
    emulator = await startEmulator();
    mainSha = emulator.github.state.resolve('main') ?? '';
  });
  afterAll(() => emulator.close());
  afterEach(() => {
    emulator.github.faults.clear();
    expectNoSchemaViolations(emulator.github);
  });

  function register(
    modelName: string,
    files: Partial<TrainingOutputs>,
    extra: Partial<RunActionOptions> = {},
  ) {
    return runAction('register-model', {
      emulator,
      inputs: {
        'model-name': modelName,
        ...(files.model ? { model: files.model } : {}),
        ...(files.runRecord ? { 'run-record': files.runRecord } : {}),
        ...(files.evaluation ? { evaluation: files.evaluation } : {}),
        ...(files.profile ? { profile: files.profile } : {}),
      },
      sha: mainSha,
      runId: nextRunId++,
      env: FAST,
      ...extra,
    });
  }

  async function release(tag: string) {
    const octokit = testClient(emulator);
    return (await octokit.rest.repos.getReleaseByTag({ owner: emulator.owner, repo: emulator.repo, tag }))
      .data;
  }

  async function assetBytes(assetId: number): Promise<Buffer> {
    const { data } = await testClient(emulator).rest.repos.getReleaseAsset({
      owner: emulator.owner,
      repo: emulator.repo,
      asset_id: assetId,
      headers: { accept: 'application/octet-stream' },
    });
    return Buffer.from(data as unknown as ArrayBuffer);
  }

  function modelReleases(modelName: string) {
    return emulator.github.state.releases().filter((r) => r.tag_name.startsWith(`${modelName}@`));
  }

  function modelTags(modelName: string) {
    return Object.keys(emulator.github.state.refs()).filter((ref) =>
      ref.startsWith(`refs/tags/${modelName}@`),
    );
  }

  it('registers v1 and v2 as published releases with their assets and lineage, never marked latest', async () => {
    const first = writeTrainingOutputs();
    const v1 = await register('churn', first);
    expect(v1.exitCode, v1.stdout + v1.stderr).toBe(0);
    expect(v1.outputs).toMatchObject({ version: '1', tag: 'churn@v1' });
    expect(v1.outputs['release-url']).toBe('https://github.com/octo-org/ml-repo/releases/tag/churn%40v1');

    const second = writeTrainingOutputs({ baseline: { tag: 'churn@v1' } });
    const v2 = await register('churn', second);
    expect(v2.exitCode, v2.stdout + v2.stderr).toBe(0);
    expect(v2.outputs).toMatchObject({ version: '2', tag: 'churn@v2' });

    const published = await release('churn@v2');
    expect(published.draft).toBe(false);
    expect(published.target_commitish).toBe(mainSha);
    expect(emulator.github.state.refs()['refs/tags/churn@v2']).toBe(mainSha);
    expect(published.assets.map((a) => a.name)).toEqual([
      'model.onnx',
      'lineage.json',
      'profile.json',
      'evaluation.json',
    ]);
    const byName = Object.fromEntries(published.assets.map((a) => [a.name, a]));
    const lineage = JSON.parse((await assetBytes(byName['lineage.json']?.id ?? 0)).toString('utf8'));
    expect(lineage).toMatchObject({
      schema: 'mlops-actions/lineage',
      schemaVersion: 1,
      model: { name: 'churn', version: 2, tag: 'churn@v2' },
      data: [{ path: 'data/train.csv', rows: 1000 }],
      code: {
        repository: 'octo-org/ml-repo',
        sha: mainSha,
        runAttempt: 1,
        actor: 'data-scientist',
        workflow: 'ml',
      },
      run: { params: { C: 0.5, max_iter: 200 }, metrics: { accuracy: 0.9 }, durationMs: 4200 },
      parent: { tag: 'churn@v1', version: 1 },
      evaluation: { passed: true, metrics: [{ name: 'accuracy', value: 0.91, baseline: 0.88 }] },
    });
    // Each recorded digest is the digest of the bytes GitHub serves.
    for (const recorded of lineage.assets as { name: string; sha256: string; bytes: number }[]) {
      const served = await assetBytes(byName[recorded.name]?.id ?? 0);
      expect({ name: recorded.name, sha256: sha256(served), bytes: served.length }).toEqual(recorded);
    }
    expect(lineage.assets[0]).toMatchObject({ name: 'model.onnx', sha256: sha256(second.modelBytes) });
    // The lineage output is the same document, for later steps.
    expect(JSON.parse(readFileSync(v2.outputs['lineage'] ?? '', 'utf8'))).toEqual(lineage);

    // The model card: metrics against the parent, the graph, who trained it.
    expect(published.body).toMatch(/\| accuracy +\| 0\.91 +\| 0\.88 +\| ▲ \+0\.03 \(better\) +\|/);
    expect(published.body).toContain('parent["churn@v1"] -. baseline .-> model');
    expect(published.body).toContain('Trained by **data\\-scientist**');
    expect(v2.summary).toContain('churn@&#8203;v2 registered');

    await expect(
      testClient(emulator).rest.repos.getLatestRelease({ owner: emulator.owner, repo: emulator.repo }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('escapes a hostile metric name in the model card', async () => {
    const files = writeTrainingOutputs({
      metrics: { '[x](https://evil.example) @octocat <img src=x>': { candidate: 1 } },
    });
    const result = await register('hostile', files);
    expect(result.exitCode, result.stdout).toBe(0);
    const body = (await release('hostile@v1')).body ?? '';
    expect(body).toContain('\\[x\\]');
    expect(body).not.toContain('[x](');
    expect(body).not.toContain('<img');
    expect(body).not.toMatch(/@octocat/);
  });

  it('a failed asset upload leaves no draft and no tag, and the step fails clearly', async () => {
    emulator.github.faults.add({
      method: 'POST',
      path: /\/releases\/\d+\/assets$/,
      status: 500,
      times: Infinity,
    });
    const result = await register('flaky', writeTrainingOutputs());
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /GitHub API POST \/repos\/octo-org\/ml-repo\/releases\/\d+\/assets failed with 500/,
    );
    // One try and three retries of the first upload, each failure followed by a look for an asset
    // it may have made; the release is checked to be still a draft, then the draft and the tag
    // (which no published release uses) are removed.
    expect(calls(result.requests).slice(-12)).toEqual([
      ...Array<string[]>(4)
        .fill([
          'POST /repos/octo-org/ml-repo/releases/N/assets',
          'GET /repos/octo-org/ml-repo/releases/N/assets',
        ])
        .flat(),
      'GET /repos/octo-org/ml-repo/releases/N',
      'DELETE /repos/octo-org/ml-repo/releases/N',
      'GET /repos/octo-org/ml-repo/releases/tags/flaky@v1',
      'DELETE /repos/octo-org/ml-repo/git/refs/tags/flaky@v1',
    ]);
    expect(modelReleases('flaky')).toEqual([]);
    expect(modelTags('flaky')).toEqual([]);
    emulator.github.faults.clear();
    const retried = await register('flaky', writeTrainingOutputs());
    expect(retried.outputs['tag']).toBe('flaky@v1');
  });

  it('two registrations at once end with two distinct, complete versions', async () => {
    const [a, b] = await Promise.all([
      register('race', writeTrainingOutputs()),
      register('race', writeTrainingOutputs()),
    ]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    expect([a.outputs['tag'], b.outputs['tag']].sort()).toEqual(['race@v1', 'race@v2']);
    const releases = modelReleases('race');
    expect(releases.map((r) => [r.tag_name, r.draft, r.assets.length]).sort()).toEqual([
      ['race@v1', false, 4],
      ['race@v2', false, 4],
    ]);
  });

  it('a re-run of the same workflow run (attempt 2) returns the same version and creates nothing', async () => {
    const files = writeTrainingOutputs();
    const first = await register('rerun', files, { runId: 9100 });
    const again = await register('rerun', files, { runId: 9100, runAttempt: 2 });
    expect(again.exitCode, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({
      version: '1',
      tag: 'rerun@v1',
      'release-url': first.outputs['release-url'],
    });
    expect(again.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(again.summary).toContain('already registered by this workflow run');
    expect(modelReleases('rerun')).toHaveLength(1);
    // The lineage handed on is the one published by attempt 1.
    expect(JSON.parse(readFileSync(again.outputs['lineage'] ?? '', 'utf8')).code.runAttempt).toBe(1);
  });

  it('two matrix jobs of one run registering different models get two versions; a re-run finds each one again', async () => {
    const small = writeTrainingOutputs({ seed: 'matrix small' });
    const large = writeTrainingOutputs({ seed: 'matrix large' });
    // Both jobs at once: neither takes the other's version nor touches its draft.
    const [a, b] = await Promise.all([
      register('matrix', small, { runId: 9200, jobId: 'train-small' }),
      register('matrix', large, { runId: 9200, jobId: 'train-large' }),
    ]);
    expect([a.exitCode, b.exitCode], a.stdout + b.stdout).toEqual([0, 0]);
    expect([a.outputs['tag'], b.outputs['tag']].sort()).toEqual(['matrix@v1', 'matrix@v2']);
    expect(modelReleases('matrix').map((r) => [r.draft, r.assets.length])).toEqual([
      [false, 4],
      [false, 4],
    ]);

    // Re-running the run (attempt 2) with the same model bytes returns each job's own version.
    const rerunLarge = await register('matrix', large, { runId: 9200, runAttempt: 2, jobId: 'train-large' });
    const rerunSmall = await register('matrix', small, { runId: 9200, runAttempt: 2, jobId: 'train-small' });
    expect(rerunLarge.outputs['tag']).toBe(b.outputs['tag']);
    expect(rerunSmall.outputs['tag']).toBe(a.outputs['tag']);
    expect([...rerunLarge.requests, ...rerunSmall.requests].filter((r) => r.method !== 'GET')).toEqual([]);
    expect(rerunSmall.summary).toContain('already registered by this workflow run');
    const lineage = JSON.parse(readFileSync(rerunSmall.outputs['lineage'] ?? '', 'utf8'));
    expect(lineage.assets[0]).toMatchObject({ name: 'model.onnx', sha256: sha256(small.modelBytes) });

    // A re-run that retrained (new bytes) is a new model: a new version.
    const retrained = await register('matrix', writeTrainingOutputs({ seed: 'matrix retrained' }), {
      runId: 9200,
      runAttempt: 3,
    });
    expect(retrained.outputs['tag']).toBe('matrix@v3');
    expect(modelReleases('matrix')).toHaveLength(3);
  });

  it('a re-run that retrained removes the draft its crashed first attempt left, and takes its number', async () => {
    // Attempt 1 reserved retrain@v1 (tag and draft), then its runner died.
    await testClient(emulator).rest.git.createRef({
      owner: emulator.owner,
      repo: emulator.repo,
      ref: 'refs/tags/retrain@v1',
      sha: mainSha,
    });
    const crashed = emulator.github.state.addRelease({
      tag_name: 'retrain@v1',
      draft: true,
      body: `# half\n\n${runMarker('retrain', 9300, { attempt: 1, sha256: 'c'.repeat(64) })}\n`,
    });
    const result = await register('retrain', writeTrainingOutputs(), { runId: 9300, runAttempt: 2 });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs['tag']).toBe('retrain@v1');
    expect(result.stdout).toContain('Removing the draft retrain@v1 left by an earlier attempt of this run.');
    expect(modelReleases('retrain').map((r) => [r.id === crashed.id, r.draft])).toEqual([[false, false]]);
  });

  it('with 100 existing versions, reads a fixed number of list pages before writing', async () => {
    const budget = await startEmulator();
    try {
      for (let v = 1; v <= 100; v++) {
        budget.github.state.addRelease({ tag_name: `big@v${v}`, make_latest: 'false' });
      }
      const result = await runAction('register-model', {
        emulator: budget,
        inputs: { 'model-name': 'big', model: writeTrainingOutputs().model },
        sha: budget.github.state.resolve('main') ?? '',
        env: FAST,
      });
      expect(result.exitCode, result.stdout).toBe(0);
      expect(result.outputs['tag']).toBe('big@v101');
      // One page of releases (100 per page), the matching tags, the writes, and before publishing one
      // page of the newest releases (a twin registering the same bytes?) — never all 101 again.
      expect(calls(result.requests)).toEqual([
        'GET /repos/octo-org/ml-repo/releases',
        'GET /repos/octo-org/ml-repo/git/matching-refs/tags/big@v',
        'POST /repos/octo-org/ml-repo/git/refs',
        'POST /repos/octo-org/ml-repo/releases',
        'POST /repos/octo-org/ml-repo/releases/N/assets',
        'POST /repos/octo-org/ml-repo/releases/N/assets',
        'GET /repos/octo-org/ml-repo/releases',
        'PATCH /repos/octo-org/ml-repo/releases/N',
      ]);
    } finally {
      await budget.close();
    }
  });

  describe('bad input fails before anything is written', () => {
    it('a model name that cannot be a tag', async () => {
      const result = await register('churn model', writeTrainingOutputs());
      expect(result.exitCode).toBe(1);
      expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
        /Model name "churn model" can only hold letters/,
      );
      expect(result.requests).toEqual([]);
    });

    it('a missing model file', async () => {
      const result = await register('churn', { model: '/no/such/model.onnx' });
      expect(result.exitCode).toBe(1);
      expect(result.annotations.find((a) => a.level === 'error')?.message).toBe(
        '/no/such/model.onnx: model file not found — give the path of the ONNX model to register.',
      );
      expect(result.requests).toEqual([]);
    });

    it('an evaluation that is not JSON, named in the error', async () => {
      const files = writeTrainingOutputs();
      writeFileSync(files.evaluation, '{ "metrics": ');
      const result = await register('churn', files);
      expect(result.exitCode).toBe(1);
      expect(result.annotations.find((a) => a.level === 'error')?.message).toContain(
        `${files.evaluation}: not valid JSON`,
      );
      expect(result.requests).toEqual([]);
    });

    it('an explicit version that exists', async () => {
      const result = await register('churn', writeTrainingOutputs(), {
        inputs: { 'model-name': 'churn', model: writeTrainingOutputs().model, version: 'v1' },
      });
      expect(result.exitCode).toBe(1);
      expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(/churn@v1 already exists/);
    });
  });
});
