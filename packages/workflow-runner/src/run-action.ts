import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { machineNetworkEnv, spawnProcess } from './process';
import { parseAnnotations, parseKeyValueFile, type Annotation } from './workflow-commands';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** What the harness needs of an emulator: the variables that point the clients at it, and its request log. */
export interface EmulatorLike {
  /** Environment for a step: GITHUB_API_URL, GITHUB_TOKEN-like values, ACTIONS_RESULTS_URL, … */
  env(run: { runId: number; jobId: string; ref?: string }): Record<string, string>;
  /** Every request the emulator has served so far. */
  requestLog(): readonly RequestRecord[];
  /** The token that `${{ github.token }}` stands for. */
  defaultToken: string;
  owner: string;
  repo: string;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number | string;
}

export interface RunActionOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** Event payload written to GITHUB_EVENT_PATH. */
  event?: unknown;
  eventName?: string;
  emulator?: EmulatorLike;
  /** Working directory (GITHUB_WORKSPACE); a fresh temp dir by default. */
  workspace?: string;
  runId?: number;
  runAttempt?: number;
  jobId?: string;
  sha?: string;
  ref?: string;
  timeoutMs?: number;
}

export interface ActionResult {
  exitCode: number | null;
  outputs: Record<string, string>;
  /** The step summary the action wrote (GITHUB_STEP_SUMMARY). */
  summary: string;
  annotations: Annotation[];
  /** Variables exported for later steps (GITHUB_ENV). */
  exportedEnv: Record<string, string>;
  /** Directories added to later steps' PATH (GITHUB_PATH). */
  addedPath: string[];
  state: Record<string, string>;
  stdout: string;
  stderr: string;
  /** The requests the emulator served while this run was going (including any concurrent run's). */
  requests: RequestRecord[];
  workspace: string;
  durationMs: number;
}

/**
 * Runs an action's committed bundle (`actions/<name>/<runs.main>`) the way the runner does: a
 * node process with `INPUT_*` variables (defaults from action.yml filled in), file commands
 * (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_STATE, GITHUB_ENV, GITHUB_PATH), the event payload,
 * and the GITHUB_* / RUNNER_* context — pointed at the emulator when one is given.
 */
export async function runAction(name: string, options: RunActionOptions = {}): Promise<ActionResult> {
  const actionDir = join(repoRoot, 'actions', name);
  const manifest = parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as ActionManifest;
  const emulator = options.emulator;
  const scratch = mkdtempSync(join(tmpdir(), `action-${name}-`));
  const workspace = options.workspace ?? join(scratch, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const files = {
    output: join(scratch, 'output'),
    summary: join(scratch, 'step_summary'),
    state: join(scratch, 'state'),
    env: join(scratch, 'env'),
    path: join(scratch, 'path'),
    event: join(scratch, 'event.json'),
  };
  for (const file of [files.output, files.summary, files.state, files.env, files.path])
    writeFileSync(file, '');
  writeFileSync(files.event, JSON.stringify(options.event ?? {}));

  const runId = options.runId ?? 1000;
  const jobId = options.jobId ?? 'job-1';
  const owner = emulator?.owner ?? 'octo-org';
  const repo = emulator?.repo ?? 'ml-repo';
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? scratch,
    ...machineNetworkEnv(),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: `__${name}`,
    GITHUB_ACTION_PATH: actionDir,
    GITHUB_REPOSITORY: `${owner}/${repo}`,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: options.sha ?? 'a'.repeat(40),
    GITHUB_REF: options.ref ?? 'refs/heads/main',
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: String(options.runAttempt ?? 1),
    GITHUB_WORKFLOW: 'ml',
    GITHUB_JOB: 'build',
    GITHUB_ACTOR: 'data-scientist',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'emulated-runner',
    RUNNER_TEMP: join(scratch, 'runner_temp'),
    RUNNER_TOOL_CACHE: join(scratch, 'tool_cache'),
    ...(emulator ? emulator.env({ runId, jobId, ref: options.ref ?? 'refs/heads/main' }) : {}),
    ...inputEnv(manifest, options.inputs ?? {}, emulator?.defaultToken),
    ...options.env,
  };
  mkdirSync(env['RUNNER_TEMP'] ?? scratch, { recursive: true });

  const logStart = emulator?.requestLog().length ?? 0;
  const started = Date.now();
  const script = join(actionDir, manifest.runs.main);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const { exitCode, stdout, stderr, timedOut } = await spawnProcess(process.execPath, [script], {
    env,
    cwd: workspace,
    timeoutMs,
  });
  if (timedOut) {
    throw new Error(
      `${script} did not finish within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`,
    );
  }
  return {
    exitCode,
    outputs: parseKeyValueFile(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    annotations: parseAnnotations(stdout),
    exportedEnv: parseKeyValueFile(readFileSync(files.env, 'utf8')),
    addedPath: readFileSync(files.path, 'utf8').split('\n').filter(Boolean),
    state: parseKeyValueFile(readFileSync(files.state, 'utf8')),
    stdout,
    stderr,
    requests: emulator
      ? emulator
          .requestLog()
          .slice(logStart)
          .map(({ method, path, status }) => ({ method, path, status }))
      : [],
    workspace,
    durationMs: Date.now() - started,
  };
}

interface ActionManifest {
  inputs?: Record<string, { default?: unknown; required?: boolean }>;
  runs: { using: string; main: string };
}

/**
 * `INPUT_<NAME>` as the runner forms it: upper case, spaces to underscores, hyphens kept.
 * Defaults from action.yml fill unset inputs; `${{ github.token }}` is the only expression a
 * default may hold here (it is the only one our actions use), anything else is an error.
 */
function inputEnv(manifest: ActionManifest, inputs: Record<string, string>, token: string | undefined) {
  const declared = manifest.inputs ?? {};
  for (const name of Object.keys(inputs)) {
    if (!(name in declared)) throw new Error(`input "${name}" is not declared in action.yml`);
  }
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    let value = inputs[name];
    if (value === undefined && spec.default !== undefined) {
      const fallback = String(spec.default);
      if (/\$\{\{\s*github\.token\s*\}\}/.test(fallback)) value = token ?? '';
      else if (fallback.includes('${{'))
        throw new Error(`unsupported expression in the default of "${name}": ${fallback}`);
      else value = fallback;
    }
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return env;
}
