import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { runAction } from '../harness/run-action';
import { testClient } from '../support/github';
import { writeTrainingOutputs } from '../support/models';

/** Short waits through the client's env knobs, as a step would get them. */
const FAST = {
  MLOPS_ACTIONS_WRITE_INTERVAL_MS: '0',
  MLOPS_ACTIONS_RETRY_BASE_MS: '1',
  MLOPS_ACTIONS_RATE_LIMIT_SECOND_MS: '2',
};
const LOST_REPLY = { drop: true, dropAfterProcessing: true } as const;

/** The cases of a lost reply that once duplicated or orphaned a write, run through the built actions. */
describe('a lost reply, through the actions as the runner runs them', () => {
  let emulator: Emulator;
  let sha: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    sha = emulator.github.state.resolve('main') ?? '';
  });
  afterAll(() => emulator.close());
  afterEach(() => {
    emulator.github.faults.clear();
    expectNoSchemaViolations(emulator.github);
  });

  function register(modelName: string, runId: number) {
    const files = writeTrainingOutputs();
    const evaluation = JSON.parse(readFileSync(files.evaluation, 'utf8'));
    writeFileSync(files.evaluation, JSON.stringify({ ...evaluation, passed: true }));
    return runAction('register-model', {
      emulator,
      inputs: { 'model-name': modelName, model: files.model, evaluation: files.evaluation },
      sha,
      runId,
      env: FAST,
    });
  }

  async function releasesAndTags(modelName: string) {
    const octokit = testClient(emulator);
    const repo = { owner: emulator.owner, repo: emulator.repo };
    const releases = await octokit.paginate(octokit.rest.repos.listReleases, { ...repo, per_page: 100 });
    const tags = await octokit.paginate(octokit.rest.git.listMatchingRefs, {
      ...repo,
      ref: `tags/${modelName}@`,
      per_page: 100,
    });
    return {
      releases: releases
        .filter((r) => r.tag_name.startsWith(`${modelName}@`))
        .map((r) => [r.tag_name, r.draft])
        .sort(),
      tags: tags.map((t) => t.ref).sort(),
    };
  }

  it.each([
    ['POST git/refs', 'lost-tag', /\/git\/refs$/, 61_000],
    ['POST releases', 'lost-draft', /\/releases$/, 61_001],
  ])(
    'register-model, %s: registers v1, no orphan tag, no stray draft',
    async (_name, modelName, path, runId) => {
      emulator.github.faults.add({ method: 'POST', path, ...LOST_REPLY });
      const result = await register(modelName, runId);
      expect(result.exitCode, result.stdout).toBe(0);
      expect(result.outputs).toMatchObject({ version: '1', tag: `${modelName}@v1` });
      expect(await releasesAndTags(modelName)).toEqual({
        releases: [[`${modelName}@v1`, false]],
        tags: [`refs/tags/${modelName}@v1`],
      });
      expect(result.requests.filter((r) => r.status === 'dropped')).toHaveLength(1);
    },
  );

  it('deploy-model, POST deployments: one deployment, with its final status, and the output names it', async () => {
    expect((await register('served', 62_000)).exitCode).toBe(0);
    emulator.github.faults.add({ method: 'POST', path: /\/deployments$/, ...LOST_REPLY });
    const result = await runAction('deploy-model', {
      emulator,
      inputs: { 'model-name': 'served', version: 'v1', environment: 'staging' },
      runId: 62_001,
      env: FAST,
    });
    expect(result.exitCode, result.stdout).toBe(0);
    const octokit = testClient(emulator);
    const repo = { owner: emulator.owner, repo: emulator.repo };
    const deployments = await octokit.paginate(octokit.rest.repos.listDeployments, {
      ...repo,
      environment: 'staging',
    });
    expect(deployments.map((d) => d.id)).toEqual([Number(result.outputs['deployment-id'])]);
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
      ...repo,
      deployment_id: deployments[0]!.id,
    });
    expect(statuses.map((s) => s.state)).toEqual(['success', 'in_progress']);
    expect(deployments[0]?.payload).toMatchObject({
      model: 'served',
      tag: 'served@v1',
      runId: 62_001,
      runAttempt: 1,
    });
  });
});
