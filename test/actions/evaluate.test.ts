import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@mlops-actions/emulator';
import { exportLinearModel, type LinearModel } from '@mlops-actions/model';
import { repoRoot, runAction } from '../harness/run-action';
import { testClient } from '../support/github';
import { withExternalWeights } from '../support/models';

// Real data: Seattle's daily weather 2012–2015 (vega-datasets). Task: is it a rainy day?
const seattle = readFileSync(join(repoRoot, 'node_modules/vega-datasets/data/seattle-weather.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [date, precipitation, tempMax, tempMin, wind, weather] = line.split(',');
    return {
      year: date!.slice(0, 4),
      precipitation: Number(precipitation),
      tempMax: Number(tempMax),
      wind: Number(wind),
      rain: weather === 'rain' ? 'yes' : 'no',
      tempMin: Number(tempMin),
    };
  });

/** A logistic model on (precipitation, temp_max), standardized with these means and stds. */
function logistic(weights: [number, number], intercept: number): LinearModel {
  return {
    task: 'binary',
    features: [
      { kind: 'numeric', name: 'precipitation', mean: 3, std: 6.5 },
      { kind: 'numeric', name: 'temp_max', mean: 16, std: 7.3 },
    ],
    weights: Float64Array.from(weights),
    intercepts: Float64Array.from([intercept]),
    classes: ['no', 'yes'],
  };
}

/** The same model computed by hand, for independent expected values. */
function probability(model: LinearModel, row: { precipitation: number; tempMax: number }): number {
  const z =
    model.intercepts[0]! +
    model.weights[0]! * ((row.precipitation - 3) / 6.5) +
    model.weights[1]! * ((row.tempMax - 16) / 7.3);
  return 1 / (1 + Math.exp(-z));
}

let workspace: string;
let toolCache: string;
const candidate = logistic([2.5, -0.4], -0.3);
const baseline = logistic([0.8, -0.1], -0.2);

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'evaluate-ws-'));
  // One tool cache for the whole file: the runtime is downloaded once, as on a runner's later jobs.
  toolCache = mkdtempSync(join(tmpdir(), 'evaluate-tools-'));
  const csv = [
    'year,precipitation,temp_max,temp_min,wind,rain',
    ...seattle.map((r) => `${r.year},${r.precipitation},${r.tempMax},${r.tempMin},${r.wind},${r.rain}`),
  ];
  writeFileSync(join(workspace, 'weather.csv'), `${csv.join('\n')}\n`);
  writeFileSync(join(workspace, 'candidate.onnx'), exportLinearModel(candidate, { numericType: 'double' }));
  writeFileSync(join(workspace, 'baseline.onnx'), exportLinearModel(baseline, { numericType: 'double' }));
  // The same candidate as a classifier whose probabilities come out as a ZipMap (sequence of maps).
  writeFileSync(
    join(workspace, 'candidate-zipmap.onnx'),
    exportLinearModel(candidate, { classifierOutput: 'zipmap' }),
  );
});

function evaluate(inputs: Record<string, string>) {
  return runAction('evaluate', {
    workspace,
    env: { RUNNER_TOOL_CACHE: toolCache },
    inputs: { data: 'weather.csv', target: 'rain', model: 'candidate.onnx', bootstrap: '200', ...inputs },
    timeoutMs: 180_000,
  });
}

