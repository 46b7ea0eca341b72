import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResultsService, type ResultsService } from '../../packages/emulator/src/results/index';

// The protocol as the clients speak it, without the clients: the checks they can't trip.
const ARTIFACT = 'twirp/github.actions.results.api.v1.ArtifactService';
const CACHE = 'twirp/github.actions.results.api.v1.CacheService';

let service: ResultsService;
let token: string;
let ids: { workflow_run_backend_id: string; workflow_job_run_backend_id: string };

async function call(
  method: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(new URL(method, service.resultsUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function putBlob(url: string, body: string) {
  return fetch(url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body });
}

beforeAll(async () => {
  service = await startResultsService();
  token = service.runtimeToken({ runId: 77, jobId: 'j' });
  // The ids the artifact client would decode from the token's scp claim.
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    scp: string;
  };
  const [, run, job] =
    claims.scp
      .split(' ')
      .find((s) => s.startsWith('Actions.Results:'))
      ?.split(':') ?? [];
  ids = { workflow_run_backend_id: run ?? '', workflow_job_run_backend_id: job ?? '' };
});

afterAll(async () => {
  await service?.close();
});

describe('ArtifactService protocol', () => {
  it('finalize checks the upload: nothing uploaded, wrong size, wrong digest', async () => {
    const created = await call(`${ARTIFACT}/CreateArtifact`, {
      ...ids,
      name: 'eval',
      mime_type: 'application/zip',
      version: 7,
    });
    expect(created).toMatchObject({ status: 200, json: { ok: true } });
    const uploadUrl = String(created.json['signed_upload_url']);
    expect(new URL(uploadUrl).searchParams.get('sp')).toBe('cw');

    const finalize = (extra: object) =>
      call(`${ARTIFACT}/FinalizeArtifact`, { ...ids, name: 'eval', ...extra });
    expect(await finalize({ size: '5' })).toMatchObject({
      status: 412,
      json: { code: 'failed_precondition' },
    });
    expect((await putBlob(uploadUrl, 'hello')).status).toBe(201);
    expect(await finalize({ size: '6' })).toMatchObject({ status: 400, json: { code: 'invalid_argument' } });
    expect(await finalize({ size: '5', hash: `sha256:${'0'.repeat(64)}` })).toMatchObject({ status: 400 });
    // Not visible while unfinalized.
    expect((await call(`${ARTIFACT}/ListArtifacts`, ids)).json).toEqual({ artifacts: [] });

    const digest = `sha256:${createHash('sha256').update('hello').digest('hex')}`;
    const done = await finalize({ size: '5', hash: digest });
    expect(done).toMatchObject({
      status: 200,
      json: { ok: true, artifact_id: expect.stringMatching(/^\d+$/) },
    });

    const listed = await call(`${ARTIFACT}/ListArtifacts`, { ...ids, name_filter: 'eval' });
    expect(listed.json['artifacts']).toEqual([
      {
        ...ids,
        database_id: done.json['artifact_id'],
        name: 'eval',
        size: '5',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        digest,
      },
    ]);
    expect((await call(`${ARTIFACT}/ListArtifacts`, { ...ids, id_filter: '999' })).json).toEqual({
      artifacts: [],
    });

    const signed = await call(`${ARTIFACT}/GetSignedArtifactURL`, { ...ids, name: 'eval' });
    const readUrl = String(signed.json['signed_url']);
    expect(new URL(readUrl).searchParams.get('sp')).toBe('r');
    expect(await (await fetch(readUrl)).text()).toBe('hello');
    expect((await putBlob(readUrl, 'overwrite')).status).toBe(403);
  });

  it('answers malformed JSON and missing fields with twirp errors', async () => {
    const res = await fetch(new URL(`${ARTIFACT}/CreateArtifact`, service.resultsUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'malformed' });
    expect(await call(`${ARTIFACT}/CreateArtifact`, ids)).toMatchObject({
      status: 400,
      json: { code: 'invalid_argument', msg: 'name is required' },
    });
  });
});

describe('CacheService protocol', () => {
  it('never serves an entry before it is finalized, and only for its version', async () => {
    const entry = { key: 'k-1', version: 'v1' };
    const lookup = (key: string, restore_keys: string[] = [], version = 'v1') =>
      call(`${CACHE}/GetCacheEntryDownloadURL`, { key, restore_keys, version });
    const created = await call(`${CACHE}/CreateCacheEntry`, entry);
    expect(created).toMatchObject({ status: 200, json: { ok: true } });
    expect((await lookup('k-1')).json).toEqual({ ok: false });

    expect((await putBlob(String(created.json['signed_upload_url']), 'tarball')).status).toBe(201);
    expect(
      (await call(`${CACHE}/FinalizeCacheEntryUpload`, { ...entry, size_bytes: '7' })).json,
    ).toMatchObject({
      ok: true,
      entry_id: expect.stringMatching(/^\d+$/),
    });
    const hit = await lookup('k-2', ['k-']);
    expect(hit.json).toMatchObject({ ok: true, matched_key: 'k-1' });
    expect(await (await fetch(String(hit.json['signed_download_url']))).text()).toBe('tarball');
    expect((await lookup('k-1', [], 'v2')).json).toEqual({ ok: false });
    expect(service.caches()).toMatchObject([{ key: 'k-1', version: 'v1', size: 7, finalized: true }]);
  });
});

describe('injected faults', () => {
  it('answer in Twirp form with retry-after, drop before the service acts, or lose the reply after it did', async () => {
    const create = `/${ARTIFACT}/CreateArtifact`;
    service.faults.add({ method: 'POST', path: create, status: 429, retryAfter: 2 });
    const res = await fetch(new URL(`${ARTIFACT}/CreateArtifact`, service.resultsUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...ids, name: 'faulty', version: 7 }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toEqual({ code: 'resource_exhausted', msg: 'Too Many Requests' });

    const before = service.artifacts().length;
    service.faults.add({ method: 'POST', path: create, drop: true });
    await expect(
      call(`${ARTIFACT}/CreateArtifact`, { ...ids, name: 'faulty', version: 7 }),
    ).rejects.toThrow();
    expect(service.artifacts()).toHaveLength(before);

    service.faults.add({ method: 'POST', path: create, drop: true, dropAfterProcessing: true });
    await expect(
      call(`${ARTIFACT}/CreateArtifact`, { ...ids, name: 'faulty', version: 7 }),
    ).rejects.toThrow();
    // The service acted: an unfinished entry now exists, though the client never heard of it.
    expect(service.artifacts().filter((a) => a.name === 'faulty')).toMatchObject([{ finalized: false }]);
    expect(service.log.slice(-3).map((e) => [e.status, e.fault])).toEqual([
      [429, true],
      ['dropped', true],
      ['dropped', true],
    ]);
    expect(service.faults.list()).toEqual([]);
  });
});
