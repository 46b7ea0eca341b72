import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { evaluatePredictions } from '@mlops-actions/stats';
import { commentMarker, renderMetricsComment } from '../src/metrics-comment';

const render = (markdown: string) =>
  micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true });

/** A real evaluation: a candidate and a baseline scored on the same rows, with gates and slices. */
function evaluation(sliceValues = ['eu', 'us']) {
  const truth = Array.from({ length: 400 }, (_, i) => ((i * 37) % 5 < 2 ? 1 : 0));
  const candidate = truth.map((y, i) => (y ? 0.6 : 0.4) + (((i * 13) % 7) - 3) / 10);
  const baseline = truth.map((y, i) => (y ? 0.6 : 0.4) + (((i * 11) % 9) - 4) / 12);
  return evaluatePredictions({
    task: 'binary',
    truth,
    candidate: { task: 'binary', scores: candidate },
    baseline: { task: 'binary', scores: baseline },
    model: { name: 'churn' },
    baselineModel: { name: 'churn', tag: 'churn@v3', version: 3 },
    metrics: ['accuracy', 'roc_auc', 'log_loss'],
    gates: { accuracy: { min: 0.95 }, log_loss: { 'max-regression': 0.5 } },
    slices: [{ column: 'region', values: truth.map((_, i) => sliceValues[i % sliceValues.length]!) }],
    sliceOptions: { minRows: 1, maxValues: 1000 },
    bootstrap: { resamples: 100 },
  });
}

describe('renderMetricsComment', () => {
  it('holds the verdict, one table row per metric, each gate, the paired test, slices and a chart', () => {
    const ev = evaluation();
    const markdown = renderMetricsComment({
      evaluation: ev,
      commitSha: 'abcdef1234567',
      runUrl: 'https://github.com/o/r/actions/runs/1',
    });
    const html = render(markdown);
    expect(markdown.startsWith(commentMarker('churn'))).toBe(true);
    expect(markdown).toContain('❌ 1 of 2 gates failed');
    // Metric table: header + one row per metric, with the direction arrows.
    const metricTable = html.split('<table>')[1] ?? '';
    expect(metricTable.match(/<tr>/g)).toHaveLength(1 + ev.metrics.length);
    expect(metricTable).toContain('Log loss ↓');
    // Gate table: one row per gate, failed ones marked.
    const gateTable = html.split('<table>')[2] ?? '';
    expect(gateTable.match(/<tr>/g)).toHaveLength(1 + ev.gates.length);
    expect(gateTable).toContain('❌');
    expect(markdown).toMatch(/McNemar's test \(.+\): p = /);
    expect(markdown).toMatch(/<summary>Slices \(2 across 1 column\)<\/summary>/);
    expect(markdown).toMatch(/```mermaid\nxychart-beta/);
    expect(markdown).not.toContain('Left out');
  });

  it('drops the chart first, then the slices, to stay under the limit, and says so with a link', () => {
    const manySlices = evaluation(Array.from({ length: 200 }, (_, i) => `segment-${i}`));
    const full = renderMetricsComment({
      evaluation: manySlices,
      commitSha: 'abcdef1',
      fullReportUrl: 'https://x/run',
    });
    const withoutChart =
      full.length -
      (full.indexOf('</details>', full.indexOf('Chart')) - full.indexOf('<details><summary>Chart'));
    const trimmed = renderMetricsComment({
      evaluation: manySlices,
      commitSha: 'abcdef1',
      fullReportUrl: 'https://x/run',
      limit: withoutChart - 200,
    });
    expect(trimmed.length).toBeLessThanOrEqual(withoutChart - 200);
    expect(trimmed).not.toContain('xychart-beta');
    expect(trimmed).not.toContain('<summary>Slices');
    expect(trimmed).toContain("Left out to fit GitHub's comment size limit: chart, slices.");
    expect(trimmed).toContain('[the job summary](https://x/run)');
    // The metric table and gates survive.
    expect(trimmed).toContain('Accuracy ↑');
    expect(trimmed).toContain('**Gates**');
  });

  it('stays under 65,536 characters when the slices alone would exceed it', () => {
    const huge = evaluation(Array.from({ length: 400 }, (_, i) => `a-very-long-segment-name-number-${i}`));
    // Make the slice section alone larger than GitHub's limit.
    huge.slices = Array.from({ length: 1500 }, (_, i) => ({
      ...huge.slices[0]!,
      value: `segment-${i}-${'x'.repeat(20)}`,
    }));
    expect(
      renderMetricsComment({ evaluation: huge, commitSha: 'abcdef1', limit: 10_000_000 }).length,
    ).toBeGreaterThan(65_536);
    const markdown = renderMetricsComment({ evaluation: huge, commitSha: 'abcdef1' });
    expect(markdown.length).toBeLessThanOrEqual(65_536);
    expect(markdown).toContain("Left out to fit GitHub's comment size limit");
    expect(markdown).toContain('Accuracy ↑');
  });

  it('cuts metric-table rows last, keeping the header, the separator and the note', () => {
    const ev = evaluation();
    const full = renderMetricsComment({ evaluation: ev, commitSha: 'abcdef1' });
    const minimal = renderMetricsComment({
      evaluation: ev,
      commitSha: 'abcdef1',
      limit: full.indexOf('**Gates**'),
    });
    const limit = minimal.length - 30; // too small even without gates, slices and chart
    const cut = renderMetricsComment({ evaluation: ev, commitSha: 'abcdef1', limit });
    expect(cut.length).toBeLessThanOrEqual(limit);
    expect(cut).toMatch(/\| metric +\| baseline/);
    expect(cut).toMatch(/\| :-+ \|/);
    expect(cut).toContain('> [!NOTE]\n> Left out');
    expect(cut).toContain('part of the metric table');
    expect(cut).not.toContain('Log loss ↓'); // the last row went first
  });

  it('escapes slice columns and values, and cannot be broken out of by a model name', () => {
    const ev = evaluation(['<img src=x onerror=alert(1)>', '@octocat [x](https://evil.example)']);
    ev.slices = ev.slices.map((s) => ({ ...s, column: '| col |' }));
    const markdown = renderMetricsComment({
      evaluation: ev,
      commitSha: 'abcdef1',
      modelName: 'churn`<b>x</b>',
    });
    const html = render(markdown);
    expect(html).not.toMatch(/<img|<a |<b>/);
    expect(html).not.toMatch(/@octocat/);
  });
});
