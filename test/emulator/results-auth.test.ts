import { DefaultArtifactClient } from '@actions/artifact';
import { restoreCache, saveCache } from '@actions/cache';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startResultsService, type ResultsService } from '../../packages/emulator/src/results/index';
import { signJwt, verifyJwt } from '../../packages/emulator/src/results/jwt';

const ARTIFACT = 'twirp/github.actions.results.api.v1.ArtifactService';
const CACHE = 'twirp/github.actions.results.api.v1.CacheService';

let service: ResultsService;
let scratch: string;
let output = '';
const savedEnv = { ...process.env };

/** A token that decodes fine client-side (same claims) but whose signature is not the service's. */
function forged(token: string): string {
  const [head, body] = token.split('.');
  return `${head}.${body}.${Buffer.alloc(32, 7).toString('base64url')}`;
}

function call(path: string, body: unknown, token?: string) {
  return fetch(new URL(path, service.resultsUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  service = await startResultsService();
  scratch = await mkdtemp(join(tmpdir(), 'results-auth-'));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    output += String(chunk);
    return true;
  });
});

afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(output);
  output = '';
  process.env = { ...savedEnv };
});

afterAll(async () => {
  vi.restoreAllMocks();
  process.env = savedEnv;
  await service?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('runtime token checks', () => {
  it('answers 401 unauthenticated without a valid token, 404 bad_route for unknown methods', async () => {
    const good = service.runtimeToken({ runId: 1 });
    for (const token of [undefined, 'not-a-jwt', forged(good)]) {
      const res = await call(`${ARTIFACT}/ListArtifacts`, {}, token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'unauthenticated' });
    }
    const res = await call(`${ARTIFACT}/Nope`, {}, good);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'bad_route' });
  });

  it('takes the run from the token: another run id in the body is refused', async () => {
    const mine = service.runtimeToken({ runId: 7, jobId: 'a' });
    const other = JSON.parse(
      Buffer.from(service.runtimeToken({ runId: 8 }).split('.')[1] ?? '', 'base64url').toString(),
    );
    const otherRun = String(other.scp).split(' ')[1]?.split(':')[1];
    const res = await call(`${ARTIFACT}/ListArtifacts`, { workflow_run_backend_id: otherRun }, mine);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'permission_denied' });
  });

  it('the artifact client surfaces the 401', async () => {
    Object.assign(process.env, service.env({ runId: 3 }), { GITHUB_WORKSPACE: scratch });
    process.env['ACTIONS_RUNTIME_TOKEN'] = forged(process.env['ACTIONS_RUNTIME_TOKEN'] ?? '');
    const file = join(scratch, 'a.txt');
    await writeFile(file, 'x');
    const client = new DefaultArtifactClient();
    await expect(client.uploadArtifact('a', [file], scratch)).rejects.toThrow(/401/);
    await expect(client.listArtifacts()).rejects.toThrow(/401/);
    expect(service.artifacts()).toEqual([]);
  });

  it('the cache client reports the 401 as a warning and saves/restores nothing', async () => {
    const ws = join(scratch, 'ws');
    await mkdir(join(ws, 'dir'), { recursive: true });
    await writeFile(join(ws, 'dir', 'f'), 'x');
    Object.assign(process.env, service.env({ runId: 3 }), {
      GITHUB_WORKSPACE: ws,
      RUNNER_TEMP: join(scratch, 'tmp'),
    });
    process.env['ACTIONS_RUNTIME_TOKEN'] = forged(process.env['ACTIONS_RUNTIME_TOKEN'] ?? '');
    const before = service.log.length;
    expect(await saveCache([join(ws, 'dir')], 'k')).toBe(-1);
    expect(await restoreCache([join(ws, 'dir')], 'k')).toBeUndefined();
    // Quirk: saveCache reports any CreateCacheEntry failure as "another job may be creating this
    // cache" (info, not warning); the 401 itself is only in the debug line.
    expect(output).toMatch(
      /::debug::Failed to reserve cache: .*\(401\) Unauthorized: invalid token signature/,
    );
    expect(output).toMatch(/Failed to save: Unable to reserve cache with key k/);
    expect(output).toMatch(/::warning::Failed to restore: .*401/);
    expect(
      service.log.slice(before).map((e) => [e.path.slice(1).split('/').slice(0, 2).join('/'), e.status]),
    ).toEqual([
      [CACHE, 401],
      [CACHE, 401],
    ]);
    expect(service.caches()).toEqual([]);
  });
});

describe('jwt', () => {
  const secret = Buffer.from('s'.repeat(32));
  it('rejects expired, not-yet-valid, tampered and alg:none tokens', () => {
    const now = 1_000_000;
    expect(verifyJwt(signJwt({ a: 1, exp: now + 1 }, secret), secret, now)).toMatchObject({ a: 1 });
    expect(() => verifyJwt(signJwt({ exp: now }, secret), secret, now)).toThrow(/expired/);
    expect(() => verifyJwt(signJwt({ nbf: now + 5 }, secret), secret, now)).toThrow(/not valid yet/);
    const [head, , sig] = signJwt({ scp: 'x' }, secret).split('.');
    const body = Buffer.from(JSON.stringify({ scp: 'y' })).toString('base64url');
    expect(() => verifyJwt(`${head}.${body}.${sig}`, secret, now)).toThrow(/signature/);
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(() => verifyJwt(`${none}.${body}.`, secret, now)).toThrow(/algorithm/);
  });
});
