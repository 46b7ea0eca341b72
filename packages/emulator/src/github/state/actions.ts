import { notFound, unprocessable } from '../errors';
import type { RunApprovalRecord, UserRecord, WorkflowRecord, WorkflowRunRecord } from './records';
import { resolveCommitish } from './repo-git';
import type { Store } from './store';

/** Workflows, runs, dispatches and environment approvals of GitHub Actions. */

export function addWorkflow(
  store: Store,
  file: string,
  options: { name?: string; inputs?: string[] } = {},
): WorkflowRecord {
  const path = file.includes('/') ? file : `.github/workflows/${file}`;
  const existing = [...store.workflows.values()].find((w) => w.path === path);
  if (existing) return existing;
  const now = store.now();
  const workflow: WorkflowRecord = {
    id: store.nextId(),
    name: options.name ?? file.replace(/^.*\//, '').replace(/\.ya?ml$/, ''),
    path,
    state: 'active',
    inputs: options.inputs,
    created_at: now,
    updated_at: now,
  };
  store.workflows.set(workflow.id, workflow);
  return workflow;
}

/** A workflow by numeric id or by file name (`retrain.yml`), as the API accepts either. */
export function findWorkflow(store: Store, idOrFile: string): WorkflowRecord | undefined {
  if (/^\d+$/.test(idOrFile)) return store.workflows.get(Number(idOrFile));
  return [...store.workflows.values()].find(
    (w) => w.path === `.github/workflows/${idOrFile}` || w.path === idOrFile,
  );
}

export interface RunInput {
  workflow?: string;
  name?: string;
  head_branch?: string | null;
  head_sha?: string;
  event?: string;
  status?: WorkflowRunRecord['status'];
  conclusion?: WorkflowRunRecord['conclusion'];
  actor?: UserRecord;
  display_title?: string;
  run_attempt?: number;
}

export function addWorkflowRun(store: Store, input: RunInput): WorkflowRunRecord {
  const workflow = input.workflow ? addWorkflow(store, input.workflow) : addWorkflow(store, 'ci.yml');
  const branch = input.head_branch === undefined ? store.defaultBranch : input.head_branch;
  const headSha = input.head_sha ?? (branch ? resolveCommitish(store, branch) : undefined);
  const runNumber = [...store.runs.values()].filter((r) => r.workflow_id === workflow.id).length + 1;
  const now = store.now();
  const run: WorkflowRunRecord = {
    id: store.nextId(),
    name: input.name ?? workflow.name,
    workflow_id: workflow.id,
    path: workflow.path,
    head_branch: branch,
    head_sha: headSha ?? '0'.repeat(40),
    event: input.event ?? 'push',
    status: input.status ?? 'completed',
    conclusion:
      input.conclusion === undefined
        ? input.status && input.status !== 'completed'
          ? null
          : 'success'
        : input.conclusion,
    run_number: runNumber,
    run_attempt: input.run_attempt ?? 1,
    actor: input.actor ?? store.ensureUser(store.owner, 'Organization'),
    display_title: input.display_title ?? workflow.name,
    created_at: now,
    updated_at: now,
  };
  store.runs.set(run.id, run);
  return run;
}

export function dispatchWorkflow(
  store: Store,
  workflow: WorkflowRecord,
  input: { ref: string; inputs: Record<string, unknown>; actor: UserRecord },
): WorkflowRunRecord {
  const sha = resolveCommitish(store, input.ref);
  if (!sha) throw unprocessable(`No ref found for: ${input.ref}`);
  if (workflow.state !== 'active') throw unprocessable('Workflow is disabled');
  const names = Object.keys(input.inputs);
  if (workflow.inputs) {
    const unexpected = names.filter((n) => !workflow.inputs?.includes(n));
    if (unexpected.length > 0)
      throw unprocessable(`Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  }
  if (names.length > 25)
    throw unprocessable('you may only define up to 25 `inputs` for a `workflow_dispatch` event');
  const branch = input.ref.replace(/^refs\/(heads|tags)\//, '');
  const run = addWorkflowRun(store, {
    workflow: workflow.path,
    head_branch: branch,
    head_sha: sha,
    event: 'workflow_dispatch',
    status: 'queued',
    conclusion: null,
    actor: input.actor,
  });
  store.dispatches.push({
    workflow_id: workflow.id,
    workflow: workflow.path,
    ref: input.ref,
    inputs: input.inputs,
    actor: input.actor.login,
    run_id: run.id,
    at: store.now(),
  });
  return run;
}

export function addRunApproval(
  store: Store,
  runId: number,
  approval: Omit<RunApprovalRecord, 'run_id' | 'user'> & { user: UserRecord },
): RunApprovalRecord {
  if (!store.runs.has(runId)) throw notFound();
  const record: RunApprovalRecord = { run_id: runId, ...approval };
  store.approvals.push(record);
  return record;
}
