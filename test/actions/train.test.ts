import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@mlops-actions/emulator';
import { exportLinearModel } from '@mlops-actions/model';
import { repoRoot, runAction, type RunActionOptions } from '../harness/run-action';

const seattle = join(repoRoot, 'node_modules/vega-datasets/data/seattle-weather.csv');
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('train', () => {
  let emulator: Emulator;
  let workspace: string;
  let prebuilt: string;

  beforeAll(async () => {
    emulator = await startEmulator({ results: true });
    workspace = mkdtempSync(join(tmpdir(), 'train-ws-'));
    copyFileSync(seattle, join(workspace, 'weather.csv'));
    // The "training" of these tests is a shell script that copies a model built here, so the
    // test shows the action wraps any command, not only Node.
    prebuilt = join(workspace, 'prebuilt.onnx');
    writeFileSync(
      prebuilt,
      exportLinearModel({
        task: 'regression',
        features: [{ kind: 'numeric', name: 'temp_min', mean: 8, std: 5 }],
        weights: Float64Array.from([5]),
        intercepts: Float64Array.from([16]),
      }),
    );
  });
  afterAll(() => emulator.close());

  const script = [
    'echo "training on $MLOPS_DATA, target $MLOPS_TARGET, C=$MLOPS_PARAM_C"',
    'test -f "$MLOPS_PARAMS"',
    'echo ran >> ran.log',
    'cp prebuilt.onnx "$MLOPS_MODEL_PATH"',
    'printf \'{"rmse": 2.5, "params_seen": %s}\' "$(cat "$MLOPS_PARAMS")" > "$MLOPS_METRICS_PATH"',
  ].join('\n');

  function train(inputs: Record<string, string>, extra: Partial<RunActionOptions> = {}) {
    return runAction('train', {
      emulator,
      workspace,
      runId: 321,
      inputs: {
        'model-name': 'temp',
        data: 'weather.csv',
        target: 'temp_max',
        params: '{C: 0.5, max_iter: 10}',
        run: script,
        ...inputs,
      },
      ...extra,
    });
  }

  it('runs the command, records the run, uploads the artifact; an identical second run is a cache hit', async () => {
    const first = await train({});
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(first.outputs['cache-hit']).toBe('false');
    expect(first.stdout).toContain('training on weather.csv, target temp_max, C=0.5');
    const record = JSON.parse(readFileSync(join(workspace, first.outputs['run-record']!), 'utf8'));
    const rows = readFileSync(seattle, 'utf8').trim().split('\n').length - 1;
    expect(record).toMatchObject({
      schema: 'mlops-actions/run',
      modelName: 'temp',
      params: { C: 0.5, max_iter: 10 },
      metrics: { rmse: 2.5, params_seen: { C: 0.5, max_iter: 10 } },
      data: [{ path: 'weather.csv', sha256: sha256(seattle), rows, format: 'csv' }],
      code: { repository: 'octo-org/ml-repo', runId: 321, runAttempt: 1, actor: 'data-scientist' },
      environment: { runnerOs: 'Linux', node: process.version },
      model: {
        path: 'model.onnx',
        sha256: sha256(prebuilt),
        inputs: [{ name: 'temp_min', type: 'tensor(float)[N,1]' }],
      },
    });
    expect(record.model.outputs.map((o: { name: string }) => o.name)).toEqual(['prediction']);
    expect(existsSync(join(workspace, first.outputs['profile']!))).toBe(true);

    // The artifact holds the model and the record, under a name unique to the model, run and attempt.
    const artifacts = emulator.results!.artifacts();
    expect(artifacts.map((a) => a.name)).toEqual(['mlops-train-temp-321-1']);
    expect(first.outputs['artifact-id']).toBe(String(artifacts[0]?.id));

    const second = await train({}, { runId: 322 });
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.outputs['cache-hit']).toBe('true');
    expect(readFileSync(join(workspace, 'ran.log'), 'utf8')).toBe('ran\n'); // the command ran once
    expect(emulator.results!.artifacts().map((a) => a.name)).toContain('mlops-train-temp-322-1');

    // Other parameters: a new key, so it trains again.
    const third = await train({ params: '{C: 1.0}' }, { runId: 323 });
    expect(third.outputs['cache-hit']).toBe('false');
    expect(readFileSync(join(workspace, 'ran.log'), 'utf8')).toBe('ran\nran\n');
  }, 120_000);

  it('trains with the built-in trainer when `run` is empty: raw columns in, metrics recorded', async () => {
    const result = await train(
      {
        run: '',
        target: 'weather',
        params: '{l2: 1, seed: 3}',
        'model-name': 'weather',
        'output-dir': 'out-builtin',
        'model-path': 'weather.onnx',
      },
      { runId: 500 },
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const record = JSON.parse(readFileSync(join(workspace, 'out-builtin/run.json'), 'utf8'));
    expect(record.command).toMatch(
      /^built-in softmax regression \(l2=1, seed=3\) on precipitation, temp_max, temp_min, wind$/,
    );
    expect(record.model.inputs.map((input: { name: string }) => input.name)).toEqual([
      'precipitation',
      'temp_max',
      'temp_min',
      'wind',
    ]);
    const metrics = record.metrics as {
      validation: Record<string, number>;
      rows: { train: number; validation: number };
    };
    expect(Object.keys(metrics.validation).sort()).toEqual(['accuracy', 'f1_macro', 'log_loss']);
    const rows = readFileSync(seattle, 'utf8').trim().split('\n').length - 1;
    expect(metrics.rows.train + metrics.rows.validation).toBe(rows);
    // Better than always answering the most frequent class.
    const weather = readFileSync(seattle, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[5]);
    const majority =
      Math.max(
        ...['rain', 'sun', 'fog', 'drizzle', 'snow'].map((w) => weather.filter((x) => x === w).length),
      ) / rows;
    expect(metrics.validation['accuracy']).toBeGreaterThan(majority);
  }, 120_000);

  it('restores only a cached run of exactly its own key, never one whose key merely starts with it', async () => {
    const paths = {
      'model-path': 'victim.onnx',
      'metrics-path': 'victim-metrics.json',
      'output-dir': '.mlops/victim',
    };
    const victim = { ...paths, 'model-name': 'victim', 'cache-key': 'v1' };
    // Learn the victim's key from a run on another branch, whose caches main cannot read.
    const probe = await train(victim, { runId: 410, ref: 'refs/heads/probe' });
    expect(probe.exitCode, probe.stdout + probe.stderr).toBe(0);
    const key = emulator
      .results!.caches()
      .find((c) => c.scope === 'refs/heads/probe' && c.key.startsWith('mlops-train-victim-'))!.key;
    // An attacker's model, named so that its cache key starts with the victim's, is cached on main first.
    const attacker = await train(
      {
        ...paths,
        'model-name': key.slice('mlops-train-'.length),
        'cache-key': 'evil',
        run: 'cp prebuilt.onnx "$MLOPS_MODEL_PATH"; echo \'{"planted": true}\' > "$MLOPS_METRICS_PATH"',
      },
      { runId: 411 },
    );
    expect(attacker.exitCode, attacker.stdout + attacker.stderr).toBe(0);

    const result = await train(victim, { runId: 412 });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.outputs['cache-hit']).toBe('false');
    expect(result.stdout).toContain(`only starts with this run's key ${key}: training instead.`);
    const record = JSON.parse(readFileSync(join(workspace, result.outputs['run-record']!), 'utf8'));
    expect(record.modelName).toBe('victim');
    expect(record.metrics).not.toHaveProperty('planted');
  }, 120_000);

  it('fails with the exit code of a failing command and records nothing', async () => {
    const result = await train(
      { run: 'echo boom >&2; exit 3', 'model-name': 'broken', 'cache-key': 'false' },
      { runId: 400 },
    );
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(/exited with code 3/);
    expect(existsSync(join(workspace, 'out-broken/run.json'))).toBe(false);
    expect(emulator.results!.artifacts().some((a) => a.name.startsWith('mlops-train-broken'))).toBe(false);
  });

  it('refuses a model file that is not ONNX, naming it', async () => {
    const result = await train(
      {
        run: 'echo garbage > "$MLOPS_MODEL_PATH"',
        'model-name': 'garbage',
        'model-path': 'garbage.onnx',
        'cache-key': 'false',
      },
      { runId: 401 },
    );
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /garbage\.onnx: not a valid ONNX model/,
    );
  });

  it("keeps the pull request's training code from later steps: no exported env, PATH, outputs, commands or credentials", async () => {
    const hostile = [
      // Each of these would reach the steps after train (metrics-comment holds a write token).
      'echo "NODE_OPTIONS=--require=/tmp/evil.js" >> "$GITHUB_ENV"',
      'echo "/tmp/evil-bin" >> "$GITHUB_PATH"',
      'echo "model=/tmp/evil.onnx" >> "$GITHUB_OUTPUT"',
      'echo "::warning title=Injected::from the training code"',
      'echo "::set-output name=model::/tmp/evil.onnx"',
      'echo "::add-mask::rmse"',
      // Nor does it see the action's inputs or the runner's credentials.
      'if env | grep -q "^INPUT_\\|^ACTIONS_RUNTIME_TOKEN=\\|^ACTIONS_ID_TOKEN_REQUEST_TOKEN="; then echo LEAKED; exit 9; fi',
      'cp prebuilt.onnx "$MLOPS_MODEL_PATH"',
      'echo \'{"rmse": 2.5}\' > "$MLOPS_METRICS_PATH"',
    ].join('\n');
    const result = await train(
      { run: hostile, 'model-name': 'hostile', 'model-path': 'hostile.onnx', 'cache-key': 'false' },
      { runId: 403, env: { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret' } },
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.exportedEnv).toEqual({});
    expect(result.addedPath).toEqual([]);
    expect(result.outputs['model']).toBe('hostile.onnx');
    expect(result.annotations.filter((a) => a.message.includes('training code'))).toEqual([]);
    // The command's lines are in the log, between the stop and resume markers.
    expect(result.stdout).toMatch(/::stop-commands::(\w+)\n[^]*::warning title=Injected::[^]*\n::\1::\n/);
  });

  it('a data-only pull request cannot write workflow commands: column names reach the log escaped', async () => {
    const names = [
      'wind\n::warning title=Injected::from a CSV header',
      'gust\r::add-mask::hunter2',
      '::stop-commands::pwned',
      'rain ##[warning]old syntax',
      'temp %0A::notice::encoded',
    ];
    const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
    const rows = Array.from({ length: 40 }, (_, i) =>
      [i % 7, (i * 3) % 11, i % 2, i % 5, i % 3, 10 + i].join(','),
    );
    writeFileSync(
      join(workspace, 'hostile.csv'),
      `${[...names.map(quote), 'temp_max'].join(',')}\n${rows.join('\n')}\n`,
    );
    const result = await train(
      { run: '', data: 'hostile.csv', 'model-name': 'hostile-data', 'cache-key': 'false', params: '' },
      { runId: 404 },
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.annotations).toEqual([]);
    for (const line of result.stdout.split(/\r\n|\r|\n/)) {
      // Only the action's and the toolkit's own commands start a line; none carries the data.
      if (/^\s*::/.test(line)) {
        expect(line).toMatch(/^::(group|endgroup|debug|add-mask)::/); // the toolkit's own
        expect(line).not.toMatch(/Injected|hunter2|pwned|encoded/);
      }
      expect(line).not.toContain('##[');
    }
    // The names are in the log, readable.
    expect(result.stdout).toContain('wind\\n:\\:warning title=Injected:\\:from a CSV header');
    expect(result.stdout).toContain(':\\:stop-commands:\\:pwned');
  });

  it('refuses a model name that cannot be a tag', async () => {
    const result = await train({ 'model-name': 'churn model' }, { runId: 402 });
    expect(result.exitCode).toBe(1);
    expect(result.annotations[0]?.message).toMatch(/Model name "churn model" can only hold/);
  });
});
