import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@mlops-actions/emulator';
import { runWorkflow, type WorkflowRun } from '@mlops-actions/workflow-runner';
import { testClient } from './support/github';
import { repoRoot } from './harness/run-action';

// .github/workflows/release.yml end to end in the workflow runner against the emulator: the real
// scripts/release.mjs and the real action.yml files. The check job's `npm ci`, `check-dist` and
// `check-catalog` run against a stand-in package.json (a fresh build of every bundle is CI's job,
// and takes minutes); what is tested there is that the release waits for them.
const WORKFLOW = join(repoRoot, '.github', 'workflows', 'release.yml');
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const manifests = Object.fromEntries(
  readdirSync(join(repoRoot, 'actions')).map((name) => [
    `actions/${name}/action.yml`,
    read(`actions/${name}/action.yml`),
  ]),
);
const STAND_IN = {
  'package.json': JSON.stringify({
    name: 'release-stand-in',
    private: true,
    scripts: { 'check-dist': 'echo dist ok', 'check-catalog': 'echo catalog ok' },
  }),
  'package-lock.json': JSON.stringify({
    name: 'release-stand-in',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: 'release-stand-in' } },
  }),
};

/** profile-data without its `columns` input; drift-check with another `drift-share` default. */
function olderManifests(): Record<string, string> {
  const profile = manifests['actions/profile-data/action.yml']!;
  const drift = manifests['actions/drift-check/action.yml']!;
  const withoutColumns = profile.replace(/\n {2}columns:\n(?: {4}.*\n)+/, '\n');
  expect(withoutColumns).not.toContain('  columns:');
  expect(drift).toContain("default: '0.5'");
  return {
    ...manifests,
    'actions/profile-data/action.yml': withoutColumns,
    'actions/drift-check/action.yml': drift.replace("default: '0.5'", "default: '0.4'"),
  };
}

describe('.github/workflows/release.yml', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ owner: 'mlops-actions', repo: 'mlops-actions' });
    emulator.github.state.addWorkflow('release.yml');
  });
  afterAll(async () => {
    await emulator?.close();
  });

  async function tagAndRun(
    tag: string,
    files: Record<string, string>,
  ): Promise<{ run: WorkflowRun; sha: string }> {
    const sha = emulator.github.state.commitFiles({
      files: {
        ...STAND_IN,
        ...files,
        '.github/workflows/release.yml': read('.github/workflows/release.yml'),
        'scripts/release.mjs': read('scripts/release.mjs'),
        'scripts/lib/release-notes.mjs': read('scripts/lib/release-notes.mjs'),
      },
      message: `Release ${tag}`,
    });
    const octokit = testClient(emulator);
    const { owner, repo } = emulator;
    const existing = await octokit.rest.git
      .getRef({ owner, repo, ref: `tags/${tag}` })
      .catch(() => undefined);
    if (!existing) await octokit.rest.git.createRef({ owner, repo, ref: `refs/tags/${tag}`, sha });
    const run = await runWorkflow({
      emulator,
      workflow: WORKFLOW,
      event: { name: 'push', ref: `refs/tags/${tag}`, after: existing?.data.object.sha ?? sha },
    });
    return { run, sha: existing?.data.object.sha ?? sha };
  }

  const majorTag = async () =>
    (
      await testClient(emulator).rest.git.getRef({
        owner: emulator.owner,
        repo: emulator.repo,
        ref: 'tags/v1',
      })
    ).data.object.sha;
  const releases = () =>
    emulator.github.state.releases().map((r) => ({ tag: r.tag_name, body: r.body ?? '' }));

  it('publishes the first release, then one with the inputs changed since, moving v1 each time', async () => {
    const first = await tagAndRun('v1.0.0', olderManifests());
    expect(first.run.conclusion).toBe('success');
    expect(Object.keys(first.run.jobs)).toEqual(['check', 'release']);
    expect(first.run.jobs['release']!.permissionViolations).toEqual([]);
    expect(releases()).toEqual([
      { tag: 'v1.0.0', body: expect.stringContaining('The first release of the actions.') },
    ]);
    expect(await majorTag()).toBe(first.sha);

    const second = await tagAndRun('v1.1.0', manifests);
    expect(second.run.conclusion).toBe('success');
    const notes = releases().find((r) => r.tag === 'v1.1.0')!.body;
    expect(notes).toContain('since v1.0.0');
    expect(notes).toContain('- `profile-data`: input `columns` added — Profile only these columns');
    expect(notes).toContain('- `drift-check`: input `drift-share` changed: default 0.4 → 0.5');
    // Nothing else differs between the two trees.
    expect(notes.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(2);
    expect(await majorTag()).toBe(second.sha);

    // A re-run of the same tag updates its release instead of adding one.
    const again = await tagAndRun('v1.1.0', manifests);
    expect(again.run.conclusion).toBe('success');
    expect(releases().map((r) => r.tag)).toEqual(['v1.0.0', 'v1.1.0']);
  });

  it('refuses a minor release that removes an input, publishing nothing and leaving v1 where it was', async () => {
    const before = await majorTag();
    const profile = manifests['actions/profile-data/action.yml']!;
    const { run } = await tagAndRun('v1.2.0', {
      ...manifests,
      'actions/profile-data/action.yml': profile.replace(/\n {2}columns:\n(?: {4}.*\n)+/, '\n'),
    });
    expect(run.jobs['release']!.result).toBe('failure');
    expect(run.jobs['release']!.steps.at(-1)!.annotations).toEqual([
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(
          /v1\.2\.0 breaks workflows pinned to v1 \(profile-data inputs columns: removed\)/,
        ),
      }),
    ]);
    expect(releases().map((r) => r.tag)).toEqual(['v1.0.0', 'v1.1.0']);
    expect(await majorTag()).toBe(before);
  });

  it('does not run on a branch push', async () => {
    const sha = emulator.github.state.resolve('refs/heads/main')!;
    const run = await runWorkflow({ emulator, workflow: WORKFLOW, event: { name: 'push', after: sha } });
    expect(run.triggered).toBe(false);
  });
});