describe('evaluate', () => {
  it('scores the candidate against the baseline on real data, with values a hand computation agrees with', async () => {
    const result = await evaluate({
      baseline: 'baseline.onnx',
      slices: 'year',
      metrics: 'accuracy, roc_auc, log_loss',
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const evaluation = JSON.parse(readFileSync(join(workspace, 'evaluation.json'), 'utf8'));
    expect(evaluation).toMatchObject({
      schema: 'mlops-actions/evaluation',
      task: 'binary',
      rows: seattle.length,
      passed: true,
    });

    const truth = seattle.map((r) => (r.rain === 'yes' ? 1 : 0));
    const accuracyOf = (model: LinearModel) =>
      seattle.filter((r, i) => (probability(model, r) >= 0.5 ? 1 : 0) === truth[i]).length / seattle.length;
    // ROC AUC by counting every positive–negative pair (ties count ½).
    const aucOf = (model: LinearModel) => {
      const p = seattle.map((r) => probability(model, r));
      let wins = 0;
      let pairs = 0;
      for (let i = 0; i < p.length; i++) {
        if (truth[i] !== 1) continue;
        for (let j = 0; j < p.length; j++) {
          if (truth[j] !== 0) continue;
          pairs++;
          wins += p[i]! > p[j]! ? 1 : p[i] === p[j] ? 0.5 : 0;
        }
      }
      return wins / pairs;
    };
    const metric = (name: string) => evaluation.metrics.find((m: { name: string }) => m.name === name);
    expect(metric('accuracy').candidate).toBeCloseTo(accuracyOf(candidate), 9);
    expect(metric('accuracy').baseline).toBeCloseTo(accuracyOf(baseline), 9);
    expect(metric('roc_auc').candidate).toBeCloseTo(aucOf(candidate), 6);
    expect(metric('roc_auc').baseline).toBeCloseTo(aucOf(baseline), 6);
    expect(metric('roc_auc').interval.lower).toBeLessThanOrEqual(metric('roc_auc').delta);
    // The candidate's scores, profiled as drift-check's reference of prediction drift.
    const scores = seattle.map((r) => probability(candidate, r));
    expect(evaluation.predictions).toMatchObject({
      output: 'score',
      positiveClass: 'yes',
      classes: ['no', 'yes'],
      profile: { kind: 'numeric', count: seattle.length, nulls: 0 },
    });
    expect(evaluation.predictions.profile.summary.mean).toBeCloseTo(
      scores.reduce((sum, p) => sum + p, 0) / scores.length,
      6,
    );
    expect(evaluation.predictions.profile.summary.max).toBeCloseTo(Math.max(...scores), 6);
    expect(evaluation.pairedTest.test).toBe('mcnemar');
    expect(evaluation.slices.map((s: { value: string }) => s.value).sort()).toEqual([
      '2012',
      '2013',
      '2014',
      '2015',
    ]);
    expect(result.outputs['passed']).toBe('true');
    expect(result.outputs['summary']).toMatch(/^accuracy 0\.\d+ \([+−]/);
    expect(result.summary).toContain('95% CI of change');
    // Without model-name the model is named after its file, and the step says so.
    expect(result.annotations.find((a) => a.level === 'notice')?.message).toMatch(
      /named "candidate" after its file/,
    );
  }, 240_000);

  it('reads a ZipMap classifier the same as the tensor-output one', async () => {
    const tensor = await evaluate({ metrics: 'accuracy, roc_auc', output: 'tensor.json', bootstrap: '0' });
    const zipmap = await evaluate({
      model: 'candidate-zipmap.onnx',
      metrics: 'accuracy, roc_auc',
      output: 'zipmap.json',
      bootstrap: '0',
    });
    expect([tensor.exitCode, zipmap.exitCode]).toEqual([0, 0]);
    const read = (name: string) => JSON.parse(readFileSync(join(workspace, name), 'utf8')).metrics;
    const [a, b] = [read('tensor.json'), read('zipmap.json')];
    // The ZipMap variant keeps float32 coefficients (ONNX attributes are float32): equal to ~1e-6.
    expect(b[0].candidate).toBeCloseTo(a[0].candidate, 6);
    expect(b[1].candidate).toBeCloseTo(a[1].candidate, 5);
  }, 240_000);

  it('fails the step on a failed gate, and only warns when told not to fail', async () => {
    const gates = '{roc_auc: {min: 0.99}, accuracy: {max-regression: 0.5}}';
    const failing = await evaluate({ baseline: 'baseline.onnx', thresholds: gates, output: 'gated.json' });
    expect(failing.exitCode).toBe(1);
    expect(failing.outputs['passed']).toBe('false');
    expect(
      failing.annotations.some(
        (a) => a.level === 'error' && /roc_auc is 0\.\d+, below the minimum 0\.99/.test(a.message),
      ),
    ).toBe(true);
    const gated = JSON.parse(readFileSync(join(workspace, 'gated.json'), 'utf8'));
    expect(gated.gates.map((g: { passed: boolean }) => g.passed)).toEqual([false, true]);

    const lenient = await evaluate({ baseline: 'baseline.onnx', thresholds: gates, 'fail-on-gate': 'false' });
    expect(lenient.exitCode).toBe(0);
    expect(
      lenient.annotations.some((a) => a.level === 'warning' && /fail-on-gate is false/.test(a.message)),
    ).toBe(true);
  }, 240_000);

  it('names the file and line of a label the model does not know', async () => {
    writeFileSync(join(workspace, 'odd.csv'), 'precipitation,temp_max,rain\n0,10,no\n3,12,maybe\n');
    const result = await evaluate({ data: 'odd.csv' });
    expect(result.exitCode).toBe(1);
    const error = result.annotations.find((a) => a.level === 'error' && a.properties['file']);
    expect(error?.properties).toMatchObject({ file: 'odd.csv', line: '3' });
    expect(error?.message).toMatch(/the label "maybe" is not one of the model's classes \(no, yes\)/);
  }, 240_000);

  it('refuses a corrupt model with its path', async () => {
    writeFileSync(join(workspace, 'corrupt.onnx'), Buffer.from('not a model'));
    const result = await evaluate({ model: 'corrupt.onnx' });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(/corrupt\.onnx/);
  }, 240_000);

  it('refuses a model whose weights point at a file on the runner (ONNX external data)', async () => {
    const { model } = withExternalWeights(
      exportLinearModel(candidate, { numericType: 'double' }),
      '.git/config',
    );
    writeFileSync(join(workspace, 'external.onnx'), model);
    const result = await evaluate({ model: 'external.onnx' });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
      /external\.onnx: tensor "[^"]+" keeps its data outside the model file \(ONNX external data\), which is refused/,
    );
  }, 240_000);

  describe('with the registry', () => {
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = await startEmulator();
    });
    afterAll(() => emulator.close());
    const fast = { MLOPS_ACTIONS_WRITE_INTERVAL_MS: '0', MLOPS_ACTIONS_RETRY_BASE_MS: '10' };

    it('has no baseline before anything runs in production, then compares with the production version', async () => {
      const first = await runAction('evaluate', {
        emulator,
        workspace,
        env: { RUNNER_TOOL_CACHE: toolCache, ...fast },
        inputs: {
          data: 'weather.csv',
          target: 'rain',
          model: 'candidate.onnx',
          'model-name': 'rain',
          bootstrap: '50',
          output: 'first.json',
        },
        timeoutMs: 180_000,
      });
      expect(first.exitCode, first.stdout + first.stderr).toBe(0);
      expect(first.stdout).toMatch(/No baseline: No version of "rain" runs in "production"/);
      expect(JSON.parse(readFileSync(join(workspace, 'first.json'), 'utf8')).baseline).toBeUndefined();

      // Register the baseline as rain@v1 (at the repository's main commit) and deploy it to production.
      const octokit = testClient(emulator);
      const { owner, repo } = emulator;
      const main = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' });
      const registered = await runAction('register-model', {
        emulator,
        workspace,
        env: fast,
        runId: 77,
        sha: main.data.object.sha,
        inputs: { 'model-name': 'rain', model: 'baseline.onnx' },
      });
      expect(registered.exitCode, registered.stdout + registered.stderr).toBe(0);
      const sha256 = createHash('sha256')
        .update(readFileSync(join(workspace, 'baseline.onnx')))
        .digest('hex');
      const deployment = await octokit.rest.repos.createDeployment({
        owner,
        repo,
        ref: 'rain@v1',
        environment: 'production',
        task: 'deploy:model',
        auto_merge: false,
        required_contexts: [],
        payload: { model: 'rain', version: 1, tag: 'rain@v1', sha256 },
      });
      const deploymentId = (deployment.data as { id: number }).id;
      await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: deploymentId,
        state: 'success',
      });

      const second = await runAction('evaluate', {
        emulator,
        workspace,
        env: { RUNNER_TOOL_CACHE: toolCache, ...fast },
        inputs: {
          data: 'weather.csv',
          target: 'rain',
          model: 'candidate.onnx',
          'model-name': 'rain',
          bootstrap: '50',
          output: 'second.json',
        },
        timeoutMs: 180_000,
      });
      expect(second.exitCode, second.stdout + second.stderr).toBe(0);
      const evaluation = JSON.parse(readFileSync(join(workspace, 'second.json'), 'utf8'));
      expect(evaluation.baseline).toMatchObject({ name: 'rain', tag: 'rain@v1', version: 1, sha256 });
      expect(evaluation.model.name).toBe('rain');
      // The downloaded baseline scores as the local baseline file does.
      const local = JSON.parse(readFileSync(join(workspace, 'evaluation.json'), 'utf8'));
      const accuracy = (e: { metrics: { name: string; baseline?: number }[] }) =>
        e.metrics.find((m) => m.name === 'accuracy')?.baseline;
      expect(accuracy(evaluation)).toBeCloseTo(accuracy(local)!, 12);
    }, 240_000);
  });
});
