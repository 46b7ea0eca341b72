import { describe, expect, it } from 'vitest';
import { mermaidLabel } from '../src/mermaid';
import { renderModelCard, type ModelCardInput } from '../src/model-card';

const card: ModelCardInput = {
  model: { name: 'churn', version: 3, tag: 'churn@v3' },
  assets: [{ name: 'model.onnx', sha256: 'ab'.repeat(32), bytes: 1234 }],
  data: [{ path: 'data/train.csv', sha256: 'cd'.repeat(32), rows: 1000 }],
  code: {
    repository: 'octo-org/ml-repo',
    sha: '0123456789abcdef0123456789abcdef01234567',
    ref: 'refs/heads/main',
    workflow: 'train',
    runId: 42,
    runAttempt: 2,
    actor: 'data-scientist',
    runUrl: 'https://github.com/octo-org/ml-repo/actions/runs/42',
    commitUrl: 'https://github.com/octo-org/ml-repo/commit/0123456789abcdef0123456789abcdef01234567',
  },
  run: { params: { C: 0.5 }, metrics: { accuracy: 0.9 }, durationMs: 125_000 },
  parent: { tag: 'churn@v2', version: 2 },
  evaluation: {
    passed: true,
    metrics: [{ name: 'accuracy', value: 0.91, baseline: 0.88, higherIsBetter: true }],
  },
  createdAt: '2026-01-02T03:04:05.000Z',
};

describe('model card', () => {
  it('leads with the evaluation metrics against the parent, and links code, run and parent', () => {
    const markdown = renderModelCard(card);
    expect(markdown).toMatch(/^## churn v3 — ✅ evaluation passed/);
    expect(markdown).toMatch(/\| accuracy +\| 0\.91 +\| 0\.88 +\| ▲ \+0\.03 \(better\) +\|/);
    expect(markdown).toContain('baseline (churn@&#8203;v2)');
    expect(markdown).toContain(
      '[`0123456789ab`](https://github.com/octo-org/ml-repo/commit/0123456789abcdef',
    );
    expect(markdown).toContain('[run 42, attempt 2](https://github.com/octo-org/ml-repo/actions/runs/42)');
    expect(markdown).toContain('(https://github.com/octo-org/ml-repo/releases/tag/churn%40v2)');
    expect(markdown).toContain('Trained by **data\\-scientist**');
    expect(markdown).toContain('took 2 min 5 s');
    expect(markdown).toContain('registered 2026-01-02 03:04 UTC.');
    expect(markdown).toContain(
      [
        '```mermaid',
        'flowchart LR',
        '  data0["data/train.csv · 1000 rows"] --> run',
        '  run["run 42 · 0123456"] --> model',
        '  model["churn@v3"]',
        '  parent["churn@v2"] -. baseline .-> model',
        '```',
      ].join('\n'),
    );
  });

  it('falls back to the run metrics, and says so when there are none', () => {
    const fromRun = renderModelCard({ ...card, evaluation: undefined, parent: undefined });
    expect(fromRun).toContain('From the training run.');
    expect(fromRun).toMatch(/\| accuracy +\| 0\.9 +\|/);
    expect(fromRun).not.toContain('parent');
    const bare = renderModelCard({
      ...card,
      evaluation: undefined,
      parent: undefined,
      run: undefined,
      data: [],
    });
    expect(bare).toContain('No evaluation or run record was given.');
  });

  it('escapes hostile strings in tables and in the graph', () => {
    const hostile = '[x](https://evil.example) @octocat <img src=x> "] --> evil["`';
    const markdown = renderModelCard({
      ...card,
      data: [{ path: hostile, rows: 1 }],
      evaluation: { metrics: [{ name: hostile, value: 1 }] },
      code: { ...card.code, actor: '@octocat', runUrl: 'javascript:alert(1)' },
    });
    expect(markdown).not.toContain('[x](');
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('javascript:');
    const graph = /```mermaid\n([\s\S]*?)```/.exec(markdown)?.[1] ?? '';
    // Mentions are resolved outside code blocks only; the graph is one.
    expect(markdown.replace(graph, '')).not.toMatch(/@octocat/);
    expect(graph).not.toContain('evil["');
    expect(graph.split('\n').filter((line) => line.includes('-->'))).toHaveLength(2);
  });

  it('mermaid labels keep plain text and encode the rest', () => {
    expect(mermaidLabel('churn@v3 · train.csv')).toBe('churn@v3 · train.csv');
    expect(mermaidLabel('a"b`c<d>')).toBe('a#34;b#96;c#60;d#62;');
    expect(mermaidLabel('x'.repeat(80))).toHaveLength(60);
  });
});
