import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startAzurite } from '../../packages/emulator/src/results/azurite';
import { BlobStore } from '../../packages/emulator/src/results/blob-store';

const childScript = fileURLToPath(
  new URL('../../packages/emulator/src/results/azurite-child.mjs', import.meta.url),
);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('Azurite behind the results service', () => {
  it('serves signed URLs with the granted permission only, and close() stops the process', async () => {
    const azurite = await startAzurite({ persistence: 'disk' });
    try {
      expect(azurite.blobEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
      const blobs = new BlobStore(azurite.blobEndpoint);
      await blobs.ensureContainer('probe');
      const put = (url: string) =>
        fetch(url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'hello' });

      const readOnly = blobs.signedUrl('probe', 'b.txt', 'read', { ttlSeconds: 60 });
      expect((await put(readOnly)).status).toBe(403);
      expect(await blobs.size('probe', 'b.txt')).toBeUndefined();

      expect((await put(blobs.signedUrl('probe', 'b.txt', 'write', { ttlSeconds: 60 }))).status).toBe(201);
      expect(await blobs.size('probe', 'b.txt')).toBe(5);
      expect(await (await fetch(readOnly)).text()).toBe('hello');
      // Expired signatures are refused.
      expect((await fetch(blobs.signedUrl('probe', 'b.txt', 'read', { ttlSeconds: -60 }))).status).toBe(403);
    } finally {
      await azurite.close();
    }
    expect(await waitUntil(() => !alive(azurite.pid), 2000)).toBe(true);
  });

  it('exits by itself when its parent dies without closing it', async () => {
    // A stand-in for a crashed test process: it starts the child, reports its pid, then SIGKILLs itself.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const c = require('node:child_process').spawn(process.execPath, [${JSON.stringify(childScript)}],
           { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, AZURITE_EMULATOR_MEMORY: '1' } });
         c.on('message', () => { process.stdout.write(String(c.pid)); process.kill(process.pid, 'SIGKILL'); });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    parent.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    await new Promise((resolve) => parent.once('exit', resolve));
    const pid = Number(stdout);
    expect(pid).toBeGreaterThan(0);
    expect(await waitUntil(() => !alive(pid), 5000)).toBe(true);
  });
});
