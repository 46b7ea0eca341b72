import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { registerModel, runMarker, type RegisteredModel } from '@mlops-actions/registry';
import { parseEvaluation } from '@mlops-actions/stats';
import { testClient } from '../support/github';
import { writeTrainingOutputs } from '../support/models';
import { cells, faultAt, givesUp, slug, type WriteEndpoint } from './matrix';
import { fastClient, refillRateLimit } from './support';

/** register-model's writes: reserve the tag, create the draft, upload its assets, publish it. */
const ENDPOINTS = {
  'POST git/refs (tag)': { method: 'POST', path: /\/git\/refs$/ },
  'POST releases (draft)': { method: 'POST', path: /\/releases$/ },
  'POST release assets (uploads host)': { method: 'POST', path: /\/releases\/\d+\/assets$/ },
  'PATCH release (publish)': { method: 'PATCH', path: /\/releases\/\d+$/ },
} satisfies Record<string, WriteEndpoint>;

describe('register-model writes exactly once under faults', () => {
  let emulator: Emulator;
  let sha: string;
  let runId = 31_000;

  beforeAll(async () => {
    emulator = await startEmulator();
    sha = emulator.github.state.resolve('main') ?? '';
  });
  afterAll(() => emulator.close());
  beforeEach(() => refillRateLimit(emulator));
  afterEach(() => {
    emulator.github.faults.clear();
    expectNoSchemaViolations(emulator.github);
  });

  function register(
    modelName: string,
    files: ReturnType<typeof writeTrainingOutputs>,
    run: number,
    attempt = 1,
  ) {
    return registerModel(fastClient(emulator), {
      owner: emulator.owner,
      repo: emulator.repo,
      modelName,
      files,
      evaluation: parseEvaluation(readFileSync(files.evaluation, 'utf8'), files.evaluation),
      code: {
        repository: `${emulator.owner}/${emulator.repo}`,
        sha,
        ref: 'refs/heads/main',
        workflow: 'train',
        runId: run,
        runAttempt: attempt,
        actor: 'octocat',
        runUrl: `https://github.com/${emulator.owner}/${emulator.repo}/actions/runs/${run}`,
        commitUrl: `https://github.com/${emulator.owner}/${emulator.repo}/commit/${sha}`,
      },
      renderCard: (lineage) => `# ${lineage.model.name}`,
    });
  }

  /** The model's releases and tags, read over plain REST. */
  async function versionsOf(modelName: string) {
    const octokit = testClient(emulator);
    const repo = { owner: emulator.owner, repo: emulator.repo };
    const releases = (await octokit.paginate(octokit.rest.repos.listReleases, { ...repo, per_page: 100 }))
      .filter((r) => r.tag_name.startsWith(`${modelName}@`))
      .sort((a, b) => a.tag_name.localeCompare(b.tag_name));
    const tags = (
      await octokit.paginate(octokit.rest.git.listMatchingRefs, {
        ...repo,
        ref: `tags/${modelName}@`,
        per_page: 100,
      })
    )
      .map((ref) => [ref.ref.replace('refs/tags/', ''), ref.object.sha])
      .sort();
    return { releases, tags };
  }

  it.each(cells(ENDPOINTS))(
    '%s × %s: one published version, the next number, v1 untouched',
    async (endpoint, fault) => {
      const modelName = slug('reg', endpoint, fault).slice(0, 60);
      await register(modelName, writeTrainingOutputs(), runId++);
      const before = await versionsOf(modelName);
      expect(before.releases.map((r) => [r.tag_name, r.draft])).toEqual([[`${modelName}@v1`, false]]);

      const files = writeTrainingOutputs();
      const run = runId++;
      emulator.github.faults.add(faultAt(ENDPOINTS[endpoint], fault));
      let registered: RegisteredModel;
      if (givesUp(fault)) {
        await expect(register(modelName, files, run)).rejects.toThrow(/Internal Server Error/);
        // Nothing half-made stays visible after the failed attempt.
        const failed = await versionsOf(modelName);
        expect(failed.releases).toEqual(before.releases);
        expect(failed.tags).toEqual(before.tags);
        emulator.github.faults.clear();
        registered = await register(modelName, files, run, 2);
      } else {
        registered = await register(modelName, files, run);
      }
      expect(emulator.github.faults.list()).toEqual([]);

      expect([registered.version, registered.tag, registered.reused]).toEqual([2, `${modelName}@v2`, false]);
      const after = await versionsOf(modelName);
      // Exactly one release per version, none left a draft; one tag per version, at the run's commit.
      expect(after.releases.map((r) => [r.tag_name, r.draft])).toEqual([
        [`${modelName}@v1`, false],
        [`${modelName}@v2`, false],
      ]);
      expect(after.tags).toEqual([
        [`${modelName}@v1`, sha],
        [`${modelName}@v2`, sha],
      ]);
      // v1 exactly as it was published.
      expect(after.releases[0]).toEqual(before.releases[0]);
      // v2 complete: each asset once, at its size.
      const v2 = after.releases[1]!;
      expect(v2.id).toBe(registered.releaseId);
      expect(v2.assets.map((a) => [a.name, a.size, a.state]).sort()).toEqual(
        registered.assets.map((a) => [a.name, a.size, 'uploaded']).sort(),
      );
      expect(registered.assets.map((a) => a.name)).toContain('model.onnx');
    },
  );

  it('a re-run that retrained removes a stray draft of attempt 1 but keeps the tag its published v1 uses', async () => {
    const modelName = 'stray';
    const run = runId++;
    const v1 = await register(modelName, writeTrainingOutputs(), run);
    // What a duplicated draft creation left: a second draft of attempt 1 on the same tag.
    const marker = runMarker(modelName, run, { attempt: 1, sha256: 'd'.repeat(64) });
    const stray = emulator.github.state.addRelease({
      tag_name: v1.tag,
      draft: true,
      body: `# stray\n\n${marker}\n`,
    });
    const before = await versionsOf(modelName);

    const retrained = await register(modelName, writeTrainingOutputs(), run, 2);
    expect(retrained.tag).toBe(`${modelName}@v2`);
    const after = await versionsOf(modelName);
    expect(after.releases.map((r) => [r.tag_name, r.draft])).toEqual([
      [`${modelName}@v1`, false],
      [`${modelName}@v2`, false],
    ]);
    expect(after.releases.some((r) => r.id === stray.id)).toBe(false);
    expect(after.releases[0]).toEqual(before.releases.find((r) => !r.draft));
    expect(after.tags).toEqual([
      [`${modelName}@v1`, sha],
      [`${modelName}@v2`, sha],
    ]);
  });
});
