import { execFile } from 'node:child_process';

/** Node's version, and Python's where one is on PATH (most training code is Python). */
export async function toolVersions(): Promise<{ node: string; python?: string }> {
  const python = await new Promise<string | undefined>((resolve) => {
    execFile('python3', ['--version'], { timeout: 5000 }, (error, stdout, stderr) =>
      resolve(error ? undefined : `${stdout}${stderr}`.trim().replace(/^Python\s+/, '')),
    );
  });
  return { node: process.version, ...(python ? { python } : {}) };
}
