import type { CliIO } from '@mlops-actions/cli';

/** A CLI context that captures what a command prints; env defaults to HOME only (hermetic). */
export function captureIO(
  cwd: string,
  env: Record<string, string | undefined> = { HOME: process.env['HOME'] },
): { cli: CliIO; out: { stdout: string; stderr: string } } {
  const out = { stdout: '', stderr: '' };
  const cli: CliIO = {
    env,
    cwd,
    stdout: (text) => (out.stdout += text),
    stderr: (text) => (out.stderr += text),
  };
  return { cli, out };
}
