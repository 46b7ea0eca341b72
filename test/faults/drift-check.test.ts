import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import {
  dispatchRetrainWorkflow,
  retrainBranch,
  retrainSummaryPath,
  upsertRetrainPullRequest,
  type RetrainPullRequest,
} from '@mlops-actions/registry';
import { testClient } from '../support/github';
import { cells, faultAt, givesUp, slug, type WriteEndpoint } from './matrix';
import { fastClient, refillRateLimit } from './support';

/** drift-check's writes when no retraining PR is open: branch, summary commit, PR, label, dispatch. */
const OPENING = {
  'POST git/refs (branch)': { method: 'POST', path: /\/git\/refs$/ },
  'PUT contents (summary)': { method: 'PUT', path: /\/contents\/.+$/ },
  'POST pulls': { method: 'POST', path: /\/pulls$/ },
  'POST labels': { method: 'POST', path: /\/issues\/\d+\/labels$/ },
  'POST dispatches': { method: 'POST', path: /\/dispatches$/ },
} satisfies Record<string, WriteEndpoint>;

/** …and when one is open: the new commit, the title and body, the report comment. */
const UPDATING = {
  'PUT contents (summary)': { method: 'PUT', path: /\/contents\/.+$/ },
  'PATCH pull': { method: 'PATCH', path: /\/pulls\/\d+$/ },
  'POST comments (report)': { method: 'POST', path: /\/issues\/\d+\/comments$/ },
} satisfies Record<string, WriteEndpoint>;

describe('drift-check writes exactly once under faults', () => {
  let emulator: Emulator;
  let runId = 51_000;
  const repo = () => ({ owner: emulator.owner, repo: emulator.repo });

  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.github.state.addWorkflow('retrain.yml', { inputs: ['model'] });
  });
  afterAll(() => emulator.close());
  beforeEach(() => refillRateLimit(emulator));
  afterEach(() => {
    emulator.github.faults.clear();
    expectNoSchemaViolations(emulator.github);
  });

  /** What startRetraining does for a drift: the PR, then the retrain workflow on its base. */
  async function retrain(modelName: string, run: number): Promise<RetrainPullRequest> {
    const octokit = fastClient(emulator);
    const report = `Drift of ${modelName} found by run ${run}`;
    const pull = await upsertRetrainPullRequest(octokit, {
      ...repo(),
      modelName,
      summary: `${JSON.stringify({ model: modelName, run })}\n`,
      commitMessage: `Retrain ${modelName} (run ${run})`,
      title: `Retrain ${modelName}`,
      body: report,
      updateComment: report,
    });
    await dispatchRetrainWorkflow(octokit, {
      ...repo(),
      workflow: 'retrain.yml',
      ref: pull.base,
      inputs: { model: modelName },
    });
    return pull;
  }

  /** The model's PRs, the open one's comments, its branch's summary, and the retrain runs — over plain REST. */
  async function stateOf(modelName: string) {
    const octokit = testClient(emulator);
    const branch = retrainBranch(modelName);
    const pulls = await octokit.paginate(octokit.rest.pulls.list, {
      ...repo(),
      head: `${emulator.owner}:${branch}`,
      state: 'all',
      per_page: 100,
    });
    const open = pulls.filter((p) => p.state === 'open');
    const comments = open[0]
      ? await octokit.paginate(octokit.rest.issues.listComments, { ...repo(), issue_number: open[0].number })
      : [];
    const { data: file } = await octokit.rest.repos.getContent({
      ...repo(),
      path: retrainSummaryPath(modelName),
      ref: branch,
    });
    const summary =
      'content' in file ? JSON.parse(Buffer.from(file.content, 'base64').toString('utf8')) : undefined;
    const dispatched = emulator.github.state.dispatches.filter((d) => d.inputs['model'] === modelName);
    return { pulls, open, comments, summary, runs: await retrainRuns(), dispatched };
  }

  /** How many retrain runs were dispatched, as the Actions API lists them. */
  async function retrainRuns(): Promise<number> {
    const octokit = testClient(emulator);
    const runs = await octokit.paginate(octokit.rest.actions.listWorkflowRuns, {
      ...repo(),
      workflow_id: 'retrain.yml',
      event: 'workflow_dispatch',
      per_page: 100,
    });
    return runs.length;
  }

  /** Runs the cell's drift (re-running it once when the first run gave up) and returns the final PR. */
  async function driftUnder(
    modelName: string,
    endpoint: WriteEndpoint,
    fault: Parameters<typeof faultAt>[1],
  ) {
    const run = runId++;
    emulator.github.faults.add(faultAt(endpoint, fault));
    if (givesUp(fault)) {
      await expect(retrain(modelName, run)).rejects.toThrow(/Internal Server Error|500/);
      emulator.github.faults.clear();
    }
    const pull = await retrain(modelName, run);
    expect(emulator.github.faults.list()).toEqual([]);
    return { run, pull };
  }

  it.each(cells(OPENING))(
    'opening: %s × %s: one labelled PR, one dispatch, pr-operation tells the truth',
    async (name, fault) => {
      const modelName = slug('open', name, fault);
      const runsBefore = await retrainRuns();
      const { run, pull } = await driftUnder(modelName, OPENING[name], fault);

      const after = await stateOf(modelName);
      expect(after.pulls.map((p) => [p.number, p.state])).toEqual([[pull.number, 'open']]);
      expect(after.open[0]?.labels.map((l) => l.name)).toEqual(['retrain']);
      expect(after.summary).toEqual({ model: modelName, run });
      // Opened by this drift's first run unless it gave up after the PR existed: then the re-run updated it, with one comment.
      const openedByFirstRun = givesUp(fault) && (name === 'POST labels' || name === 'POST dispatches');
      expect(pull.operation).toBe(openedByFirstRun ? 'updated' : 'created');
      expect(after.comments.length).toBe(openedByFirstRun ? 1 : 0);
      expect(after.runs - runsBefore).toBe(1);
      expect(after.dispatched.map((d) => d.inputs)).toEqual([{ model: modelName }]);
    },
  );

  it.each(cells(UPDATING))(
    'updating: %s × %s: the same PR, one new commit, one report comment, one dispatch',
    async (name, fault) => {
      const modelName = slug('update', name, fault);
      const opened = await retrain(modelName, runId++);
      const before = await stateOf(modelName);
      const { run, pull } = await driftUnder(modelName, UPDATING[name], fault);

      const after = await stateOf(modelName);
      expect([pull.operation, pull.number]).toEqual(['updated', opened.number]);
      expect(after.pulls.map((p) => [p.number, p.state])).toEqual([[opened.number, 'open']]);
      expect(after.summary).toEqual({ model: modelName, run });
      expect(after.comments.map((c) => c.body?.split('\n')[0])).toEqual([
        `Drift of ${modelName} found by run ${run}`,
      ]);
      expect(after.open[0]?.body).toBe(`Drift of ${modelName} found by run ${run}`);
      expect(after.runs - before.runs).toBe(1);
      expect(after.dispatched).toHaveLength(2);
    },
  );
});
