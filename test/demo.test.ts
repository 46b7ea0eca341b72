import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL, runDemo, type DemoResult } from '../demo/demo';

// `npm run demo`, end to end: the five example workflows run against the emulated GitHub on
// vega-datasets' weather data. The end state is read back from the emulator.
describe('npm run demo', () => {
  let result: DemoResult;

  it('runs the whole loop', { timeout: 300_000 }, async () => {
    result = await runDemo({ outDir: mkdtempSync(join(tmpdir(), 'demo-')) });
    // Nine runs: two pull requests, two merges, two deployments, two drift checks, and the second
    // dispatch's retraining run (the first dispatch's run stays queued: concurrency cancels it on GitHub).
    const finished = result.runs.filter((r) => r.conclusion !== 'null');
    expect(result.runs.filter((r) => r.conclusion === 'null')).toHaveLength(1);
    expect(finished.map((r) => r.workflow.replace('.github/workflows/', ''))).toEqual([
      'pr.yml',
      'register.yml',
      'deploy.yml',
      'pr.yml',
      'register.yml',
      'deploy.yml',
      'drift.yml',
      'drift.yml',
      'retrain.yml',
    ]);
    expect(finished.every((r) => r.conclusion === 'success')).toBe(true);
  });

  it('left one metrics comment on each model pull request, the second compared with production', () => {
    const [first, second] = result.pulls;
    expect(first).toMatchObject({ number: 1, merged: true, comments: 1 });
    expect(second).toMatchObject({ number: 2, merged: true, comments: 1 });
    const comments = result.documents.filter((d) => d.kind === 'comment');
    const onFirst = comments.filter((d) => d.title.startsWith('Comment on #1 '));
    const onSecond = comments.filter((d) => d.title.startsWith('Comment on #2 '));
    expect(onFirst).toHaveLength(1);
    expect(onSecond).toHaveLength(1);
    expect(onFirst[0]!.markdown).toContain(`<!-- mlops-actions:metrics-comment model=${MODEL} -->`);
    expect(onFirst[0]!.markdown).not.toContain('baseline `');
    expect(onSecond[0]!.markdown).toContain(`vs baseline \`${MODEL}@v1\``);
    expect(onSecond[0]!.markdown).toMatch(/\| ROC AUC ↑ +\| +0\.\d+ \| +0\.\d+ \|/);
    // The second trains on two years, v1 on one: its training data is diffed with v1's profile.json.
    expect(onFirst[0]!.markdown).not.toContain("Training data vs the baseline's");
    expect(onSecond[0]!.markdown).toMatch(
      /<summary>Training data vs the baseline's \(\d+ columns? moved\)<\/summary>/,
    );
    expect(onSecond[0]!.markdown).toContain('Rows: 732 → 1,462.');
  });

  it('registered v1 and v2 as published releases with all their assets', () => {
    expect(result.releases.map((r) => r.tag)).toEqual([`${MODEL}@v1`, `${MODEL}@v2`]);
    for (const release of result.releases) {
      expect(release.draft).toBe(false);
      expect(release.assets).toEqual(['evaluation.json', 'lineage.json', 'model.onnx', 'profile.json']);
    }
    const card = result.documents.find((d) => d.title.startsWith(`Release ${MODEL}@v2`));
    expect(card?.markdown).toContain('Approved by @ml\\-lead for production');
  });

  it('runs v2 in production after the reviewer approved it', () => {
    expect(result.production).toBe(`${MODEL}@v2`);
  });

  it('opened one retraining pull request for two drifted mornings, and dispatched retraining', () => {
    const retrain = result.pulls.filter((p) => p.labels.includes('retrain'));
    expect(retrain).toHaveLength(1);
    expect(retrain[0]).toMatchObject({ state: 'open', merged: false });
    expect(retrain[0]!.comments).toBe(1); // the second morning's update
    expect(result.pulls).toHaveLength(3);
    const dispatches = result.dispatches.filter((d) => d.workflow === '.github/workflows/retrain.yml');
    expect(dispatches).toEqual([
      { workflow: '.github/workflows/retrain.yml', inputs: { model: MODEL } },
      { workflow: '.github/workflows/retrain.yml', inputs: { model: MODEL } },
    ]);
  });

  it('wrote the Markdown and a page that renders it', () => {
    for (const document of result.documents)
      expect(existsSync(join(result.outDir, document.file))).toBe(true);
    const html = readFileSync(result.page, 'utf8');
    expect(html).toContain('Content-Security-Policy');
    expect(html).toMatch(/<table>[\s\S]*ROC AUC ↑/);
    expect(html).not.toMatch(/<script/i);
  });
});
