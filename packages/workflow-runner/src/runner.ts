import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { grants, scopeNeeded, writesAnything, type Emulator } from '@mlops-actions/emulator';
import { Octokit } from '@octokit/rest';
import { machineNetworkEnv, spawnProcess } from './process';
import { runAction } from './run-action';
import { parseAnnotations, parseKeyValueFile, type Annotation } from './workflow-commands';
import {
  evaluateCondition,
  evaluateExpression,
  interpolate,
  truthy,
  type EvaluationScope,
  type Value,
} from './expressions';
import { expandMatrix, legName, MatrixError, type MatrixLeg } from './matrix';
import { globToRegExp, hashFiles, listFiles, matchesAny } from './globs';
import { readWorkflowFile, type Job, type Step, type Strategy, type WorkflowFile } from './workflow-file';

/**
 * Runs a workflow file against the emulator the way GitHub's runner would, one job after another
 * in `needs` order, each in a fresh workspace. See README.md next to this file for what is
 * supported; anything else is an error.
 */

/** `uses:` of this repository's actions, as users write them. */
const OUR_ACTION = /^mlops-actions\/mlops-actions\/actions\/([a-z-]+)@[\w.-]+$/;
const CHECKOUT = /^actions\/checkout@v\d+$/;
const UPLOAD_ARTIFACT = /^actions\/upload-artifact@v\d+$/;
const DOWNLOAD_ARTIFACT = /^actions\/download-artifact@v\d+$/;
const SETUP_PYTHON = /^actions\/setup-python@v\d+$/;
const SETUP_NODE = /^actions\/setup-node@v\d+$/;
const BOT = 'github-actions[bot]';

export type TriggerEvent =
  | { name: 'push'; ref?: string; before?: string; after: string }
  | { name: 'pull_request'; number: number; action?: string }
  | {
      name: 'workflow_dispatch';
      ref?: string;
      inputs?: Record<string, string>;
      /** The queued run a `POST …/dispatches` created (`state.dispatches[i].run_id`): this run executes it. */
      runId?: number;
    }
  | { name: 'schedule' };

/** A reviewer's decision on a job's environment (Settings → Environments → Required reviewers). */
export interface EnvironmentReview {
  reviewer: string;
  state?: 'approved' | 'rejected';
  comment?: string;
}

