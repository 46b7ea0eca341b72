import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { createGitHubClient, type GitHubClient } from '@mlops-actions/github';
import { registerModelVersion, runMarker, type RegisterRequest } from '@mlops-actions/registry';
import { testClient } from '../support/github';

describe('registering model versions as GitHub Releases', () => {
  let emulator: Emulator;
  let octokit: GitHubClient;
  let sha: string;
  let runId = 500;

  beforeAll(async () => {
    emulator = await startEmulator();
    octokit = createGitHubClient({
      token: emulator.defaultToken,
      baseUrl: emulator.github.apiUrl,
      retryBaseMs: 10,
      writeIntervalMs: 0,
    });
    const main = await testClient(emulator).rest.git.getRef({
      owner: emulator.owner,
      repo: emulator.repo,
      ref: 'heads/main',
    });
    sha = main.data.object.sha;
  });
  afterAll(() => emulator.close());
  afterEach(() => {
    emulator.github.faults.clear();
    expectNoSchemaViolations(emulator.github);
  });

  function request(modelName: string, overrides: Partial<RegisterRequest> = {}): RegisterRequest {
    return {
      owner: emulator.owner,
      repo: emulator.repo,
      modelName,
      sha,
      runId: runId++,
      assets: ({ tag }) => [
        { name: 'model.onnx', contentType: 'application/octet-stream', data: new Uint8Array([1, 2, 3, 4]) },
        {
          name: 'lineage.json',
          contentType: 'application/json',
          data: new TextEncoder().encode(JSON.stringify({ tag })),
        },
      ],
      body: ({ tag }) => `# ${tag}`,
      ...overrides,
    };
  }

  async function releasesOf(model: string) {
    const all = await testClient(emulator).paginate(testClient(emulator).rest.repos.listReleases, {
      owner: emulator.owner,
      repo: emulator.repo,
    });
    return all.filter((r) => r.tag_name.startsWith(`${model}@`));
  }

  it('registers v1 then v2, published with their assets and never marked latest', async () => {
    const first = await registerModelVersion(octokit, request('churn'));
    const second = await registerModelVersion(octokit, request('churn'));
    expect([first.tag, second.tag]).toEqual(['churn@v1', 'churn@v2']);
    const releases = await releasesOf('churn');
    expect(releases.map((r) => [r.tag_name, r.draft]).sort()).toEqual([
      ['churn@v1', false],
      ['churn@v2', false],
    ]);
    for (const release of releases) {
      expect(release.assets.map((a) => a.name).sort()).toEqual(['lineage.json', 'model.onnx']);
      expect(release.body).toContain(`# ${release.tag_name}`);
    }
    // The repository's "latest" release is not a model version.
    const latest = await testClient(emulator)
      .rest.repos.getLatestRelease({ owner: emulator.owner, repo: emulator.repo })
      .catch((error: { status: number }) => error);
    expect('status' in latest ? latest.status : 200).toBe(404);
  });

  it('uploads assets through the client the CLI uses in-process, whose fetch on Node 24 refuses a hand-set content-length', async () => {
    // In an ES-module process (the CLI run from source, this suite) on Node 24, @actions/github's
    // fetch dispatches through Node's own HTTP client (undici 7). Setting content-length by hand
    // beside the one fetch derives from the body sends "n, n", which it refuses; Node 20's is lenient.
    // This control shows that this test really runs through the strict client where it exists.
    const { data: draft } = await testClient(emulator).rest.repos.createRelease({
      owner: emulator.owner,
      repo: emulator.repo,
      tag_name: 'control-upload',
      draft: true,
    });
    const handSet = octokit.rest.repos.uploadReleaseAsset({
      owner: emulator.owner,
      repo: emulator.repo,
      release_id: draft.id,
      url: draft.upload_url,
      name: 'hand-set.bin',
      data: Buffer.from([1, 2, 3, 4]) as unknown as string,
      headers: { 'content-type': 'application/octet-stream', 'content-length': 4 },
    });
    if (Number(process.versions.node.split('.')[0]) >= 24) {
      await expect(handSet).rejects.toThrow(/invalid content-length header/);
    } else {
      await handSet;
    }

    const model = new Uint8Array(70_000).map((_, i) => i % 251);
    const registered = await registerModelVersion(
      octokit,
      request('upload', {
        assets: () => [{ name: 'model.onnx', contentType: 'application/octet-stream', data: model }],
      }),
    );
    const [release] = await releasesOf('upload');
    expect(release?.id).toBe(registered.releaseId);
    expect(release?.assets.map((a) => [a.name, a.size])).toEqual([['model.onnx', model.length]]);
    const download = await fetch(release?.assets[0]?.browser_download_url ?? '');
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(model))).toBe(true);
  });

  it('a re-run of the same workflow run gets the same version, not a new one', async () => {
    const first = await registerModelVersion(octokit, request('rerun', { runId: 9001 }));
    const again = await registerModelVersion(octokit, request('rerun', { runId: 9001 }));
    expect(again).toMatchObject({ tag: first.tag, releaseId: first.releaseId, reused: true });
    expect(await releasesOf('rerun')).toHaveLength(1);
  });

  it('two registrations at once end with two distinct versions', async () => {
    const [a, b] = await Promise.all([
      registerModelVersion(octokit, request('race')),
      registerModelVersion(octokit, request('race')),
    ]);
    expect([a.tag, b.tag].sort()).toEqual(['race@v1', 'race@v2']);
    const releases = await releasesOf('race');
    expect(releases.map((r) => r.tag_name).sort()).toEqual(['race@v1', 'race@v2']);
    expect(releases.every((r) => !r.draft && r.assets.length === 2)).toBe(true);
  });

  it('two jobs of one attempt registering the same model bytes at once end with one version', async () => {
    // Matrix siblings that train identically: same run, attempt and model sha256.
    const twin = () => request('twins', { runId: 9500, runAttempt: 1, modelSha256: 'ab'.repeat(32) });
    const logStart = emulator.requestLog().length;
    const [a, b] = await Promise.all([
      registerModelVersion(octokit, twin()),
      registerModelVersion(octokit, twin()),
    ]);
    // Both listed before either had a draft, so both reserved a number: the race really happens.
    const log = emulator.requestLog().slice(logStart);
    const tagWrites = log
      .filter((r) => r.method !== 'GET' && decodeURIComponent(r.path).includes('/git/refs'))
      .map((r) => `${r.method} ${decodeURIComponent(r.path).split('/git/')[1]} ${r.status}`);
    // One took v1, the other found it taken and took v2 — which it removed once v1 was published.
    expect(tagWrites).toEqual([
      'POST refs 201',
      'POST refs 422',
      'POST refs 201',
      'DELETE refs/tags/twins@v2 204',
    ]);
    expect([a.tag, b.tag]).toEqual(['twins@v1', 'twins@v1']);
    expect([a.reused, b.reused].sort()).toEqual([false, true]);
    const releases = await releasesOf('twins');
    expect(releases.map((r) => [r.tag_name, r.draft, r.assets.length])).toEqual([['twins@v1', false, 2]]);
    const tags = await testClient(emulator).rest.git.listMatchingRefs({
      owner: emulator.owner,
      repo: emulator.repo,
      ref: 'tags/twins@',
    });
    expect(tags.data.map((t) => t.ref)).toEqual(['refs/tags/twins@v1']);
    // Different model bytes in the same attempt are two models: two versions, as before.
    const other = await registerModelVersion(
      octokit,
      request('twins', { runId: 9500, runAttempt: 1, modelSha256: 'cd'.repeat(32) }),
    );
    expect(other).toMatchObject({ tag: 'twins@v2', reused: false });
  });

  it('a failed asset upload leaves no draft and no tag behind', async () => {
    emulator.github.faults.add({
      method: 'POST',
      path: /\/releases\/\d+\/assets$/,
      status: 500,
      times: Infinity,
    });
    await expect(registerModelVersion(octokit, request('broken'))).rejects.toThrow(/500|Internal/);
    emulator.github.faults.clear();
    expect(await releasesOf('broken')).toEqual([]);
    const tags = await testClient(emulator).rest.git.listMatchingRefs({
      owner: emulator.owner,
      repo: emulator.repo,
      ref: 'tags/broken@',
    });
    expect(tags.data).toEqual([]);
    // And the next registration takes v1 cleanly.
    expect((await registerModelVersion(octokit, request('broken'))).tag).toBe('broken@v1');
  });

  it('a re-run removes the draft a crashed attempt left, then registers cleanly', async () => {
    const crashed = emulator.github.state.addRelease({
      tag_name: 'crashed@v1',
      draft: true,
      body: `# half\n\n${runMarker('crashed', 9300)}\n`,
    });
    const registered = await registerModelVersion(octokit, request('crashed', { runId: 9300 }));
    expect(registered).toMatchObject({ tag: 'crashed@v1', reused: false });
    expect(registered.releaseId).not.toBe(crashed.id);
    const releases = await releasesOf('crashed');
    expect(releases.map((r) => [r.id, r.draft, r.assets.length])).toEqual([[registered.releaseId, false, 2]]);
  });

  it('refuses an explicit version that already exists', async () => {
    await registerModelVersion(octokit, request('pinned', { version: 3 }));
    await expect(registerModelVersion(octokit, request('pinned', { version: 3 }))).rejects.toThrow(
      /pinned@v3 already exists/,
    );
  });

  it('reports a commit GitHub does not have instead of mistaking it for a taken version', async () => {
    await expect(registerModelVersion(octokit, request('ghost', { sha: 'f'.repeat(40) }))).rejects.toThrow(
      /Cannot create the tag ghost@v1 at f{40}: .*Object does not exist/,
    );
    expect(await releasesOf('ghost')).toEqual([]);
  });

  it('keeps a version whose publish reached GitHub although the reply was lost', async () => {
    // Every publishing PATCH is processed, then its connection is dropped before the reply.
    emulator.github.faults.add({
      method: 'PATCH',
      path: /\/releases\/\d+$/,
      drop: true,
      dropAfterProcessing: true,
      times: Infinity,
    });
    await expect(registerModelVersion(octokit, request('lostreply'))).rejects.toThrow();
    emulator.github.faults.clear();
    const releases = await releasesOf('lostreply');
    expect(releases.map((r) => [r.tag_name, r.draft])).toEqual([['lostreply@v1', false]]);
    expect(releases[0]?.assets.map((a) => a.name).sort()).toEqual(['lineage.json', 'model.onnx']);
  });
});
