import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The well-known Azurite development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Keep blobs in memory (default) or in a temp dir that close() removes. */
  persistence?: 'memory' | 'disk';
  startTimeoutMs?: number;
}

export interface Azurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1` */
  blobEndpoint: string;
  pid: number;
  close(): Promise<void>;
}

const childScript = fileURLToPath(new URL('./azurite-child.mjs', import.meta.url));

/**
 * Starts Azurite's blob service in a child process on a free loopback port and waits until it
 * listens. The child exits on close(), and by itself if this process dies (its IPC channel drops).
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const dir = await mkdtemp(join(tmpdir(), 'azurite-'));
  const child = spawn(process.execPath, [childScript], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: {
      ...process.env,
      AZURITE_EMULATOR_DIR: dir,
      AZURITE_EMULATOR_MEMORY: options.persistence === 'disk' ? '0' : '1',
    },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Backstop for a parent that exits without close(): `exit` handlers must be synchronous.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const cleanup = async () => {
    process.off('exit', killOnExit);
    await stopChild(child, exited);
    await rm(dir, { recursive: true, force: true });
  };

  let address: string;
  try {
    address = await waitForReady(child, options.startTimeoutMs ?? 30_000, () => stderr);
  } catch (error) {
    await cleanup();
    throw error;
  }
  // Don't let a forgotten close() keep the parent alive; the IPC watchdog still reaps the child.
  child.unref();
  child.channel?.unref();
  (child.stderr as Socket | null)?.unref();

  let closed: Promise<void> | undefined;
  return {
    blobEndpoint: `${address}/${AZURITE_ACCOUNT}`,
    pid: child.pid ?? -1,
    close: () => (closed ??= cleanup()),
  };
}

function waitForReady(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`Azurite did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: unknown) => {
      const ready = (message as { ready?: unknown } | null)?.ready;
      if (typeof ready !== 'string') return;
      done();
      resolve(ready);
    };
    const onExit = (code: number | null) => fail(new Error(`Azurite exited early (code ${code})`));
    const fail = (error: Error) => {
      done();
      const tail = stderr().trim();
      reject(tail ? new Error(`${error.message}:\n${tail}`) : error);
    };
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', fail);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('error', fail);
  });
}

/** Asks the child to close Azurite cleanly; SIGKILL if it has not exited in a few seconds. */
async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.send('close', () => undefined);
  else child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), 5_000);
  });
  if (await Promise.race([exited.then(() => false), timedOut])) {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}