export interface RunWorkflowOptions {
  emulator: Emulator;
  workflow: string | WorkflowFile;
  event: TriggerEvent;
  /** Repository variables (`vars.*`). */
  vars?: Record<string, string>;
  /** Secrets besides GITHUB_TOKEN (`secrets.*`). */
  secrets?: Record<string, string>;
  /** Reviews of environments with required reviewers, by environment name. */
  reviews?: Record<string, EnvironmentReview>;
  actor?: string;
  /** A runner's tool cache, shared between runs like a hosted runner's image (default: per run). */
  toolCache?: string;
  /**
   * What `actions/setup-python` puts on PATH: a directory with a `python` (and `pip`) executable,
   * standing in for the hosted runner's toolcache Python. Without it, setup-python is an error.
   */
  python?: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface StepResult {
  name: string;
  id: string | undefined;
  outcome: 'success' | 'failure' | 'skipped';
  conclusion: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  annotations: Annotation[];
  summary: string;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface JobResult {
  result: 'success' | 'failure' | 'skipped';
  /** A matrix job's legs, in the order they ran (absent for a job without `strategy.matrix`). */
  legs?: MatrixLegResult[];
  outputs: Record<string, string>;
  steps: StepResult[];
  summary: string;
  workspace: string;
  /** Requests refused (403) because the job's `permissions:` do not grant their scope. */
  permissionViolations: string[];
  environmentUrl?: string;
}

/** One leg of a matrix job: its name as GitHub shows it, its `matrix` values and what it did. */
export interface MatrixLegResult extends Omit<JobResult, 'result' | 'legs'> {
  name: string;
  matrix: MatrixLeg;
  /** `cancelled`: fail-fast stopped it after another leg failed. */
  result: 'success' | 'failure' | 'cancelled';
}

export interface WorkflowRun {
  /** false when the workflow does not run for this event (other event, branch or paths). */
  triggered: boolean;
  reason?: string;
  runId: number;
  conclusion: 'success' | 'failure' | 'skipped';
  jobs: Record<string, JobResult>;
  /** Every job's step summary, in order. */
  summary: string;
}

export class WorkflowRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowRunError';
  }
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRun> {
  const workflow =
    typeof options.workflow === 'string' ? readWorkflowFile(options.workflow) : options.workflow;
  const { emulator } = options;
  const log = options.log ?? (() => {});
  const trigger = await describeTrigger(emulator, workflow, options.event, options.actor ?? 'data-scientist');
  if (trigger.skip)
    return { triggered: false, reason: trigger.skip, runId: 0, conclusion: 'skipped', jobs: {}, summary: '' };

  const queued =
    options.event.name === 'workflow_dispatch' && options.event.runId !== undefined
      ? emulator.github.state.runs().find((r) => r.id === (options.event as { runId: number }).runId)
      : undefined;
  if (queued && (queued.status !== 'queued' || !queued.path.endsWith(`/${workflow.file}`))) {
    throw new WorkflowRunError(`run ${queued.id} is not a queued run of ${workflow.file}`);
  }
  const run =
    queued ??
    emulator.github.state.addWorkflowRun({
      workflow: workflow.file,
      name: workflow.name,
      head_branch: trigger.branch,
      head_sha: trigger.sha,
      event: options.event.name,
      status: 'in_progress',
      actor: trigger.actor,
    });
  run.status = 'in_progress';
  const runDir = mkdtempSync(join(tmpdir(), `workflow-${workflow.file.replace(/\W/g, '_')}-`));
  const toolCache = options.toolCache ?? join(runDir, 'tool_cache');
  log(`▶ ${workflow.name} (${workflow.file}) on ${options.event.name} — run ${run.id}`);

  const baseContexts = {
    github: trigger.github(run.id, run.run_number),
    inputs: trigger.inputs,
    vars: options.vars ?? {},
    runner: { os: 'Linux', arch: 'X64', name: 'emulated-runner', temp: join(runDir, 'temp') },
  } satisfies Record<string, Value>;
  // Runs here are one at a time, so a concurrency group changes nothing — but it is evaluated, so a
  // broken expression in it fails here as it would on GitHub.
  if (workflow.concurrency) {
    const group = interpolate(workflow.concurrency.group, { contexts: baseContexts });
    log(`  concurrency group ${group}`);
  }

  const jobs: Record<string, JobResult> = {};
  for (const job of jobOrder(workflow)) {
    const needs: Record<string, Value> = Object.fromEntries(
      job.needs.map((id) => [id, { result: jobs[id]!.result, outputs: jobs[id]!.outputs }]),
    );
    const needsOk = job.needs.every((id) => jobs[id]!.result === 'success');
    const jobScope: EvaluationScope = {
      contexts: { ...baseContexts, needs },
      status: needsOk ? 'success' : 'failure',
    };
    if (!evaluateCondition(job.if, jobScope)) {
      log(`  ○ job ${job.id} skipped`);
      jobs[job.id] = {
        result: 'skipped',
        outputs: {},
        steps: [],
        summary: '',
        workspace: '',
        permissionViolations: [],
      };
      continue;
    }
    const context: JobContext = {
      options,
      workflow,
      job,
      runId: run.id,
      runNumber: run.run_number,
      runDir,
      toolCache,
      contexts: { ...baseContexts, needs },
      trigger,
      log,
    };
    jobs[job.id] = job.strategy ? await runMatrix(context, job.strategy) : await runJob(context);
  }

  const failed = Object.values(jobs).some((j) => j.result === 'failure');
  run.status = 'completed';
  run.conclusion = failed ? 'failure' : 'success';
  run.updated_at = new Date().toISOString();
  log(`${failed ? '✗' : '✓'} ${workflow.name}: ${failed ? 'failure' : 'success'}`);
  return {
    triggered: true,
    runId: run.id,
    conclusion: failed ? 'failure' : 'success',
    jobs,
    summary: Object.values(jobs)
      .map((j) => j.summary)
      .filter(Boolean)
      .join('\n'),
  };
}

interface Trigger {
  skip?: string;
  sha: string;
  branch: string | null;
  actor: string;
  payload: Record<string, unknown>;
  inputs: Record<string, Value>;
  env: Record<string, string>;
  github(runId: number, runNumber: number): Record<string, Value>;
}

/** The event payload and `github` context GitHub would build, and whether the workflow runs at all. */
async function describeTrigger(
  emulator: Emulator,
  workflow: WorkflowFile,
  event: TriggerEvent,
  actor: string,
): Promise<Trigger> {
  const { state } = emulator.github;
  const octokit = new Octokit({
    auth: emulator.defaultToken,
    baseUrl: emulator.github.apiUrl,
    request: { retries: 0 },
  });
  const { owner, repo } = emulator;
  const repository = (await octokit.rest.repos.get({ owner, repo })).data;
  const sender = { login: actor, id: state.addUser(actor).id, type: 'User' };
  const filter = workflow.on[event.name];
  let skip = filter === undefined ? `${workflow.file} does not run on ${event.name}` : undefined;
  let sha: string;
  let ref: string;
  let payload: Record<string, unknown>;
  let changed: string[] | undefined;
  let branchForFilter: string | undefined;
  const extra: Record<string, string> = {};
  let inputs: Record<string, Value> = {};

  switch (event.name) {
    case 'pull_request': {
      const pull = (await octokit.rest.pulls.get({ owner, repo, pull_number: event.number })).data;
      sha = pull.head.sha;
      ref = `refs/pull/${event.number}/merge`;
      payload = {
        action: event.action ?? 'synchronize',
        number: event.number,
        pull_request: pull,
        repository,
        sender,
      };
      // GitHub's three-dot diff: the branch's changes since it left the base.
      changed = changedFiles(
        emulator,
        state.mergeBase(pull.base.sha, pull.head.sha) ?? pull.base.sha,
        pull.head.sha,
      );
      branchForFilter = pull.base.ref;
      extra['head_ref'] = pull.head.ref;
      extra['base_ref'] = pull.base.ref;
      break;
    }
    case 'push': {
      ref = event.ref ?? 'refs/heads/main';
      sha = event.after;
      const before = event.before ?? '0'.repeat(40); // GitHub's "before" of a new branch
      payload = {
        ref,
        before,
        after: sha,
        repository,
        pusher: { name: actor },
        sender,
        head_commit: { id: sha },
      };
      changed = event.before ? changedFiles(emulator, event.before, event.after) : undefined;
      if (ref.startsWith('refs/tags/')) {
        // A tag push runs only workflows with a `tags:` filter it matches (a `branches:` filter alone never).
        const tag = ref.slice('refs/tags/'.length);
        if (!filter?.tags && filter?.branches) skip = `${workflow.file}: a tag push does not match branches`;
        else if (filter?.tags && !matchesAny(tag, filter.tags))
          skip = `${workflow.file}: tag ${tag} does not match ${filter.tags.join(', ')}`;
      } else {
        if (filter?.tags && !filter.branches) skip = `${workflow.file}: a branch push does not match tags`;
        branchForFilter = ref.replace(/^refs\/heads\//, '');
      }
      break;
    }
    case 'workflow_dispatch': {
      ref = event.ref ?? 'refs/heads/main';
      const resolved = state.resolve(ref);
      if (!resolved) throw new WorkflowRunError(`workflow_dispatch: no such ref ${ref}`);
      sha = resolved;
      inputs = dispatchInputs(workflow, filter?.inputs ?? {}, event.inputs ?? {});
      payload = { inputs, ref, repository, sender, workflow: `.github/workflows/${workflow.file}` };
      break;
    }
    case 'schedule': {
      ref = 'refs/heads/main';
      sha = state.resolve(ref) ?? '0'.repeat(40);
      payload = { schedule: filter?.cron?.[0] ?? '', repository };
      break;
    }
  }

  if (
    !skip &&
    filter?.branches &&
    branchForFilter !== undefined &&
    !matchesAny(branchForFilter, filter.branches)
  ) {
    skip = `${workflow.file}: branch ${branchForFilter} does not match ${filter.branches.join(', ')}`;
  }
  if (
    !skip &&
    filter?.paths &&
    changed !== undefined &&
    !changed.some((path) => matchesAny(path, filter.paths!))
  ) {
    skip = `${workflow.file}: no changed file matches paths ${filter.paths.join(', ')}`;
  }

  const refName = ref.replace(/^refs\/(heads|tags)\//, '');
  return {
    ...(skip ? { skip } : {}),
    sha,
    branch: event.name === 'pull_request' ? (extra['head_ref'] ?? null) : refName,
    actor,
    payload,
    inputs,
    env: {
      GITHUB_REF: ref,
      GITHUB_REF_NAME: refName,
      GITHUB_SHA: sha,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_ACTOR: actor,
      GITHUB_WORKFLOW: workflow.name,
      GITHUB_WORKFLOW_REF: `${owner}/${repo}/.github/workflows/${workflow.file}@${ref}`,
      GITHUB_HEAD_REF: extra['head_ref'] ?? '',
      GITHUB_BASE_REF: extra['base_ref'] ?? '',
    },
    github: (runId, runNumber) => ({
      event_name: event.name,
      event: payload as Value,
      sha,
      ref,
      ref_name: refName,
      head_ref: extra['head_ref'] ?? '',
      base_ref: extra['base_ref'] ?? '',
      repository: `${owner}/${repo}`,
      repository_owner: owner,
      actor,
      workflow: workflow.name,
      run_id: String(runId),
      run_number: String(runNumber),
      run_attempt: '1',
      server_url: 'https://github.com',
      api_url: emulator.github.apiUrl,
    }),
  };
}

/** Files that differ between two commits (added, changed or removed). */
function changedFiles(emulator: Emulator, from: string, to: string): string[] {
  const { state } = emulator.github;
  const before = state.files(from);
  const after = state.files(to);
  return [...new Set([...before.keys(), ...after.keys()])].filter((path) => {
    const a = before.get(path);
    const b = after.get(path);
    return a === undefined || b === undefined || !a.equals(b);
  });
}

/** `inputs.*` of a dispatch: declared inputs only, defaults filled, required ones present, booleans typed. */
function dispatchInputs(
  workflow: WorkflowFile,
  declared: NonNullable<WorkflowFile['on'][string]['inputs']>,
  given: Record<string, string>,
): Record<string, Value> {
  for (const name of Object.keys(given)) {
    if (!(name in declared))
      throw new WorkflowRunError(`${workflow.file}: unexpected workflow_dispatch input "${name}"`);
  }
  const out: Record<string, Value> = {};
  for (const [name, spec] of Object.entries(declared ?? {})) {
    const value = given[name] ?? (spec.default === undefined ? undefined : String(spec.default));
    if (value === undefined || value === '') {
      if (spec.required)
        throw new WorkflowRunError(`${workflow.file}: workflow_dispatch input "${name}" is required`);
      out[name] = spec.type === 'boolean' ? false : '';
      continue;
    }
    out[name] = spec.type === 'boolean' ? value === 'true' : value;
  }
  return out;
}

function jobOrder(workflow: WorkflowFile): Job[] {
  const done = new Set<string>();
  const order: Job[] = [];
  const visit = (job: Job, path: string[]) => {
    if (done.has(job.id)) return;
    if (path.includes(job.id))
      throw new WorkflowRunError(`${workflow.file}: jobs need each other: ${[...path, job.id].join(' → ')}`);
    for (const need of job.needs) visit(workflow.jobs[need]!, [...path, job.id]);
    done.add(job.id);
    order.push(job);
  };
  for (const job of Object.values(workflow.jobs)) visit(job, []);
  return order;
}

/**
 * A job with `strategy.matrix`: one run of the job per leg, each with its `matrix` and `strategy`
 * contexts and its own workspace. Legs run one after another here; with fail-fast (the default)
 * the legs after a failed one are cancelled, as GitHub cancels those still in progress. For the
 * jobs that need it, the job failed if any leg failed, and each output is the last non-empty value a
 * leg set, as GitHub merges the outputs of a matrix.
 */
async function runMatrix(context: JobContext, strategy: Strategy): Promise<JobResult> {
  const { job, workflow, log } = context;
  const scope: EvaluationScope = { contexts: context.contexts };
  let legs: MatrixLeg[];
  try {
    legs = expandMatrix(resolveExpressions(strategy.matrix, scope));
  } catch (error) {
    if (!(error instanceof MatrixError)) throw error;
    throw new WorkflowRunError(`${workflow.file}: job "${job.id}": ${error.message}`);
  }
  const failFast = truthy(resolveExpressions(strategy.failFast, scope));
  const results: MatrixLegResult[] = [];
  for (const [index, matrix] of legs.entries()) {
    const strategyContext = {
      'fail-fast': failFast,
      'job-index': index,
      'job-total': legs.length,
      'max-parallel': 1,
    };
    const contexts = { ...context.contexts, matrix, strategy: strategyContext };
    const named = job.name !== undefined && /\bmatrix\./i.test(job.name);
    const name = named ? interpolate(job.name!, { contexts }) : legName(job.name ?? job.id, matrix);
    if (failFast && results.some((leg) => leg.result === 'failure')) {
      log(`  ○ job ${name} cancelled (fail-fast)`);
      results.push({
        name,
        matrix,
        result: 'cancelled',
        outputs: {},
        steps: [],
        summary: '',
        workspace: '',
        permissionViolations: [],
      });
      continue;
    }
    const { result, legs: _none, ...rest } = await runJob({ ...context, contexts, leg: { index, name } });
    results.push({ ...rest, name, matrix, result: result === 'failure' ? 'failure' : 'success' });
  }
  const outputs: Record<string, string> = {};
  for (const leg of results) {
    for (const [key, value] of Object.entries(leg.outputs)) if (value !== '') outputs[key] = value;
  }
  return {
    result: results.some((leg) => leg.result !== 'success') ? 'failure' : 'success',
    legs: results,
    outputs,
    steps: results.flatMap((leg) => leg.steps),
    summary: results
      .map((leg) => leg.summary)
      .filter(Boolean)
      .join('\n'),
    workspace: results.at(-1)?.workspace ?? '',
    permissionViolations: results.flatMap((leg) => leg.permissionViolations),
  };
}

/** Expressions in a matrix: a string that is one `${{ }}` keeps its value's type (`fromJSON(…)`). */
function resolveExpressions(value: Value, scope: EvaluationScope): Value {
  if (typeof value === 'string') {
    const whole = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(value);
    return whole ? evaluateExpression(whole[1]!.trim(), scope) : interpolate(value, scope);
  }
  if (Array.isArray(value)) return value.map((item) => resolveExpressions(item, scope));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveExpressions(item, scope)]),
    );
  return value;
}

