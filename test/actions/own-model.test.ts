import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { createModelServer, type ModelServer, type OnnxRuntime } from '@mlops-actions/model';
import { runCli } from '@mlops-actions/cli';
import { repoRoot, runAction, type ActionResult } from '../harness/run-action';
import { captureIO } from '../support/cli';
import { testClient } from '../support/github';

// A user's own trainer through every action: the model is what skl2onnx writes for a scikit-learn
// LogisticRegression (one float_input [N, 30] tensor, output_label + ZipMap output_probability; see
// test/fixtures/exporters/README.md), and its feature order is given once, to `train`.
const fixtures = join(repoRoot, 'test/fixtures/exporters');
const manifest = JSON.parse(readFileSync(join(fixtures, 'manifest.json'), 'utf8')) as {
  models: { name: string; features: string[] }[];
};
const features = manifest.models.find((m) => m.name === 'skl2onnx-logreg')!.features;
const sklearn = (
  JSON.parse(readFileSync(join(fixtures, 'skl2onnx-logreg.sklearn-metrics.json'), 'utf8')) as {
    metrics: Record<string, number>;
  }
).metrics;

const FAST = { MLOPS_ACTIONS_WRITE_INTERVAL_MS: '0', MLOPS_ACTIONS_RETRY_BASE_MS: '10' };

function errorOf(result: ActionResult) {
  return result.annotations.find((a) => a.level === 'error')?.message ?? '';
}

