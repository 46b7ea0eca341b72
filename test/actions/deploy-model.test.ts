import { spawn, execFile, type ChildProcess } from 'node:child_process';

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import type { GitHubClient } from '@mlops-actions/github';
import { exportLinearModel } from '@mlops-actions/model';
import { findStageDeployment } from '@mlops-actions/registry';
import { repoRoot, runAction, type ActionResult } from '../harness/run-action';
import { testClient } from '../support/github';
import { sha256, writeTrainingOutputs } from '../support/models';

/** The model server's bearer token (MLOPS_SERVE_TOKEN), given to the action as `endpoint-token`. */
const TOKEN = 'deploy-test-endpoint-token-5f2c9a';
const FAST = { MLOPS_ACTIONS_WRITE_INTERVAL_MS: '0', MLOPS_ACTIONS_RETRY_BASE_MS: '10' };

function errorOf(result: ActionResult) {
  return result.annotations.find((a) => a.level === 'error')?.message ?? '';
}

/** Registers a version of `modelName` from `model` (a file) with an evaluation that passed or failed. */
async function register(
  emulator: Emulator,
  modelName: string,
  runId: number,
  options: { passed?: boolean; model?: string } = {},
) {
  const files = writeTrainingOutputs();
  const evaluation = JSON.parse(readFileSync(files.evaluation, 'utf8'));
  writeFileSync(files.evaluation, JSON.stringify({ ...evaluation, passed: options.passed ?? true }));
  const model = options.model ?? files.model;
  const result = await runAction('register-model', {
    emulator,
    inputs: { 'model-name': modelName, model, evaluation: files.evaluation },
    runId,
    sha: emulator.github.state.resolve('main') ?? '',
    env: FAST,
  });
  expect(result.exitCode, result.stdout).toBe(0);
  return { bytes: readFileSync(model), tag: result.outputs['tag']! };
}

function stageOf(emulator: Emulator, modelName: string, environment = 'production') {
  const octokit = testClient(emulator) as unknown as GitHubClient;
  return findStageDeployment(octokit, { owner: emulator.owner, repo: emulator.repo }, modelName, environment);
}

function deploymentsOf(emulator: Emulator, tag: string) {
  return emulator.github.state.deployments().filter((d) => d.ref === tag);
}