interface JobContext {
  options: RunWorkflowOptions;
  workflow: WorkflowFile;
  job: Job;
  runId: number;
  runNumber: number;
  runDir: string;
  toolCache: string;
  contexts: Record<string, Value>;
  trigger: Trigger;
  log: (line: string) => void;
  /** The matrix leg this run of the job is, if the job has a matrix. */
  leg?: { index: number; name: string };
}

async function runJob(context: JobContext): Promise<JobResult> {
  const { options, workflow, job, runId, trigger, log } = context;
  const { emulator } = options;
  const { state } = emulator.github;
  const jobDir = join(context.runDir, context.leg ? `${job.id}-${context.leg.index + 1}` : job.id);
  const workspace = join(jobDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(join(jobDir, 'temp'), { recursive: true });

  const permissions = job.permissions ?? workflow.permissions;
  // The job's GITHUB_TOKEN carries its permissions: the emulator refuses (403) what they do not grant.
  const token = emulator.github.issueToken({
    login: BOT,
    type: 'Bot',
    permissions: writesAnything(permissions) ? 'write' : 'read',
    ...(permissions ? { scopes: permissions } : {}),
  });
  const secrets = { ...options.secrets, GITHUB_TOKEN: token };
  const github = { ...(context.contexts['github'] as Record<string, Value>), token, job: job.id, workspace };
  const contexts: Record<string, Value> = { ...context.contexts, github, secrets };

  // Workflow and job env may use github, secrets, inputs, vars (and needs for the job's).
  const workflowEnv = interpolateAll(workflow.env, { contexts });
  const jobEnv = {
    ...workflowEnv,
    ...interpolateAll(job.env, { contexts: { ...contexts, env: workflowEnv } }),
  };

  const environmentName = job.environment ? interpolate(job.environment.name, { contexts }) : undefined;
  if (environmentName !== undefined) {
    const decision = reviewEnvironment(context, environmentName);
    if (decision === 'rejected') {
      log(`  ✗ job ${job.id}: the review of environment ${environmentName} rejected it`);
      return { result: 'failure', outputs: {}, steps: [], summary: '', workspace, permissionViolations: [] };
    }
  }

  const label = context.leg?.name ?? job.name ?? job.id;
  log(`  ● job ${label}`);
  const logStart = emulator.requestLog().length;
  const steps: StepResult[] = [];
  const stepsContext: Record<string, Value> = {};
  let status: 'success' | 'failure' = 'success';
  let exportedEnv: Record<string, string> = {};
  const addedPath: string[] = [];
  const hash = (patterns: string[]) => hashFiles(workspace, patterns);

  for (const step of job.steps) {
    const name = step.name ?? step.uses ?? step.run?.split('\n')[0] ?? `step ${step.index + 1}`;
    const env = { ...jobEnv, ...exportedEnv };
    const scope: EvaluationScope = {
      contexts: { ...contexts, env, steps: stepsContext },
      status,
      hashFiles: hash,
    };
    if (!evaluateCondition(step.if, scope)) {
      const skipped = emptyStep(name, step.id, 'skipped');
      steps.push(skipped);
      if (step.id) stepsContext[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      log(`    ○ ${name} (skipped)`);
      continue;
    }
    const valueScope: EvaluationScope = { contexts: scope.contexts, hashFiles: hash };
    const stepEnv = { ...env, ...interpolateAll(step.env, valueScope) };
    const inputs = interpolateAll(step.with, valueScope);
    const started = Date.now();
    let result: Omit<StepResult, 'name' | 'id' | 'conclusion' | 'durationMs'>;
    try {
      result = await runStep({
        context,
        step,
        inputs,
        env: stepEnv,
        workspace,
        jobDir,
        token,
        addedPath,
        scope: valueScope,
      });
    } catch (error) {
      if (error instanceof WorkflowRunError) throw error;
      result = {
        outcome: 'failure',
        outputs: {},
        annotations: [],
        summary: '',
        stdout: '',
        stderr: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    const conclusion = result.outcome === 'failure' && step.continueOnError ? 'success' : result.outcome;
    steps.push({ ...result, name, id: step.id, conclusion, durationMs: Date.now() - started });
    if (step.id) stepsContext[step.id] = { outputs: result.outputs, outcome: result.outcome, conclusion };
    if (conclusion === 'failure') status = 'failure';
    exportedEnv = { ...exportedEnv, ...(result as { exportedEnv?: Record<string, string> }).exportedEnv };
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    log(`    ${result.outcome === 'success' ? '✓' : '✗'} ${name} (${seconds} s)`);
    if (result.outcome === 'failure') {
      for (const line of failureLines(result)) log(`      ${line}`);
    }
  }

  // What the job's permissions refused, for the log (the step that made the request saw a 403).
  const suffix = token.slice(-4);
  const permissionViolations = emulator
    .requestLog()
    .slice(logStart)
    .flatMap((entry) => {
      const record = entry as { token?: string; method: string; path: string };
      if (record.token !== suffix) return [];
      const need = scopeNeeded(record.method, record.path, emulator);
      return need && !grants(permissions, need)
        ? [`${record.method} ${record.path} needs ${need.scopes.join(' or ')}: ${need.level}`]
        : [];
    });
  for (const violation of permissionViolations) log(`    ⚠ refused by the job's permissions: ${violation}`);

  const finalScope: EvaluationScope = { contexts: { ...contexts, env: jobEnv, steps: stepsContext } };
  const outputs = interpolateAll(job.outputs, finalScope);
  let environmentUrl: string | undefined;
  if (job.environment && environmentName !== undefined) {
    environmentUrl = job.environment.url ? interpolate(job.environment.url, finalScope) : undefined;
    // GitHub records every job that targets an environment as a deployment of its own (task "deploy").
    state.addDeployment({
      environment: environmentName,
      ref: trigger.sha,
      task: 'deploy',
      statuses: [
        { state: 'in_progress' },
        {
          state: status === 'success' ? 'success' : 'failure',
          ...(environmentUrl ? { environment_url: environmentUrl } : {}),
          log_url: `https://github.com/${emulator.owner}/${emulator.repo}/actions/runs/${runId}`,
        },
      ],
    });
  }
  const result = job.continueOnError && status === 'failure' ? 'success' : status;
  return {
    result,
    outputs,
    steps,
    summary: steps
      .map((s) => s.summary)
      .filter(Boolean)
      .join('\n'),
    workspace,
    permissionViolations,
    ...(environmentUrl ? { environmentUrl } : {}),
  };
}

/**
 * A job that targets an environment with required reviewers waits for one of them; the test
 * or demo gives the decision up front, and it is recorded on the run as GitHub records it
 * (what `GET …/runs/{id}/approvals` reports and deploy-model writes into the model card).
 */
function reviewEnvironment(context: JobContext, name: string): 'approved' | 'rejected' {
  const { state } = context.options.emulator.github;
  const environment = state.environments().find((e) => e.name.toLowerCase() === name.toLowerCase());
  const required = environment?.reviewers ?? [];
  if (!environment) state.addEnvironment(name); // GitHub creates an environment on first use
  if (required.length === 0) return 'approved';
  const review = context.options.reviews?.[name];
  if (!review) {
    throw new WorkflowRunError(
      `job "${context.job.id}" waits for a review of environment "${name}" (required reviewers); pass reviews: { ${name}: { reviewer } }`,
    );
  }
  const reviewerIds = new Set(required.map((r) => r.id));
  const reviewer = state.addUser(review.reviewer);
  if (!reviewerIds.has(reviewer.id)) {
    throw new WorkflowRunError(`${review.reviewer} is not a required reviewer of environment "${name}"`);
  }
  state.addRunApproval(context.runId, {
    environments: [name],
    user: review.reviewer,
    state: review.state ?? 'approved',
    ...(review.comment ? { comment: review.comment } : {}),
  });
  context.log(`  ⚑ ${review.reviewer} ${review.state ?? 'approved'} the deployment to ${name}`);
  return review.state ?? 'approved';
}

interface StepRun {
  context: JobContext;
  step: Step;
  inputs: Record<string, string>;
  env: Record<string, string>;
  workspace: string;
  jobDir: string;
  token: string;
  addedPath: string[];
  scope: EvaluationScope;
}

type StepOutcome = Omit<StepResult, 'name' | 'id' | 'conclusion' | 'durationMs'> & {
  exportedEnv?: Record<string, string>;
};

async function runStep(run: StepRun): Promise<StepOutcome> {
  const { step } = run;
  if (step.run !== undefined) return runScript(run, interpolate(step.run, run.scope));
  const uses = step.uses!;
  if (CHECKOUT.test(uses)) return checkout(run);
  if (UPLOAD_ARTIFACT.test(uses)) return uploadArtifact(run);
  if (DOWNLOAD_ARTIFACT.test(uses)) return downloadArtifact(run);
  if (SETUP_PYTHON.test(uses)) return setupPython(run);
  if (SETUP_NODE.test(uses)) return setupNode(run);
  const ours = OUR_ACTION.exec(uses);
  if (!ours) throw new WorkflowRunError(`${step.at}: uses: ${uses} is not supported by the workflow runner`);
  const { context, workspace } = run;
  const { emulator } = context.options;
  const result = await runAction(ours[1]!, {
    emulator: { ...emulator, defaultToken: run.token },
    inputs: run.inputs,
    env: {
      ...run.env,
      ...context.trigger.env,
      GITHUB_JOB: context.job.id,
      GITHUB_RUN_NUMBER: String(context.runNumber),
      RUNNER_TOOL_CACHE: context.toolCache,
      RUNNER_TEMP: join(run.jobDir, 'temp'),
      ...(run.addedPath.length ? { PATH: [...run.addedPath, process.env['PATH'] ?? ''].join(':') } : {}),
    },
    event: context.trigger.payload,
    eventName: context.options.event.name,
    workspace,
    runId: context.runId,
    jobId: context.job.id,
    sha: context.trigger.sha,
    ref: context.trigger.env['GITHUB_REF']!,
    timeoutMs: (step.timeoutMinutes ?? context.job.timeoutMinutes) * 60_000,
  });
  return {
    outcome: result.exitCode === 0 ? 'success' : 'failure',
    outputs: result.outputs,
    annotations: result.annotations,
    summary: result.summary,
    stdout: result.stdout,
    stderr: result.stderr,
    exportedEnv: result.exportedEnv,
  };
}

/** actions/checkout: the repository's files at the event's commit (or `ref:`), from the emulator's git. */
async function checkout(run: StepRun): Promise<StepOutcome> {
  const supported = ['ref', 'persist-credentials', 'fetch-depth'];
  for (const key of Object.keys(run.inputs)) {
    if (!supported.includes(key))
      throw new WorkflowRunError(`${run.step.at}: actions/checkout input "${key}" is not supported`);
  }
  const { state } = run.context.options.emulator.github;
  const ref = run.inputs['ref'] || run.context.trigger.sha;
  const commit = state.resolve(ref);
  if (!commit) {
    return {
      ...emptyStep('checkout', undefined, 'failure'),
      stderr: `A branch or tag with the name '${ref}' could not be found`,
    };
  }
  rmSync(run.workspace, { recursive: true, force: true });
  for (const [path, content] of state.files(commit)) {
    const target = join(run.workspace, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  mkdirSync(run.workspace, { recursive: true });
  return { ...emptyStep('checkout', undefined, 'success'), outputs: { ref, commit } };
}

/** actions/setup-python: the runner's `python` directory first on PATH for the job's later steps. */
function setupPython(run: StepRun): Promise<StepOutcome> {
  const supported = ['python-version', 'cache'];
  for (const key of Object.keys(run.inputs)) {
    if (!supported.includes(key))
      throw new WorkflowRunError(`${run.step.at}: actions/setup-python input "${key}" is not supported`);
  }
  const python = run.context.options.python;
  if (!python) {
    throw new WorkflowRunError(
      `${run.step.at}: actions/setup-python needs a Python — pass runWorkflow's \`python\` option (a directory with a python executable)`,
    );
  }
  run.addedPath.unshift(python);
  return Promise.resolve({
    outcome: 'success',
    outputs: { 'python-version': run.inputs['python-version'] ?? '' },
    annotations: [],
    summary: '',
    stdout: `Python ${run.inputs['python-version'] ?? ''} from ${python}`,
    stderr: '',
  });
}

/** actions/setup-node: the Node this runner runs on, first on PATH (any `node-version` is accepted). */
function setupNode(run: StepRun): Promise<StepOutcome> {
  const supported = ['node-version', 'cache'];
  for (const key of Object.keys(run.inputs)) {
    if (!supported.includes(key))
      throw new WorkflowRunError(`${run.step.at}: actions/setup-node input "${key}" is not supported`);
  }
  run.addedPath.unshift(dirname(process.execPath));
  return Promise.resolve({
    outcome: 'success',
    outputs: { 'node-version': process.version },
    annotations: [],
    summary: '',
    stdout: `Node ${process.version} from ${dirname(process.execPath)}`,
    stderr: '',
  });
}

/** actions/upload-artifact: the real @actions/artifact client against the emulated results service. */
async function uploadArtifact(run: StepRun): Promise<StepOutcome> {
  const supported = ['name', 'path', 'if-no-files-found', 'retention-days'];
  for (const key of Object.keys(run.inputs)) {
    if (!supported.includes(key))
      throw new WorkflowRunError(`${run.step.at}: actions/upload-artifact input "${key}" is not supported`);
  }
  const { emulator } = run.context.options;
  if (!emulator.results)
    throw new WorkflowRunError(`${run.step.at}: upload-artifact needs the emulator's results service`);
  const name = run.inputs['name'] || 'artifact';
  const files = (run.inputs['path'] ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .flatMap((path) => expandPath(run.workspace, path));
  if (files.length === 0) {
    const mode = run.inputs['if-no-files-found'] || 'warn';
    const message = `No files were found with the provided path: ${run.inputs['path'] ?? ''}. No artifacts will be uploaded.`;
    if (mode === 'error') return { ...emptyStep(name, undefined, 'failure'), stderr: message };
    return {
      ...emptyStep(name, undefined, 'success'),
      stdout: mode === 'warn' ? `::warning::${message}` : '',
    };
  }
  const root = commonDirectory(files);
  const script = fileURLToPath(new URL('./upload-artifact.mjs', import.meta.url));
  const env = {
    ...baseProcessEnv(),
    ...emulator.env({ runId: run.context.runId, jobId: run.context.job.id }),
  };
  const { exitCode, stdout, stderr, timedOut } = await spawnProcess(
    process.execPath,
    [script, name, root, ...files],
    { env, cwd: run.workspace, timeoutMs: 120_000 },
  );
  if (exitCode !== 0 || timedOut) {
    return {
      ...emptyStep(name, undefined, 'failure'),
      stdout,
      stderr: timedOut ? `${stderr}\nThe upload timed out.` : stderr,
    };
  }
  const { id } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { id: number };
  const url = `https://github.com/${emulator.owner}/${emulator.repo}/actions/runs/${run.context.runId}/artifacts/${id}`;
  return {
    ...emptyStep(name, undefined, 'success'),
    outputs: { 'artifact-id': String(id), 'artifact-url': url },
    stdout,
    stderr,
  };
}

/**
 * actions/download-artifact: this run's artifacts by `name`, or all of them / those matching
 * `pattern`, each into `path/<name>/` unless `merge-multiple` (or a single `name`) puts them in `path`.
 */
async function downloadArtifact(run: StepRun): Promise<StepOutcome> {
  const supported = ['name', 'pattern', 'path', 'merge-multiple'];
  for (const key of Object.keys(run.inputs)) {
    if (!supported.includes(key))
      throw new WorkflowRunError(`${run.step.at}: actions/download-artifact input "${key}" is not supported`);
  }
  const { emulator } = run.context.options;
  if (!emulator.results)
    throw new WorkflowRunError(`${run.step.at}: download-artifact needs the emulator's results service`);
  const name = run.inputs['name'] ?? '';
  const pattern = run.inputs['pattern'] ?? '';
  const names = name
    ? new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
    : pattern
      ? globToRegExp(pattern)
      : /^/;
  const path = resolve(run.workspace, run.inputs['path'] || '.');
  const merge = name !== '' || run.inputs['merge-multiple'] === 'true';
  const script = fileURLToPath(new URL('./download-artifact.mjs', import.meta.url));
  const env = {
    ...baseProcessEnv(),
    ...emulator.env({ runId: run.context.runId, jobId: run.context.job.id }),
  };
  const { exitCode, stdout, stderr, timedOut } = await spawnProcess(
    process.execPath,
    [script, path, String(merge), names.source],
    { env, cwd: run.workspace, timeoutMs: 120_000 },
  );
  const label = name || pattern || 'all artifacts';
  if (exitCode !== 0 || timedOut) return { ...emptyStep(label, undefined, 'failure'), stdout, stderr };
  const { names: found } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { names: string[] };
  if (name && found.length === 0) {
    return {
      ...emptyStep(label, undefined, 'failure'),
      stderr: `Unable to download artifact(s): Artifact not found for name: ${name}`,
    };
  }
  return { ...emptyStep(label, undefined, 'success'), outputs: { 'download-path': path }, stdout, stderr };
}

function expandPath(workspace: string, path: string): string[] {
  const absolute = resolve(workspace, path);
  if (existsSync(absolute)) {
    if (!statSync(absolute).isDirectory()) return [absolute];
    return listFiles(absolute).map((file) => join(absolute, file));
  }
  return listFiles(workspace)
    .filter((file) => matchesAny(file, [path]))
    .map((file) => join(workspace, file));
}

function commonDirectory(files: string[]): string {
  let root = dirname(files[0]!);
  while (!files.every((file) => file.startsWith(`${root}/`))) root = dirname(root);
  return root;
}

/** run: with bash, as GitHub runs it (`bash --noprofile --norc -eo pipefail {0}`), with the file commands. */
async function runScript(run: StepRun, script: string): Promise<StepOutcome> {
  const { step, context } = run;
  if (step.shell !== undefined && step.shell !== 'bash') {
    throw new WorkflowRunError(`${step.at}: shell: ${step.shell} is not supported (bash only)`);
  }
  const scratch = mkdtempSync(join(run.jobDir, 'step-'));
  const files = {
    GITHUB_OUTPUT: join(scratch, 'output'),
    GITHUB_ENV: join(scratch, 'env'),
    GITHUB_PATH: join(scratch, 'path'),
    GITHUB_STEP_SUMMARY: join(scratch, 'summary'),
    GITHUB_STATE: join(scratch, 'state'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const eventPath = join(scratch, 'event.json');
  writeFileSync(eventPath, JSON.stringify(context.trigger.payload));
  const scriptPath = join(scratch, 'script.sh');
  writeFileSync(scriptPath, script);
  const { owner, repo } = context.options.emulator;
  const env: Record<string, string> = {
    ...baseProcessEnv(),
    ...(run.addedPath.length ? { PATH: [...run.addedPath, process.env['PATH'] ?? ''].join(':') } : {}),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: `${owner}/${repo}`,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: context.options.emulator.github.apiUrl,
    GITHUB_RUN_ID: String(context.runId),
    GITHUB_RUN_NUMBER: String(context.runNumber),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: context.job.id,
    GITHUB_WORKSPACE: run.workspace,
    GITHUB_EVENT_PATH: eventPath,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: join(run.jobDir, 'temp'),
    ...context.trigger.env,
    ...files,
    ...run.env,
  };
  const cwd = step.workingDirectory ? join(run.workspace, step.workingDirectory) : run.workspace;
  const timeoutMs = (step.timeoutMinutes ?? context.job.timeoutMinutes) * 60_000;
  const result = await spawnProcess('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptPath], {
    env,
    cwd,
    timeoutMs,
  });
  const { exitCode, stdout } = result;
  const stderr = result.timedOut
    ? `${result.stderr}\nThe step timed out after ${timeoutMs / 60_000} minutes.`
    : result.stderr;
  const added = readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean);
  run.addedPath.unshift(...added.reverse());
  return {
    outcome: exitCode === 0 ? 'success' : 'failure',
    outputs: parseKeyValueFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    annotations: parseAnnotations(stdout),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    stdout,
    stderr,
    exportedEnv: parseKeyValueFile(readFileSync(files.GITHUB_ENV, 'utf8')),
  };
}

function emptyStep(name: string, id: string | undefined, outcome: StepResult['outcome']): StepResult {
  return {
    name,
    id,
    outcome,
    conclusion: outcome,
    outputs: {},
    annotations: [],
    summary: '',
    stdout: '',
    stderr: '',
    durationMs: 0,
  };
}

function failureLines(result: StepOutcome): string[] {
  const errors = result.annotations.filter((a) => a.level === 'error').map((a) => `error: ${a.message}`);
  if (errors.length > 0) return errors;
  return (result.stderr || result.stdout).trim().split('\n').slice(-5);
}

function interpolateAll(values: Record<string, string>, scope: EvaluationScope): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, interpolate(value, scope)]));
}

/** What a step's process gets of ours: PATH, HOME and what reaching the network needs. */
function baseProcessEnv(): Record<string, string> {
  const own = Object.entries({ PATH: process.env['PATH'], HOME: process.env['HOME'] }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return { ...Object.fromEntries(own), ...machineNetworkEnv() };
}
