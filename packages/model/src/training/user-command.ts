import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CommandResult {
  exitCode: number;
  durationMs: number;
}

export interface UserCommandOptions {
  /** Variables the command is given on top of the scrubbed environment (see `userCommandEnvironment`). */
  env: Record<string, string>;
  cwd?: string;
  /** Where the throw-away file-command files go; default RUNNER_TEMP, else the system's temp dir. */
  scratchDir?: string;
}

/**
 * The runner's credentials for its own services (artifact and cache uploads, OIDC tokens) and the
 * action's inputs (`INPUT_GITHUB-TOKEN`, `INPUT_ENDPOINT-TOKEN`, …): a workflow's `run:` steps do
 * not get them, so neither does a user's command run by an action.
 */
const WITHHELD =
  /^(INPUT_.*|ACTIONS_RUNTIME_TOKEN|ACTIONS_RUNTIME_URL|ACTIONS_RESULTS_URL|ACTIONS_CACHE_URL|ACTIONS_CACHE_SERVICE_V2|ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_URL)$/i;

/**
 * The runner's file commands. Whatever the command appends to the real files would reach the
 * steps after this one (`NODE_OPTIONS` or `LD_PRELOAD` through GITHUB_ENV, a PATH entry, this
 * step's outputs), so it writes to empty files of its own that nobody reads.
 */
const FILE_COMMANDS = ['GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'];

/** `env` without the runner's and the action's credentials (see `WITHHELD`). */
export function withoutRunnerInternals(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !WITHHELD.test(name)));
}

/**
 * The environment a user's command runs in — the training command of `train`, the deploy script
 * of `deploy-model` — built in one place so both withhold the same things: `base` without
 * credentials, and throw-away file-command files in a fresh folder under `scratchDir`.
 * `dispose` removes that folder.
 */
export async function userCommandEnvironment(
  base: NodeJS.ProcessEnv,
  scratchDir: string,
): Promise<{ env: NodeJS.ProcessEnv; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(scratchDir, 'user-command-'));
  const env = withoutRunnerInternals(base);
  for (const name of FILE_COMMANDS) {
    const file = join(dir, name.toLowerCase());
    await writeFile(file, '');
    env[name] = file;
  }
  return { env, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Runs a user's bash script (`-e -o pipefail`, as a workflow's `run:` step does) in the scrubbed
 * environment of `userCommandEnvironment` plus `options.env`; its output goes straight to ours.
 */
export async function runUserCommand(script: string, options: UserCommandOptions): Promise<CommandResult> {
  const scratchDir = options.scratchDir ?? (process.env['RUNNER_TEMP'] || tmpdir());
  const environment = await userCommandEnvironment(process.env, scratchDir);
  const started = Date.now();
  try {
    return await new Promise<CommandResult>((resolve, reject) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', script], {
        cwd: options.cwd,
        env: { ...environment.env, ...options.env },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', (error) =>
        reject(new Error(`Could not start bash for the command: ${error.message}`)),
      );
      child.on('close', (code, signal) =>
        resolve({ exitCode: code ?? (signal ? 128 : 1), durationMs: Date.now() - started }),
      );
    });
  } finally {
    await environment.dispose();
  }
}