describe('deploy-model', () => {
  let emulator: Emulator;
  const versions: { bytes: Buffer; tag: string }[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    versions.push(await register(emulator, 'churn', 100));
    versions.push(await register(emulator, 'churn', 101));
    versions.push(await register(emulator, 'churn', 102, { passed: false }));
  });
  afterAll(() => emulator.close());
  afterEach(() => expectNoSchemaViolations(emulator.github));

  function deploy(
    inputs: Record<string, string>,
    options: { runId?: number; env?: Record<string, string> } = {},
  ) {
    return runAction('deploy-model', {
      emulator,
      inputs: { 'model-name': 'churn', ...inputs },
      env: { ...FAST, ...options.env },
      ...(options.runId ? { runId: options.runId } : {}),
    });
  }

  it('records a release deployment: in_progress then success, and production answers it only after success', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-gate-'));
    const go = join(dir, 'go');
    // The deploy script waits for the test, so the stage can be read while the deployment is in progress.
    const running = deploy(
      { version: 'v1', target: 'command', run: 'while [ ! -f "$GO" ]; do sleep 0.05; done' },
      { env: { GO: go } },
    );
    await waitFor(() => deploymentsOf(emulator, 'churn@v1')[0]?.statuses.at(-1)?.state === 'in_progress');
    expect(await stageOf(emulator, 'churn')).toBeUndefined();
    writeFileSync(go, '');
    const result = await running;
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);

    const [deployment] = deploymentsOf(emulator, 'churn@v1');
    expect(deployment).toMatchObject({
      environment: 'production',
      task: 'deploy:model',
      production_environment: true,
      payload: { model: 'churn', version: 1, tag: 'churn@v1', sha256: sha256(versions[0]!.bytes) },
    });
    expect(deployment!.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(deployment!.statuses[1]!.log_url).toBe(
      `https://github.com/${emulator.owner}/${emulator.repo}/actions/runs/1000`,
    );
    expect(result.outputs).toMatchObject({ 'deployment-id': String(deployment!.id), 'previous-version': '' });
    expect(await stageOf(emulator, 'churn')).toMatchObject({ version: 1, deploymentId: deployment!.id });

    const second = await deploy({ version: '2' });
    expect(second.exitCode, second.stdout).toBe(0);
    expect(second.outputs['previous-version']).toBe('1');
    expect(second.outputs['url']).toMatch(/releases\/tag\/churn%40v2|releases\/tag\/churn@v2/);
    // Tags are escaped in Markdown (a zero-width space keeps `@v2` from reading as a mention).
    expect(second.summary).toMatch(/churn@(&#8203;)?v2 deployed to production/);
    const resolved = await runAction('resolve-model', {
      emulator,
      inputs: { 'model-name': 'churn', version: 'stage:production' },
      env: FAST,
    });
    expect(resolved.outputs['tag']).toBe('churn@v2');
  });

  it('refuses a version whose evaluation failed its gates: a failure status, production unchanged', async () => {
    const result = await deploy({ version: 'v3' });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toBe(
      'churn@v3 failed its quality gates (churn@v3/evaluation.json); not deployed. Set allow-failed-gate: true to deploy it anyway.',
    );
    const [deployment] = deploymentsOf(emulator, 'churn@v3');
    expect(deployment!.statuses.map((s) => s.state)).toEqual(['failure']);
    expect(result.outputs['deployment-id']).toBe(String(deployment!.id));
    expect((await stageOf(emulator, 'churn'))?.version).toBe(2);
  });

  it('fails an unknown version before recording anything', async () => {
    const before = emulator.github.state.deployments().length;
    const result = await deploy({ version: 'v9' });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toBe('Unknown version churn@v9: the versions of "churn" are v3, v2, v1.');
    expect(emulator.github.state.deployments()).toHaveLength(before);
  });

  it('runs the command target with the verified model and its identity in the environment — and no credentials', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'deploy-env-')), 'env.txt');
    const script = [
      'for name in MODEL_PATH MODEL_VERSION MODEL_TAG MODEL_SHA256 MODEL_NAME DEPLOY_ENVIRONMENT; do',
      '  echo "$name=${!name}" >> "$OUT"',
      'done',
      'sha256sum "$MODEL_PATH" | cut -d" " -f1 >> "$OUT"',
      // The same scrubbed environment as train's command: no inputs (github-token), no runner tokens.
      'env | grep "^INPUT_\\|^ACTIONS_RUNTIME_TOKEN=\\|^ACTIONS_ID_TOKEN_REQUEST_TOKEN=" | cut -d= -f1 > "$OUT.leaked" || true',
      'echo "EXPORTED=yes" >> "$GITHUB_ENV"',
    ].join('\n');
    const result = await deploy(
      { version: 'v2', environment: 'staging', target: 'command', run: script },
      { env: { OUT: out, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret' } },
    );
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(readFileSync(`${out}.leaked`, 'utf8')).toBe('');
    expect(result.exportedEnv).toEqual({});
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const env = Object.fromEntries(lines.slice(0, 6).map((line) => line.split('=') as [string, string]));
    const digest = sha256(versions[1]!.bytes);
    expect(env).toMatchObject({
      MODEL_VERSION: '2',
      MODEL_TAG: 'churn@v2',
      MODEL_SHA256: digest,
      MODEL_NAME: 'churn',
      DEPLOY_ENVIRONMENT: 'staging',
    });
    expect(env['MODEL_PATH']).toMatch(/churn@v2\/model\.onnx$/);
    expect(lines[6]).toBe(digest); // the file at MODEL_PATH is the verified model
    expect((await stageOf(emulator, 'churn', 'staging'))?.version).toBe(2);
    const deployment = deploymentsOf(emulator, 'churn@v2').find((d) => d.environment === 'staging');
    expect(deployment?.production_environment).toBe(false);
  });

  it('records who approved the environment: payload, description, summary and model card', async () => {
    const run = emulator.github.state.addWorkflowRun({ workflow: 'deploy.yml' });
    emulator.github.state.addRunApproval(run.id, { environments: ['production'], user: 'alice' });
    emulator.github.state.addRunApproval(run.id, { environments: ['staging'], user: 'bob' });
    emulator.github.state.addRunApproval(run.id, {
      environments: ['production'],
      user: 'carol',
      state: 'rejected',
    });
    const result = await deploy({ version: 'v1' }, { runId: run.id });
    expect(result.exitCode, result.stdout).toBe(0);
    const deployment = deploymentsOf(emulator, 'churn@v1').at(-1)!;
    expect(deployment.payload).toMatchObject({ approvedBy: ['alice'] });
    expect(deployment.description).toContain('approved by @alice');
    expect(result.summary).toMatch(/approved by \| @alice \|/);
    const { data: release } = await testClient(emulator).rest.repos.getReleaseByTag({
      owner: emulator.owner,
      repo: emulator.repo,
      tag: 'churn@v1',
    });
    // Under an "Approvals" heading at the end of the card, after its hidden marker.
    const body = release.body ?? '';
    expect(body).toMatch(
      new RegExp(
        `-->\\n\\n### Approvals\\n\\n- Approved by @alice for production \\(deployment ${deployment.id}, \\[run\\]\\([^)]+\\)\\)\\.\\n$`,
      ),
    );

    // Deployed again (a new run, approved by someone else): one more item under the same heading.
    const again = emulator.github.state.addWorkflowRun({ workflow: 'deploy.yml' });
    emulator.github.state.addRunApproval(again.id, { environments: ['production'], user: 'dave' });
    expect((await deploy({ version: 'v1' }, { runId: again.id })).exitCode).toBe(0);
    const second = deploymentsOf(emulator, 'churn@v1').at(-1)!;
    const { data: after } = await testClient(emulator).rest.repos.getReleaseByTag({
      owner: emulator.owner,
      repo: emulator.repo,
      tag: 'churn@v1',
    });
    const items = (after.body ?? '').split('### Approvals')[1]?.trim().split('\n');
    expect((after.body ?? '').split('### Approvals').length).toBe(2);
    expect(items).toHaveLength(2);
    expect(items?.[1]).toMatch(new RegExp(`^- Approved by @dave for production \\(deployment ${second.id},`));
  });

  it('rolls back to the previous production version when the deploy command fails', async () => {
    const before = await stageOf(emulator, 'churn');
    expect(before?.version).toBe(1);
    const result = await deploy({
      version: 'v2',
      target: 'command',
      run: 'echo "deploying $MODEL_TAG"; if [ "$MODEL_VERSION" = 2 ]; then exit 3; fi',
      'rollback-on-failure': 'true',
    });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(
      /^Deploying churn@v2 to production failed: the deploy command exited with code 3 Rolled back to churn@v1 \(deployment \d+\)\.$/,
    );
    const failed = deploymentsOf(emulator, 'churn@v2').at(-1)!;
    expect(failed.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    const rollback = deploymentsOf(emulator, 'churn@v1').at(-1)!;
    expect(rollback.payload).toMatchObject({ version: 1, rollbackOf: failed.id });
    expect(rollback.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(await stageOf(emulator, 'churn')).toMatchObject({ version: 1, deploymentId: rollback.id });
    expect(result.summary).toMatch(/Rolled back: churn@(&#8203;)?v1 runs in production again/);
  });
});

describe('deploy-model to an Open Inference Protocol endpoint (a real `serve` process)', () => {
  let emulator: Emulator;
  let workspace: string;
  let toolCache: string;
  let serve: ChildProcess;
  let endpoint: string;
  let proxy: Server;
  let tamperNextLoad = false;
  const logistic = (weight: number) =>
    exportLinearModel({
      task: 'binary',
      features: [{ kind: 'numeric', name: 'x', mean: 0, std: 1 }],
      weights: Float64Array.from([weight]),
      intercepts: Float64Array.from([0.1]),
      classes: ['0', '1'],
    });
  const other = logistic(-2);

  beforeAll(async () => {
    emulator = await startEmulator();
    workspace = mkdtempSync(join(tmpdir(), 'deploy-http-'));
    // One runtime for the server and the action, fetched once, as on a runner's later jobs.
    toolCache = mkdtempSync(join(tmpdir(), 'deploy-tools-'));
    writeFileSync(join(workspace, 'smoke.csv'), 'x,y\n-2,0\n-0.3,0\n0.1,1\n0.7,1\n1.5,1\n');
    writeFileSync(join(workspace, 'v1.onnx'), logistic(4));
    writeFileSync(join(workspace, 'v2.onnx'), logistic(1.5));
    await register(emulator, 'fraud', 200, { model: join(workspace, 'v1.onnx') });
    await register(emulator, 'fraud', 201, { model: join(workspace, 'v2.onnx') });

    const build = mkdtempSync(join(tmpdir(), 'serve-bin-'));
    await promisify(execFile)(process.execPath, [join(repoRoot, 'scripts/build-cli.mjs'), build]);
    serve = spawn(
      process.execPath,
      [join(build, 'index.js'), 'serve', 'v1.onnx', '--name', 'fraud', '--port', '0'],
      { cwd: workspace, env: { ...process.env, MLOPS_ACTIONS_CACHE: toolCache, MLOPS_SERVE_TOKEN: TOKEN } },
    );
    const serving = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      serve.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /serving fraud version 1 at (http:\/\/\S+?)v2\/models\/fraud/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      serve.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    // A server that loads another model than it is sent (once): the smoke test must notice.
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        if (tamperNextLoad && req.url?.endsWith('/load')) {
          tamperNextLoad = false;
          const parsed = JSON.parse(body.toString()) as { parameters: Record<string, string> };
          for (const key of Object.keys(parsed.parameters))
            parsed.parameters[key] = Buffer.from(other).toString('base64');
          body = Buffer.from(JSON.stringify(parsed));
        }
        const upstream = httpRequest(
          new URL(req.url ?? '/', serving),
          { method: req.method, headers: { ...req.headers, 'content-length': body.length } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.end(body);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`;
  }, 180_000);
  afterAll(async () => {
    serve?.kill('SIGTERM');
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    await emulator.close();
  });
  afterEach(() => expectNoSchemaViolations(emulator.github));

  function deployHttp(version: string, extra: Record<string, string> = {}) {
    return runAction('deploy-model', {
      emulator,
      workspace,
      inputs: {
        'model-name': 'fraud',
        version,
        target: 'http',
        endpoint,
        'endpoint-token': TOKEN,
        'smoke-data': 'smoke.csv',
        ...extra,
      },
      env: { ...FAST, RUNNER_TOOL_CACHE: toolCache },
      timeoutMs: 180_000,
    });
  }

  async function servedVersions() {
    const response = await fetch(new URL('v2/models/fraud', endpoint), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return ((await response.json()) as { versions: string[] }).versions;
  }

  it('loads the version into the endpoint and passes the smoke test', async () => {
    const result = await deployHttp('v1');
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    // The token is masked before anything could print it, and printed nowhere else.
    expect(result.stdout.split(TOKEN).length - 1).toBe(1);
    expect(result.stdout).toContain(`::add-mask::${TOKEN}`);
    expect(result.stdout).toMatch(/Smoke test: 5 rows served as scored locally/);
    expect(result.outputs['url']).toBe(endpoint);
    const deployment = deploymentsOf(emulator, 'fraud@v1').at(-1)!;
    expect(deployment.statuses.at(-1)).toMatchObject({ state: 'success', environment_url: endpoint });
    expect(await servedVersions()).toEqual(['1']);

    const second = await deployHttp('v2');
    expect(second.exitCode, second.stdout).toBe(0);
    expect(await servedVersions()).toEqual(['2']);
    expect((await stageOf(emulator, 'fraud'))?.version).toBe(2);
  }, 180_000);

  it('is refused by the endpoint without its token, and production stays', async () => {
    const result = await deployHttp('v1', { 'endpoint-token': '' });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toBe(
      `Deploying fraud@v1 to production failed: POST ${endpoint}v2/repository/models/fraud/load answered 401: send the server's token: "Authorization: Bearer <token>"`,
    );
    expect(deploymentsOf(emulator, 'fraud@v1').at(-1)!.statuses.at(-1)?.state).toBe('failure');
    expect(await servedVersions()).toEqual(['2']);
    expect((await stageOf(emulator, 'fraud'))?.version).toBe(2);
  }, 180_000);

  it('fails when the endpoint serves another model than it was sent, and rolls back', async () => {
    tamperNextLoad = true;
    const result = await deployHttp('v1', { 'rollback-on-failure': 'true' });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(
      /^Deploying fraud@v1 to production failed: the endpoint disagrees with the local model on output "label" value 0: served "1", local "0" .* Rolled back to fraud@v2/,
    );
    expect(deploymentsOf(emulator, 'fraud@v1').at(-1)!.statuses.at(-1)?.state).toBe('failure');
    expect(await servedVersions()).toEqual(['2']);
    expect((await stageOf(emulator, 'fraud'))?.version).toBe(2);
  }, 180_000);

  it('records a failure when the endpoint is down, and production stays', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await runAction('deploy-model', {
      emulator,
      workspace,
      inputs: {
        'model-name': 'fraud',
        version: 'v1',
        target: 'http',
        endpoint: `http://127.0.0.1:${port}`,
        'smoke-data': 'smoke.csv',
      },
      env: { ...FAST, RUNNER_TOOL_CACHE: toolCache },
    });
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(/the endpoint is not reachable \(.*ECONNREFUSED/);
    expect(deploymentsOf(emulator, 'fraud@v1').at(-1)!.statuses.at(-1)?.state).toBe('failure');
    expect((await stageOf(emulator, 'fraud'))?.version).toBe(2);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
