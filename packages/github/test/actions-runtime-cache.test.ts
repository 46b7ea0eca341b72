import { saveCache } from '@actions/cache';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startResultsService, type ResultsService } from '@mlops-actions/emulator';
import { installOnnxRuntime, isRuntimeInstalled, runtimeDir } from '@mlops-actions/model';
import { actionsRuntimeOptions } from '../src/actions-cache';
import { ensureOnnxRuntime, onnxRuntimeCacheKey } from '@mlops-actions/model';

/**
 * A stand-in npm registry that fetches each tarball once from the real one (the installer checks
 * its sha512, so the bytes are the release's) and counts how often a job downloads it.
 */
const upstream = (process.env['npm_config_registry'] ?? 'https://registry.npmjs.org').replace(/\/+$/, '');
const tarballs = new Map<string, Promise<Buffer>>();
let downloads = 0;
let registry: Server;

let service: ResultsService;
let scratch: string;
let output = '';
const savedEnv = { ...process.env };

/** Points the cache client at the emulated results service as one job of a run on main. */
function startJob(runId: number, toolCache: string) {
  Object.assign(process.env, service.env({ runId, jobId: `job-${runId}` }), {
    GITHUB_WORKSPACE: join(scratch, 'workspace'),
    RUNNER_TEMP: join(scratch, `runner-temp-${runId}`),
    RUNNER_TOOL_CACHE: toolCache,
  });
  output = '';
}

const warnings = () => output.split('\n').filter((line) => line.startsWith('::warning::'));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  registry = createServer((req, res) => {
    const path = req.url ?? '';
    if (!tarballs.has(path)) {
      tarballs.set(
        path,
        fetch(`${upstream}${path}`).then(async (response) => Buffer.from(await response.arrayBuffer())),
      );
    }
    downloads++;
    tarballs.get(path)!.then(
      (body) => res.end(body),
      () => res.writeHead(502).end(),
    );
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  process.env['npm_config_registry'] = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
  scratch = mkdtempSync(join(tmpdir(), 'ort-cache-'));
  mkdirSync(join(scratch, 'workspace'));
  // @actions/core writes info and warnings as workflow commands on stdout.
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    output += String(chunk);
    return true;
  });
});

beforeEach(async () => {
  service = await startResultsService();
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(output);
  await service?.close();
});

afterAll(() => {
  vi.restoreAllMocks();
  process.env = savedEnv;
  registry?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('ensureOnnxRuntime and the Actions cache', () => {
  it('a later job restores the verified runtime from the Actions cache instead of downloading it', async () => {
    const toolCache = join(scratch, 'tools-a');
    startJob(1, toolCache);
    await ensureOnnxRuntime(actionsRuntimeOptions());
    expect(downloads).toBe(2); // onnxruntime-node and onnxruntime-common
    expect(service.caches()).toMatchObject([{ key: onnxRuntimeCacheKey(), finalized: true }]);

    // A fresh runner: same tool-cache path (the cache is keyed on it), nothing in it.
    rmSync(toolCache, { recursive: true, force: true });
    startJob(2, toolCache);
    const location = await ensureOnnxRuntime(actionsRuntimeOptions());
    expect(isRuntimeInstalled(location)).toBe(true);
    expect(downloads).toBe(2);
    expect(output).toContain('restored from the Actions cache and verified');
    expect(warnings()).toEqual([]);
  }, 240_000);

  it('a runtime altered and saved under the key (marker and all) is discarded with a warning and downloaded again', async () => {
    const toolCache = join(scratch, 'tools-b');
    const key = onnxRuntimeCacheKey()!;
    // Another step on main saves a tampered copy under the key before any of our jobs does: a
    // genuine install with the marker, one JavaScript file of the runtime changed.
    startJob(3, toolCache);
    await installOnnxRuntime({ root: toolCache });
    const dir = runtimeDir({ root: toolCache });
    const file = join(dir, 'node_modules/onnxruntime-node/dist/index.js');
    const genuine = sha256(file);
    appendFileSync(file, '\nglobalThis.stolen = process.env;\n');
    expect(await saveCache([dir], key)).toBeGreaterThan(0);
    rmSync(toolCache, { recursive: true, force: true });
    const before = downloads;

    startJob(4, toolCache);
    const location = await ensureOnnxRuntime(actionsRuntimeOptions());
    expect(warnings()).toEqual([
      expect.stringMatching(
        new RegExp(
          `restored from the Actions cache \\(key ${key}\\) is not the verified release.*downloading`,
        ),
      ),
    ]);
    expect(downloads - before).toBe(2);
    expect(isRuntimeInstalled(location)).toBe(true);
    expect(sha256(file)).toBe(genuine);
  }, 240_000);
});
