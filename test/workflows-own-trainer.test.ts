import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@mlops-actions/emulator';
import { createModelServer, type ModelServer, type OnnxRuntime } from '@mlops-actions/model';
import { repoRoot } from './harness/run-action';
import { runWorkflow, type TriggerEvent, type WorkflowRun } from '@mlops-actions/workflow-runner';

// workflows-examples/own-trainer.yml end to end in the workflow runner: a user's own Python trainer
// (scikit-learn + skl2onnx) through pull request, merge, approved deployment and the drift check.
// Python is not needed here: actions/setup-python puts a stand-in first on PATH that checks what
// train.py is given and writes the model skl2onnx exported for these rows
// (test/fixtures/own-trainer/bin/python, test/fixtures/exporters).
const exporters = join(repoRoot, 'test/fixtures/exporters');
const example = join(repoRoot, 'workflows-examples');
const WORKFLOW = join(example, 'own-trainer.yml');
const MODEL = 'breast-cancer';
const AUTHOR = 'data-scientist';
const REVIEWER = 'ml-lead';

describe('workflows-examples/own-trainer.yml: a user’s own trainer through the whole loop', () => {
  let emulator: Emulator;
  let server: ModelServer;
  let endpoint: string;
  let toolCache: string;
  let author: Octokit;

  beforeAll(async () => {
    emulator = await startEmulator({ owner: 'acme', repo: 'cancer-ml', results: true });
    const ort = createRequire(import.meta.url)('onnxruntime-node') as OnnxRuntime;
    server = createModelServer({ runtime: { ort }, log: () => {} });
    endpoint = (await server.listen(0, '127.0.0.1')).href.replace(/\/$/, '');
    toolCache = mkdtempSync(join(tmpdir(), 'own-trainer-tools-'));
    const { state } = emulator.github;
    state.addUser(REVIEWER, { name: 'ML lead' });
    state.addEnvironment('production', { reviewers: [REVIEWER] });
    state.addWorkflow('own-trainer.yml');
    state.commitFiles({
      files: {
        '.github/workflows/own-trainer.yml': readFileSync(WORKFLOW, 'utf8'),
        'README.md': '# cancer-ml\n',
      },
      message: 'Set up the workflow',
      author: AUTHOR,
    });
    author = new Octokit({
      auth: emulator.github.issueToken({ login: AUTHOR }),
      baseUrl: emulator.github.apiUrl,
      request: { retries: 0 },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await emulator?.close();
  });

  function run(event: TriggerEvent, reviews = {}): Promise<WorkflowRun> {
    return runWorkflow({
      emulator,
      workflow: WORKFLOW,
      event,
      vars: { MODEL_ENDPOINT: endpoint },
      actor: AUTHOR,
      toolCache,
      python: join(repoRoot, 'test/fixtures/own-trainer/bin'),
      reviews,
    });
  }

  function failures(result: WorkflowRun): string {
    return Object.entries(result.jobs)
      .flatMap(([job, outcome]) =>
        outcome.steps
          .filter((step) => step.outcome === 'failure')
          .map((step) => `${job} / ${step.name}:\n${step.stdout}\n${step.stderr}`),
      )
      .join('\n');
  }

  it('comments on the pull request, registers on merge, deploys with approval and checks drift', async () => {
    const { state } = emulator.github;
    const repo = { owner: emulator.owner, repo: emulator.repo };
    state.commitFiles({
      branch: 'add-model',
      files: {
        'train/train.py': readFileSync(join(example, 'own-trainer/train.py'), 'utf8'),
        'train/requirements.txt': readFileSync(join(example, 'own-trainer/requirements.txt'), 'utf8'),
        'data/train.csv': readFileSync(join(exporters, 'breast_cancer_train.csv'), 'utf8'),
        'data/test.csv': readFileSync(join(exporters, 'breast_cancer_test.csv'), 'utf8'),
      },
      message: 'Add the model',
      author: AUTHOR,
    });
    const pull = await author.rest.pulls.create({
      ...repo,
      head: 'add-model',
      base: 'main',
      title: 'Add the model',
    });

    const pr = await run({ name: 'pull_request', number: pull.data.number, action: 'opened' });
    expect(pr.conclusion, failures(pr)).toBe('success');
    expect(Object.keys(pr.jobs).filter((job) => pr.jobs[job]!.result === 'success')).toEqual(['candidate']);
    const comments = state.comments(pull.data.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(`<!-- mlops-actions:metrics-comment model=${MODEL} -->`);
    // The comment's ROC AUC is scikit-learn's on the exporter's own predictions (4 decimals shown).
    const sklearn = JSON.parse(
      readFileSync(join(exporters, 'skl2onnx-logreg.sklearn-metrics.json'), 'utf8'),
    ) as {
      metrics: Record<string, number>;
    };
    expect(comments[0]!.body).toMatch(
      new RegExp(
        `\\| ROC AUC ↑ +\\| +${sklearn.metrics['roc_auc_score']!.toFixed(4).replace('.', '\\.')} \\|`,
      ),
    );

    const before = state.resolve('main')!;
    const merged = await author.rest.pulls.merge({
      ...repo,
      pull_number: pull.data.number,
      merge_method: 'squash',
    });
    const push = await run(
      { name: 'push', before, after: merged.data.sha },
      { production: { reviewer: REVIEWER, comment: 'Looks right.' } },
    );
    expect(push.conclusion, failures(push)).toBe('success');
    expect(push.jobs['release']!.outputs['version']).toBe('1');
    expect(push.jobs['deploy']!.result).toBe('success');
    const deployStep = push.jobs['deploy']!.steps.find((step) => step.id === 'deploy')!;
    expect(deployStep.stdout).toMatch(/Smoke test: 20 rows served as scored locally/);
    // The version records the feature order the pull request's train step was given.
    const [release] = state.releases();
    expect(release!.tag_name).toBe(`${MODEL}@v1`);
    const lineageAsset = release!.assets.find((asset) => asset.name === 'lineage.json')!;
    const lineage = JSON.parse(
      Buffer.from(
        (
          await author.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', {
            ...repo,
            asset_id: lineageAsset.id,
            headers: { accept: 'application/octet-stream' },
          })
        ).data as unknown as ArrayBuffer,
      ).toString('utf8'),
    ) as { scoring?: { features?: string[] } };
    const manifest = JSON.parse(readFileSync(join(exporters, 'manifest.json'), 'utf8')) as {
      models: { name: string; features: string[] }[];
    };
    expect(lineage.scoring?.features).toEqual(
      manifest.models.find((m) => m.name === 'skl2onnx-logreg')!.features,
    );
    const served = await fetch(`${endpoint}/v2/models/${MODEL}`);
    expect(((await served.json()) as { versions: string[] }).versions).toEqual(['1']);

    // A day of production inputs: the scheduled check scores them with the production model.
    state.commitFiles({
      files: { 'monitoring/2026-12-05.csv': readFileSync(join(exporters, 'breast_cancer_test.csv'), 'utf8') },
      message: 'Nightly export of production inputs',
    });
    const drift = await run({ name: 'schedule' });
    expect(drift.conclusion, failures(drift)).toBe('success');
    const check = drift.jobs['drift']!.steps.find((step) => step.id === 'drift')!;
    expect(check.outputs['drifted']).toBe('false');
    // The test split against its own evaluation's predictions: the same rows, so no prediction drift.
    expect(check.outputs['prediction-drifted']).toBe('false');
    expect(check.stdout).toMatch(new RegExp(`Predictions of ${MODEL}@v1: `));
  }, 600_000);
});
