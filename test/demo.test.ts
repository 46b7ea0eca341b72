import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { MODEL, runDemo, type DemoResult } from '../demo/demo';
import { findChromium, NO_CHROMIUM } from './support/chromium';

const chromium = findChromium();
/** Where the README's screenshots live; rewritten only with UPDATE_SCREENSHOTS=1, else kept with the demo output. */
const SCREENSHOTS = join(import.meta.dirname, '..', 'docs', 'screenshots');

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
    // The only scripts: mermaid's bundle and its starter, files next to the page; no inline code.
    expect([...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0])).toEqual([
      '<script src="mermaid.min.js" defer>',
      '<script src="draw-charts.js" defer>',
    ]);
    expect(html).toMatch(/script-src 'self';/);
    expect(existsSync(join(result.outDir, 'mermaid.min.js'))).toBe(true);
  });

  it(
    chromium ? 'draws every chart as an SVG in headless Chromium, with no console or CSP error' : NO_CHROMIUM,
    { timeout: 60_000, skip: !chromium },
    async () => {
      const charts = result.documents.reduce(
        (n, d) => n + (d.markdown.match(/^```mermaid$/gm)?.length ?? 0),
        0,
      );
      expect(charts).toBeGreaterThanOrEqual(4); // two metrics comments, drift reports, model card lineage
      const browser = await puppeteer.launch({
        executablePath: chromium,
        headless: true,
        // root in CI containers has no user namespace for the sandbox; the page is our own local file
        args: ['--no-sandbox', '--disable-gpu'],
      });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warn') problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(String(error)));
        // The test's tsconfig has no DOM types: what runs in the page is given as source text.
        await page.evaluateOnNewDocument(
          "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))",
        );
        await page.setViewport({ width: 1000, height: 800 });
        await page.goto(pathToFileURL(result.page).href, { waitUntil: 'load' });
        await page.waitForFunction('document.documentElement.dataset.charts !== undefined', {
          timeout: 30_000,
        });
        const state = (await page.evaluate(`({
          charts: document.documentElement.dataset.charts,
          drawn: document.querySelectorAll('.mermaid-chart > svg').length,
          asCode: document.querySelectorAll('code.language-mermaid').length,
          errors: document.querySelectorAll('.mermaid-chart .error-icon').length,
        })`)) as Record<string, unknown>;
        expect(problems).toEqual([]);
        expect(state).toEqual({ charts: 'drawn', drawn: charts, asCode: 0, errors: 0 });

        // Charts folded in <details> (as our comments fold them) are opened for the pictures.
        await page.evaluate(
          "document.querySelectorAll('details').forEach((d) => { if (d.querySelector('.mermaid-chart')) d.open = true; })",
        );
        const folder =
          process.env['UPDATE_SCREENSHOTS'] === '1' ? SCREENSHOTS : join(result.outDir, 'screenshots');
        mkdirSync(folder, { recursive: true });
        const shots: [string, string][] = [
          ['demo-metrics-comment.png', 'Comment on #2 '],
          ['demo-model-card.png', `Release ${MODEL}@v2`],
          ['demo-drift-report.png', 'drift'],
        ];
        for (const [file, title] of shots) {
          const index = result.documents.findIndex(
            (d) => d.title.includes(title) && d.markdown.includes('```mermaid'),
          );
          expect(index, title).toBeGreaterThanOrEqual(0);
          const section = await page.$(
            `section:has(a.source[href="${encodeURI(result.documents[index]!.file)}"])`,
          );
          expect(section, title).not.toBeNull();
          await section!.screenshot({ path: join(folder, file) });
        }
      } finally {
        await browser.close();
      }
    },
  );
});
