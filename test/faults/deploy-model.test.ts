import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { deployModel, registerModel, type DeployOutcome } from '@mlops-actions/registry';
import { parseEvaluation } from '@mlops-actions/stats';
import { testClient } from '../support/github';
import { writeTrainingOutputs } from '../support/models';
import { cells, faultAt, givesUp, slug, type WriteEndpoint } from './matrix';
import { fastClient, refillRateLimit } from './support';

/** deploy-model's writes: the deployment, then its statuses (in_progress, success). */
const ENDPOINTS = {
  'POST deployments': { method: 'POST', path: /\/deployments$/ },
  'POST deployment statuses': { method: 'POST', path: /\/deployments\/\d+\/statuses$/ },
} satisfies Record<string, WriteEndpoint>;

const FINAL = ['success', 'failure', 'error', 'inactive'];

describe('deploy-model writes exactly once under faults', () => {
  let emulator: Emulator;
  let runId = 41_000;
  const modelName = 'deployed';

  beforeAll(async () => {
    emulator = await startEmulator();
    const sha = emulator.github.state.resolve('main') ?? '';
    for (const version of [1, 2]) {
      const files = writeTrainingOutputs();
      const evaluation = JSON.parse(readFileSync(files.evaluation!, 'utf8'));
      writeFileSync(files.evaluation!, JSON.stringify({ ...evaluation, passed: true }));
      await registerModel(fastClient(emulator), {
        owner: emulator.owner,
        repo: emulator.repo,
        modelName,
        files,
        evaluation: parseEvaluation(readFileSync(files.evaluation!, 'utf8'), files.evaluation!),
        code: {
          repository: `${emulator.owner}/${emulator.repo}`,
          sha,
          ref: 'refs/heads/main',
          workflow: 'train',
          runId: 40_000 + version,
          runAttempt: 1,
          actor: 'octocat',
          runUrl: `https://github.com/${emulator.owner}/${emulator.repo}/actions/runs/${40_000 + version}`,
          commitUrl: `https://github.com/${emulator.owner}/${emulator.repo}/commit/${sha}`,
        },
        renderCard: () => `# ${modelName}`,
      });
    }
  });
  afterAll(() => emulator.close());
  beforeEach(() => refillRateLimit(emulator));
  afterEach(() => {
    emulator.github.faults.clear();
    expectNoSchemaViolations(emulator.github);
  });

  function deploy(environment: string, version: number, run: number, attempt = 1): Promise<DeployOutcome> {
    return deployModel(
      fastClient(emulator),
      {
        owner: emulator.owner,
        repo: emulator.repo,
        modelName,
        selector: { kind: 'number', version },
        environment,
        allowFailedGate: false,
        rollbackOnFailure: false,
        readEvaluation: parseEvaluation,
        runId: run,
        runAttempt: attempt,
        workDir: mkdtempSync(join(tmpdir(), 'deploy-faults-')),
      },
      { deploy: () => Promise.resolve({}) },
    );
  }

  /** Every deployment of the environment with its statuses (newest first), over plain REST. */
  async function deploymentsIn(environment: string) {
    const octokit = testClient(emulator);
    const repo = { owner: emulator.owner, repo: emulator.repo };
    const deployments = await octokit.paginate(octokit.rest.repos.listDeployments, {
      ...repo,
      environment,
      per_page: 100,
    });
    return Promise.all(
      deployments.map(async (deployment) => ({
        id: deployment.id,
        payload: deployment.payload as Record<string, unknown>,
        statuses: (
          await octokit.rest.repos.listDeploymentStatuses({
            ...repo,
            deployment_id: deployment.id,
            per_page: 100,
          })
        ).data.map((s) => [s.state, s.description]),
      })),
    );
  }

  it.each(cells(ENDPOINTS))(
    '%s × %s: one successful deployment of the run, none without a final status',
    async (endpoint, fault) => {
      const environment = slug('env', endpoint, fault);
      const first = await deploy(environment, 1, runId++);
      const [earlier] = await deploymentsIn(environment);
      expect(earlier?.statuses[0]?.[0]).toBe('success');

      const run = runId++;
      emulator.github.faults.add(faultAt(ENDPOINTS[endpoint], fault));
      let outcome: DeployOutcome;
      if (givesUp(fault)) {
        await expect(deploy(environment, 2, run)).rejects.toThrow(/Internal Server Error/);
        emulator.github.faults.clear();
        outcome = await deploy(environment, 2, run, 2);
      } else {
        outcome = await deploy(environment, 2, run);
      }
      expect(emulator.github.faults.list()).toEqual([]);

      const all = await deploymentsIn(environment);
      const ofRun = all.filter((d) => d.payload['runId'] === run);
      // Exactly one deployment of this run succeeded, and it is the one reported.
      const succeeded = ofRun.filter((d) => d.statuses[0]?.[0] === 'success');
      expect(succeeded.map((d) => d.id)).toEqual([outcome.deploymentId]);
      expect(succeeded[0]?.statuses.map(([state]) => state)).toEqual(['success', 'in_progress']);
      expect(outcome.previous?.deploymentId).toBe(first.deploymentId);
      // Every deployment ends in a final state; one abandoned by a failed attempt says so.
      for (const deployment of all) expect(FINAL).toContain(deployment.statuses[0]?.[0]);
      const abandoned = ofRun.filter((d) => d.id !== outcome.deploymentId);
      if (givesUp(fault) && endpoint === 'POST deployment statuses') {
        expect(abandoned.map((d) => [d.payload['runAttempt'], d.statuses[0]])).toEqual([
          [1, ['error', `Abandoned by attempt 1 of run ${run}; attempt 2 deploys again.`]],
        ]);
      } else {
        expect(abandoned).toEqual([]);
      }
      // What ran before keeps its history: its own statuses, then at most GitHub's `inactive`.
      const before = all.find((d) => d.id === earlier?.id);
      expect(before?.statuses.slice(-earlier!.statuses.length)).toEqual(earlier?.statuses);
    },
  );
});
