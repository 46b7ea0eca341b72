import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { runAction } from '../harness/run-action';
import { testClient } from '../support/github';
import { sha256, writeTrainingOutputs, type TrainingOutputs } from '../support/models';

const FAST = { MLOPS_ACTIONS_WRITE_INTERVAL_MS: '0', MLOPS_ACTIONS_RETRY_BASE_MS: '10' };

describe('resolve-model', () => {
  let emulator: Emulator;
  let mainSha: string;
  const versions: TrainingOutputs[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    mainSha = emulator.github.state.resolve('main') ?? '';
    for (const runId of [100, 101]) {
      const files = writeTrainingOutputs();
      const result = await runAction('register-model', {
        emulator,
        inputs: { 'model-name': 'churn', model: files.model, evaluation: files.evaluation },
        sha: mainSha,
        runId,
        env: FAST,
      });
      expect(result.exitCode, result.stdout).toBe(0);
      versions.push(files);
    }
  });
  afterAll(() => emulator.close());
  afterEach(() => {
    emulator.github.faults.clear();
    expectNoSchemaViolations(emulator.github);
  });

  function resolveModel(version: string, modelName = 'churn') {
    return runAction('resolve-model', {
      emulator,
      inputs: { 'model-name': modelName, version, path: 'models/churn.onnx' },
      env: FAST,
    });
  }

  function errorOf(result: { annotations: { level: string; message: string }[] }) {
    return result.annotations.find((a) => a.level === 'error')?.message;
  }

  /** Deploys a version the way deploy-model records it: a deployment with a payload, then a status. */
  async function deploy(
    environment: string,
    version: number,
    state: 'success' | 'failure',
    modelName = 'churn',
    recordedSha256 = versions[version - 1] ? sha256(versions[version - 1]!.modelBytes) : '',
  ) {
    const octokit = testClient(emulator);
    const repo = { owner: emulator.owner, repo: emulator.repo };
    const { data: deployment } = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: 'main',
      environment,
      task: 'deploy:model',
      auto_merge: false,
      required_contexts: [],
      payload: {
        model: modelName,
        version,
        tag: `${modelName}@v${version}`,
        sha256: recordedSha256,
      },
    });
    if (!('id' in deployment)) throw new Error('deployment was not created');
    await octokit.rest.repos.createDeploymentStatus({ ...repo, deployment_id: deployment.id, state });
  }

  it('resolves v1: the verified model, its sha256 and lineage.json next to it', async () => {
    const result = await resolveModel('v1');
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const path = join(result.workspace, 'models/churn.onnx');
    expect(result.outputs).toMatchObject({
      version: '1',
      tag: 'churn@v1',
      path,
      sha256: sha256(versions[0]!.modelBytes),
      lineage: join(result.workspace, 'models/churn.lineage.json'),
    });
    expect(readFileSync(path).equals(versions[0]!.modelBytes)).toBe(true);
    const lineage = JSON.parse(readFileSync(result.outputs['lineage'] ?? '', 'utf8'));
    expect(lineage.model).toEqual({ name: 'churn', version: 1, tag: 'churn@v1' });
    expect(result.summary).toContain('verified against lineage.json');
  });

  it('resolves "7"-style numbers and "latest" to the highest published version', async () => {
    expect((await resolveModel('2')).outputs['tag']).toBe('churn@v2');
    const latest = await resolveModel('latest');
    expect(latest.outputs).toMatchObject({ version: '2', sha256: sha256(versions[1]!.modelBytes) });
  });

  it('resolves stage:production to the latest successful deployment, ignoring a newer failed one', async () => {
    await deploy('production', 1, 'success');
    await deploy('production', 2, 'failure');
    await deploy('production', 2, 'success', 'fraud'); // another model's deployment is not ours
    const result = await resolveModel('stage:production');
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({
      version: '1',
      tag: 'churn@v1',
      sha256: sha256(versions[0]!.modelBytes),
    });
    expect(result.summary).toContain('runs in production');
  });

  it('fails clearly when no version runs in the asked stage', async () => {
    await deploy('staging', 2, 'failure');
    const result = await resolveModel('stage:staging');
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toBe(
      'No version of "churn" runs in "staging": it has no successful deployment (task deploy:model) to that environment.',
    );
    expect(existsSync(join(result.workspace, 'models/churn.onnx'))).toBe(false);
  });

  it('fails clearly on an unknown version or an unreadable selector', async () => {
    const unknown = await resolveModel('v9');
    expect(unknown.exitCode).toBe(1);
    expect(errorOf(unknown)).toBe('Unknown version churn@v9: the versions of "churn" are v2, v1.');
    const nothing = await resolveModel('latest', 'fraud');
    expect(errorOf(nothing)).toMatch(/Model "fraud" has no versions yet/);
    const garbage = await resolveModel('newest');
    expect(errorOf(garbage)).toMatch(
      /"newest" is not a version: use "v7", "7", "latest" or "stage:<environment>"/,
    );
    expect(garbage.requests).toEqual([]);
  });

  it('refuses a stage whose deployment recorded other bytes than the release holds', async () => {
    await deploy('canary', 2, 'success', 'churn', 'f'.repeat(64));
    const result = await resolveModel('stage:canary');
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(
      new RegExp(
        `churn@v2/model.onnx: sha256 \\w+ differs from ${'f'.repeat(64)} recorded by deployment \\d+ to "canary"`,
      ),
    );
    expect(existsSync(join(result.workspace, 'models/churn.onnx'))).toBe(false);
  });

  it('fails clearly when a version has no model asset', async () => {
    emulator.github.state.addRelease({
      tag_name: 'bare@v1',
      make_latest: 'false',
      assets: [{ name: 'lineage.json', data: '{}' }],
    });
    const result = await resolveModel('v1', 'bare');
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toMatch(/bare@v1 has no model\.onnx asset \(it has: lineage\.json\)/);
  });

  it('refuses a model whose bytes do not match lineage.json, and writes nothing', async () => {
    const lineage = {
      schema: 'mlops-actions/lineage',
      schemaVersion: 1,
      model: { name: 'tampered', version: 1, tag: 'tampered@v1' },
      assets: [{ name: 'model.onnx', sha256: sha256(Buffer.from('the original')), bytes: 12 }],
    };
    emulator.github.state.addRelease({
      tag_name: 'tampered@v1',
      make_latest: 'false',
      assets: [
        { name: 'model.onnx', data: 'a replacement' },
        { name: 'lineage.json', data: JSON.stringify(lineage) },
      ],
    });
    const result = await resolveModel('v1', 'tampered');
    expect(result.exitCode).toBe(1);
    expect(errorOf(result)).toContain(
      `tampered@v1/model.onnx: sha256 mismatch — downloaded ${sha256(Buffer.from('a replacement'))}, lineage.json records ${lineage.assets[0]!.sha256}`,
    );
    expect(existsSync(join(result.workspace, 'models/churn.onnx'))).toBe(false);
  });
});
