import { spawn } from 'node:child_process';

export interface CommandResult {
  exitCode: number;
  durationMs: number;
}

/**
 * Runs the user's training command with bash (`-e -o pipefail`, as a workflow's `run:` step
 * does), in any language, with `env` added to the environment; its output goes straight to ours.
 */
export function runTrainingCommand(
  command: string,
  options: { env: Record<string, string>; cwd?: string },
): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', command], {
      cwd: options.cwd,
      env: { ...withoutRunnerInternals(process.env), ...options.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', (error) =>
      reject(new Error(`Could not start bash for the training command: ${error.message}`)),
    );
    child.on('close', (code, signal) =>
      resolve({ exitCode: code ?? (signal ? 128 : 1), durationMs: Date.now() - started }),
    );
  });
}

/**
 * The runner's credentials for its own services (artifact and cache uploads, OIDC tokens): a
 * workflow's `run:` steps do not get them, so neither does the training command.
 */
const RUNNER_INTERNALS =
  /^(ACTIONS_RUNTIME_TOKEN|ACTIONS_RUNTIME_URL|ACTIONS_RESULTS_URL|ACTIONS_CACHE_URL|ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_URL|INPUT_GITHUB-TOKEN)$/;

export function withoutRunnerInternals(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !RUNNER_INTERNALS.test(name)));
}
