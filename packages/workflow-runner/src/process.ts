import { spawn } from 'node:child_process';

/**
 * A runner hands its own environment to every step; of the test machine's we pass only what
 * reaching the network needs (certificates, proxies, the npm registry), so steps stay hermetic.
 */
export function machineNetworkEnv(): Record<string, string> {
  const names =
    /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|(HTTPS?|NO|ALL)_PROXY|npm_config_registry)$/i;
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => names.test(entry[0]) && entry[1] !== undefined,
    ),
  );
}

export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** killed (SIGKILL) after timeoutMs */
  timedOut: boolean;
}

/** Runs a process to its end, collecting its output; kills it after `timeoutMs`. */
export function spawnProcess(
  command: string,
  args: string[],
  options: { env: Record<string, string>; cwd: string; timeoutMs: number },
): Promise<ProcessResult> {
  return new Promise((done, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      done({ exitCode, stdout, stderr, timedOut });
    });
  });
}