describe('a model from a user’s own trainer (skl2onnx layout) through train, evaluate, register, deploy and drift-check', () => {
  let emulator: Emulator;
  let workspace: string;
  let toolCache: string;
  let server: ModelServer;
  let endpoint: string;
  let mainSha: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    mainSha = emulator.github.state.resolve('main') ?? '';
    workspace = mkdtempSync(join(tmpdir(), 'own-model-'));
    toolCache = mkdtempSync(join(tmpdir(), 'own-model-tools-'));
    for (const file of [
      'breast_cancer_train.csv',
      'breast_cancer_test.csv',
      'skl2onnx-logreg.onnx',
      'torch-multiclass-logits.onnx',
      'iris_test.csv',
    ])
      copyFileSync(join(fixtures, file), join(workspace, file));
    const ort = createRequire(import.meta.url)('onnxruntime-node') as OnnxRuntime;
    server = createModelServer({ runtime: { ort }, log: () => {} });
    endpoint = (await server.listen(0, '127.0.0.1')).href;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await emulator?.close();
  });
  afterEach(() => expectNoSchemaViolations(emulator.github));

  function action(name: string, inputs: Record<string, string>, runId: number) {
    return runAction(name, {
      emulator,
      workspace,
      inputs,
      sha: mainSha,
      runId,
      env: { ...FAST, RUNNER_TOOL_CACHE: toolCache },
      timeoutMs: 180_000,
    });
  }

  it('runs the whole loop, the feature order given once to train', async () => {
    // The "training command" stands in for `python train.py`: it writes the exporter's model and
    // reports the feature order it was told.
    const train = await action(
      'train',
      {
        'model-name': 'cancer',
        data: 'breast_cancer_train.csv',
        target: 'target',
        run: 'cp skl2onnx-logreg.onnx "$MLOPS_MODEL_PATH" && printf "%s" "$MLOPS_FEATURES" > features-seen.txt && echo \'{"train_accuracy": 0.98}\' > "$MLOPS_METRICS_PATH"',
        features: features.join('\n'),
        'cache-key': 'false',
        'upload-artifact': 'false',
      },
      9100,
    );
    expect(train.exitCode, train.stdout + train.stderr).toBe(0);
    expect(readFileSync(join(workspace, 'features-seen.txt'), 'utf8')).toBe(features.join(','));
    const runRecord = JSON.parse(readFileSync(join(workspace, train.outputs['run-record']!), 'utf8')) as {
      scoring?: { features?: string[] };
    };
    expect(runRecord.scoring).toEqual({ features });

    // evaluate: the candidate file, told its features; no production version yet, so no baseline.
    const evaluate = await action(
      'evaluate',
      {
        model: train.outputs['model']!,
        'model-name': 'cancer',
        data: 'breast_cancer_test.csv',
        target: 'target',
        features: features.join(','),
        bootstrap: '0',
        output: 'evaluation.json',
      },
      9101,
    );
    expect(evaluate.exitCode, evaluate.stdout + evaluate.stderr).toBe(0);
    const evaluation = JSON.parse(readFileSync(join(workspace, 'evaluation.json'), 'utf8')) as {
      metrics: { name: string; candidate: number; baseline?: number }[];
    };
    const metric = (name: string) => evaluation.metrics.find((m) => m.name === name)!;
    expect(metric('roc_auc').candidate).toBeCloseTo(sklearn['roc_auc_score']!, 4);
    expect(metric('log_loss').candidate).toBeCloseTo(sklearn['log_loss']!, 4);

    // register-model: lineage.json carries the feature order from run.json.
    const register = await action(
      'register-model',
      {
        'model-name': 'cancer',
        model: train.outputs['model']!,
        'run-record': train.outputs['run-record']!,
        evaluation: 'evaluation.json',
        profile: train.outputs['profile']!,
      },
      9102,
    );
    expect(register.exitCode, register.stdout).toBe(0);
    expect(register.outputs['tag']).toBe('cancer@v1');
    const lineage = JSON.parse(readFileSync(register.outputs['lineage']!, 'utf8')) as {
      scoring?: { features?: string[] };
    };
    expect(lineage.scoring).toEqual({ features });

    // deploy-model over http: the smoke test sends the rows in the recorded order — no `features`.
    const deploy = await action(
      'deploy-model',
      {
        'model-name': 'cancer',
        version: 'v1',
        target: 'http',
        endpoint,
        'smoke-data': 'breast_cancer_test.csv',
      },
      9103,
    );
    expect(deploy.exitCode, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(/Smoke test: 20 rows served as scored locally/);

    // evaluate against production: the baseline (cancer@v1) is scored with its recorded order.
    const compared = await action(
      'evaluate',
      {
        model: train.outputs['model']!,
        'model-name': 'cancer',
        data: 'breast_cancer_test.csv',
        target: 'target',
        features: features.join(','),
        bootstrap: '0',
        output: 'compared.json',
      },
      9104,
    );
    expect(compared.exitCode, compared.stdout + compared.stderr).toBe(0);
    const comparison = JSON.parse(readFileSync(join(workspace, 'compared.json'), 'utf8')) as {
      baseline?: { tag?: string };
      metrics: { name: string; candidate: number; baseline?: number }[];
    };
    expect(comparison.baseline?.tag).toBe('cancer@v1');
    const auc = comparison.metrics.find((m) => m.name === 'roc_auc')!;
    expect(auc.baseline).toBeCloseTo(auc.candidate, 10);

    // A registry version needs no `features` at all.
    const byVersion = await action(
      'evaluate',
      {
        model: 'cancer@v1',
        data: 'breast_cancer_test.csv',
        target: 'target',
        baseline: 'none',
        bootstrap: '0',
        output: 'by-version.json',
      },
      9105,
    );
    expect(byVersion.exitCode, byVersion.stdout + byVersion.stderr).toBe(0);

    // drift-check with prediction drift of the production model on the training rows.
    const drift = await action(
      'drift-check',
      {
        'model-name': 'cancer',
        current: 'breast_cancer_train.csv',
        model: 'stage:production',
        'open-pr': 'false',
        report: 'drift.json',
      },
      9106,
    );
    expect(drift.exitCode, drift.stdout + drift.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(workspace, 'drift.json'), 'utf8')) as {
      predictions?: { column?: { method: string }; notice?: string };
    };
    expect(report.predictions?.notice).toBeUndefined();
    expect(report.predictions?.column?.method).toBeTruthy();
    expect(drift.stdout).toMatch(/Predictions of cancer@v1: /);

    const octokit = testClient(emulator);
    const releases = await octokit.rest.repos.listReleases({ owner: emulator.owner, repo: emulator.repo });
    expect(releases.data.map((r) => r.tag_name)).toEqual(['cancer@v1']);
  });

  it('the CLI evaluates a registry version by name, scored with its recorded feature order', async () => {
    const { cli, out } = captureIO(workspace, {
      HOME: process.env['HOME'],
      GITHUB_TOKEN: emulator.defaultToken,
      GITHUB_API_URL: emulator.github.apiUrl,
      GITHUB_REPOSITORY: `${emulator.owner}/${emulator.repo}`,
    });
    const code = await runCli(
      [
        'evaluate',
        '--model',
        'cancer@v1',
        '--data',
        'breast_cancer_test.csv',
        '--target',
        'target',
        '--bootstrap',
        '0',
        '--output',
        'cli.json',
      ],
      cli,
    );
    expect(code, out.stderr).toBe(0);
    const evaluation = JSON.parse(readFileSync(join(workspace, 'cli.json'), 'utf8')) as {
      model: { tag?: string };
      metrics: { name: string; candidate: number }[];
    };
    expect(evaluation.model.tag).toBe('cancer@v1');
    expect(evaluation.metrics.find((m) => m.name === 'roc_auc')!.candidate).toBeCloseTo(
      sklearn['roc_auc_score']!,
      4,
    );
  });

  it('evaluate reads logits when told, with the class names given as an input', async () => {
    const result = await action(
      'evaluate',
      {
        model: 'torch-multiclass-logits.onnx',
        data: 'iris_test.csv',
        target: 'target',
        features: 'sepal_length, sepal_width, petal_length, petal_width',
        'output-kind': 'logit',
        classes: 'setosa, versicolor, virginica',
        baseline: 'none',
        bootstrap: '0',
        output: 'iris.json',
      },
      9200,
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const evaluation = JSON.parse(readFileSync(join(workspace, 'iris.json'), 'utf8')) as {
      task: string;
      metrics: { name: string; candidate: number }[];
    };
    expect(evaluation.task).toBe('multiclass');
    const reference = (
      JSON.parse(readFileSync(join(fixtures, 'torch-multiclass-logits.sklearn-metrics.json'), 'utf8')) as {
        metrics: Record<string, number>;
      }
    ).metrics;
    expect(evaluation.metrics.find((m) => m.name === 'log_loss')!.candidate).toBeCloseTo(
      reference['log_loss']!,
      4,
    );
  });

  it('fails clearly, with an annotation naming the input and the setting, when the order is unknown', async () => {
    const result = await action(
      'evaluate',
      {
        model: 'skl2onnx-logreg.onnx',
        data: 'breast_cancer_test.csv',
        target: 'target',
        baseline: 'none',
      },
      9201,
    );
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(
      /skl2onnx-logreg\.onnx: input "float_input" \(float32 \[, 30\]\) takes 30 features as one tensor, and nothing says which columns go where — set `features`/,
    );
    const wrongKind = await action(
      'evaluate',
      {
        model: 'torch-multiclass-logits.onnx',
        data: 'iris_test.csv',
        target: 'target',
        features: 'sepal_length,sepal_width,petal_length,petal_width',
        'output-kind': 'softmax',
        baseline: 'none',
      },
      9202,
    );
    expect(wrongKind.exitCode).toBe(1);
    expect(errorOf(wrongKind)).toMatch(/Input `output-kind` is "softmax"; use probability or logit/);
  });
});
