import { DefaultArtifactClient } from '@actions/artifact';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startResultsService, type ResultsService } from '../../packages/emulator/src/results/index';

const RUN = { runId: 4242, jobId: 'train' };
const ARTIFACT_SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService';

let service: ResultsService;
let scratch: string;
let output = '';
const savedEnv = { ...process.env };

/** Points the clients at `ids`' run; the clients read process.env on every call. */
function useRun(ids: { runId: number; jobId: string }) {
  Object.assign(process.env, service.env(ids));
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

beforeAll(async () => {
  service = await startResultsService();
  scratch = await mkdtemp(join(tmpdir(), 'results-artifact-'));
  process.env['GITHUB_WORKSPACE'] = scratch;
  useRun(RUN);
  // @actions/core prints every step of the client; keep it for failing tests only.
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

describe('@actions/artifact against the emulated results service', () => {
  it('uploads 50 MB, lists, gets, downloads byte-identically and deletes', async () => {
    const src = join(scratch, 'model');
    await mkdir(join(src, 'meta'), { recursive: true });
    const big = join(src, 'weights.bin');
    const small = join(src, 'meta', 'card.json');
    await writeFile(big, randomBytes(50 * 1024 * 1024));
    await writeFile(small, JSON.stringify({ model: 'churn', version: 7 }));
    const client = new DefaultArtifactClient();

    const uploaded = await client.uploadArtifact('model', [big, small], src);
    expect(uploaded.id).toBeGreaterThan(0);
    const id = Number(uploaded.id);
    // A zip of 50 MB of random bytes can't shrink below 50 MB.
    expect(uploaded.size).toBeGreaterThan(50 * 1024 * 1024);

    const [record] = service.artifacts();
    expect(record).toMatchObject({
      id: uploaded.id,
      name: 'model',
      runId: '4242',
      jobId: 'train',
      size: uploaded.size,
      finalized: true,
      mimeType: 'application/zip',
      digest: `sha256:${uploaded.digest}`,
    });
    expect(record?.blobPath).toMatch(/^actions-results\/.+\/model\.zip$/);

    const { artifacts } = await client.listArtifacts();
    expect(artifacts).toHaveLength(1);
    expect(artifacts[0]).toMatchObject({ id: uploaded.id, name: 'model', size: uploaded.size });
    expect(artifacts[0]?.digest).toBe(`sha256:${uploaded.digest}`);

    const { artifact } = await client.getArtifact('model');
    expect(artifact.id).toBe(uploaded.id);

    const dest = join(scratch, 'download');
    const downloaded = await client.downloadArtifact(id, {
      path: dest,
      expectedHash: `sha256:${uploaded.digest}`,
    });
    expect(downloaded.digestMismatch).toBe(false);
    expect(await sha256File(join(dest, 'weights.bin'))).toBe(await sha256File(big));
    expect(await sha256File(join(dest, 'meta', 'card.json'))).toBe(await sha256File(small));

    // The same name again in the same run is refused (409 already_exists), as on GitHub.
    await expect(client.uploadArtifact('model', [small], src)).rejects.toThrow(/409/);

    const readUrl = service.artifactDownloadUrl(id);
    expect(readUrl).toBeDefined();
    expect((await fetch(readUrl ?? '', { method: 'HEAD' })).status).toBe(200);

    await client.deleteArtifact('model');
    expect(service.artifacts()).toEqual([]);
    expect((await client.listArtifacts()).artifacts).toEqual([]);
    await expect(client.getArtifact('model')).rejects.toThrow(/not found/i);
    // The blob is gone too: the read URL minted before the delete no longer serves it.
    expect((await fetch(readUrl ?? '', { method: 'HEAD' })).status).toBe(404);

    const calls = service.log
      .filter((e) => e.path.startsWith(ARTIFACT_SERVICE))
      .map((e) => e.path.split('/').pop());
    expect(calls).toEqual(
      expect.arrayContaining([
        'CreateArtifact',
        'FinalizeArtifact',
        'ListArtifacts',
        'GetSignedArtifactURL',
        'DeleteArtifact',
      ]),
    );
  });

  it('scopes artifacts to the workflow run: other jobs of the run see them, other runs do not', async () => {
    const dir = join(scratch, 'metrics');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'metrics.json'), '{"auc":0.91}');
    const client = new DefaultArtifactClient();
    try {
      useRun({ runId: 500, jobId: 'evaluate' });
      const first = await client.uploadArtifact('metrics', [join(dir, 'metrics.json')], dir);
      useRun({ runId: 500, jobId: 'report' });
      expect((await client.listArtifacts()).artifacts.map((a) => a.id)).toEqual([first.id]);
      useRun({ runId: 501, jobId: 'evaluate' });
      expect((await client.listArtifacts()).artifacts).toEqual([]);
      await expect(client.downloadArtifact(Number(first.id), { path: join(scratch, 'x') })).rejects.toThrow(
        /No artifacts found/,
      );
      // Run 501 may use the same name: names are unique per run only.
      const second = await client.uploadArtifact('metrics', [join(dir, 'metrics.json')], dir);
      expect(second.id).not.toBe(first.id);
      expect(service.artifacts().map((a) => [a.name, a.runId, a.jobId])).toEqual([
        ['metrics', '500', 'evaluate'],
        ['metrics', '501', 'evaluate'],
      ]);
    } finally {
      useRun(RUN);
    }
  });

  it('keeps a raw (skipArchive) upload as a file with its own name', async () => {
    const file = join(scratch, 'report.html');
    await writeFile(file, '<h1>eval</h1>');
    const client = new DefaultArtifactClient();
    const uploaded = await client.uploadArtifact('ignored', [file], scratch, { skipArchive: true });
    const record = service.artifacts().find((a) => a.id === uploaded.id);
    expect(record).toMatchObject({ name: 'report.html', mimeType: 'text/html', finalized: true });
    const dest = join(scratch, 'raw-download');
    await client.downloadArtifact(Number(uploaded.id), { path: dest });
    expect(await readdir(dest)).toEqual(['report.html']);
    expect(await sha256File(join(dest, 'report.html'))).toBe(await sha256File(file));
  });
});
