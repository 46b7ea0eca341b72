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
      env: { ...process.env, ...options.env },
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
