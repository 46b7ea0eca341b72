import { restoreCache, saveCache } from '@actions/cache';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startResultsService, type ResultsService } from '../../packages/emulator/src/results/index';

let service: ResultsService;
let scratch: string;
let output = '';
const savedEnv = { ...process.env };

/** The cache client archives paths relative to GITHUB_WORKSPACE and extracts into it. */
function useJob(workspace: string, ids: { runId: number; jobId?: string; ref?: string }) {
  Object.assign(process.env, service.env(ids), { GITHUB_WORKSPACE: workspace });
}

async function tree(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path)] = (await readFile(path)).toString('base64');
  }
  return files;
}

beforeAll(async () => {
  service = await startResultsService();
  scratch = await mkdtemp(join(tmpdir(), 'results-cache-'));
  process.env['RUNNER_TEMP'] = join(scratch, 'runner-temp');
  // @actions/core prints every step of the clients; keep it for failing tests only.
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    output += String(chunk);
    return true;
  });
});

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(output);
  output = '';
});

afterAll(async () => {
  vi.restoreAllMocks();
  process.env = savedEnv;
  await service?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('@actions/cache (v2) against the emulated results service', () => {
  it('saves a directory and restores it into a clean workspace; restore keys and misses', async () => {
    const saveWs = join(scratch, 'save-ws');
    const data = join(saveWs, 'data');
    await mkdir(join(data, 'nested', 'deeper'), { recursive: true });
    await writeFile(join(data, 'train.csv'), 'a,b\n1,2\n');
    await writeFile(join(data, 'nested', 'weights.bin'), randomBytes(256 * 1024));
    await writeFile(join(data, 'nested', 'deeper', 'notes.txt'), 'deep');
    await writeFile(join(data, '.hidden'), 'dotfile');
    // The version hashes the path strings as given, so restores pass the same string.
    const paths = [data];

    useJob(saveWs, { runId: 1 });
    const id = await saveCache(paths, 'deps-linux-aaa');
    expect(id).toBeGreaterThan(0);
    const [entry] = service.caches();
    expect(entry).toMatchObject({ id, key: 'deps-linux-aaa', scope: 'refs/heads/main', finalized: true });
    expect(entry?.size).toBeGreaterThan(0);

    const restoreWs = join(scratch, 'restore-ws');
    await mkdir(restoreWs);
    useJob(restoreWs, { runId: 2 });
    expect(await restoreCache(paths, 'deps-linux-aaa')).toBe('deps-linux-aaa');
    expect(await tree(join(restoreWs, 'data'))).toEqual(await tree(data));
    expect(Object.keys(await tree(data))).toHaveLength(4);
    expect(service.caches()[0]?.lastAccessedAt).toBeDefined();

    // A newer entry under the same prefix wins a restore-key match.
    useJob(saveWs, { runId: 3 });
    await writeFile(join(data, 'train.csv'), 'a,b\n3,4\n');
    const newer = await saveCache(paths, 'deps-linux-bbb');
    expect(newer).toBeGreaterThan(id);

    const prefixWs = join(scratch, 'prefix-ws');
    useJob(prefixWs, { runId: 4 });
    expect(await restoreCache(paths, 'deps-linux-zzz', ['deps-win-', 'deps-linux-'])).toBe('deps-linux-bbb');
    expect(await readFile(join(prefixWs, 'data', 'train.csv'), 'utf8')).toBe('a,b\n3,4\n');

    // Misses: unknown keys, and a known key with another version (different paths).
    const missWs = join(scratch, 'miss-ws');
    useJob(missWs, { runId: 5 });
    expect(await restoreCache(paths, 'other-key', ['other-'])).toBeUndefined();
    expect(await restoreCache([join(saveWs, 'elsewhere')], 'deps-linux-aaa')).toBeUndefined();
    await expect(readdir(missWs)).rejects.toThrow(/ENOENT/);

    // Entries are immutable: saving the same key again is refused (the client returns -1).
    useJob(saveWs, { runId: 6 });
    expect(await saveCache(paths, 'deps-linux-aaa')).toBe(-1);
    expect(service.log.some((e) => e.path.endsWith('/CreateCacheEntry') && e.status === 409)).toBe(true);
    expect(service.caches()).toHaveLength(2);
  });

  it('scopes entries by ref: branches read their own and the default branch, not each other', async () => {
    const ws = join(scratch, 'scope-ws');
    const dir = join(ws, 'features');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'f.parquet'), randomBytes(1024));

    useJob(ws, { runId: 10, ref: 'refs/heads/main' });
    expect(await saveCache([dir], 'feat-main')).toBeGreaterThan(0);
    useJob(ws, { runId: 11, ref: 'refs/heads/feature-a' });
    expect(await saveCache([dir], 'feat-a')).toBeGreaterThan(0);
    expect(service.caches().find((c) => c.key === 'feat-a')?.scope).toBe('refs/heads/feature-a');

    useJob(join(scratch, 'ws-b'), { runId: 12, ref: 'refs/heads/feature-b' });
    expect(await restoreCache([dir], 'feat-a')).toBeUndefined();
    expect(await restoreCache([dir], 'feat-main')).toBe('feat-main');
    // Its own ref is searched before the default branch.
    useJob(join(scratch, 'ws-a'), { runId: 13, ref: 'refs/heads/feature-a' });
    expect(await restoreCache([dir], 'feat-x', ['feat-'])).toBe('feat-a');
  });
});
