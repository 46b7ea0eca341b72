import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildLineage, headlineMetrics, parseLineage, type CodeProvenance } from '../src/lineage';
import { prepareModelVersion } from '../src/prepare';
import { parseVersionSelector } from '../src/resolve';

const code: CodeProvenance = {
  repository: 'octo-org/ml-repo',
  sha: 'c'.repeat(40),
  ref: 'refs/heads/main',
  workflow: 'train',
  runId: 42,
  runAttempt: 1,
  actor: 'data-scientist',
  runUrl: 'https://github.com/octo-org/ml-repo/actions/runs/42',
  commitUrl: `https://github.com/octo-org/ml-repo/commit/${'c'.repeat(40)}`,
};
const identity = { modelName: 'churn', version: 3, tag: 'churn@v3' };
const createdAt = new Date('2026-01-02T03:04:05Z');

function scratchFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lineage-')), name);
  writeFileSync(path, content);
  return path;
}

describe('lineage.json', () => {
  it('links data, run, parent and evaluation from the documents other steps wrote', () => {
    const lineage = buildLineage(identity, {
      assets: [{ name: 'model.onnx', sha256: 'ab'.repeat(32), bytes: 10 }],
      code,
      createdAt,
      runRecord: {
        params: { C: 0.5 },
        metrics: { accuracy: 0.9, loss: { value: 0.3 }, note: 'not a number' },
        data: [{ path: 'train.csv', sha256: 'd'.repeat(64), rows: 1000, bytes: 20_000 }],
        startedAt: '2026-01-02T03:00:00Z',
        durationMs: 12_500,
      },
      evaluation: {
        passed: true,
        baseline: { name: 'churn', tag: 'churn@v2' },
        metrics: [
          { name: 'accuracy', candidate: 0.91, baseline: 0.88, higherIsBetter: true },
          { name: 'auc', candidate: 0.95 },
        ],
      },
    });
    expect(lineage).toMatchObject({
      schema: 'mlops-actions/lineage',
      schemaVersion: 1,
      model: { name: 'churn', version: 3, tag: 'churn@v3' },
      data: [{ path: 'train.csv', sha256: 'd'.repeat(64), rows: 1000, bytes: 20_000 }],
      run: { params: { C: 0.5 }, metrics: { accuracy: 0.9, loss: 0.3 }, durationMs: 12_500 },
      parent: { tag: 'churn@v2', version: 2 },
      evaluation: { passed: true },
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(headlineMetrics(lineage)).toEqual([
      { name: 'accuracy', value: 0.91, baseline: 0.88, higherIsBetter: true },
      { name: 'auc', value: 0.95 },
    ]);
  });

  it('names the parent from baseline.version alone, and keeps an empty run and evaluation empty', () => {
    const lineage = buildLineage(identity, {
      assets: [],
      code,
      createdAt,
      runRecord: { params: {}, metrics: {}, data: [] },
      evaluation: { passed: false, baseline: { name: 'churn', version: 2 }, metrics: [] },
    });
    expect(lineage.parent).toEqual({ tag: 'churn@v2', version: 2 });
    expect(lineage.data).toEqual([]);
    expect(lineage.run).toEqual({ params: {}, metrics: {} });
    expect(lineage.evaluation).toEqual({ passed: false, metrics: [] });
    expect(headlineMetrics(lineage)).toEqual([]);
  });

  it('reads back only lineage documents of its schema version', () => {
    const text = JSON.stringify(buildLineage(identity, { assets: [], code, createdAt }));
    expect(parseLineage(text, 'x').model.tag).toBe('churn@v3');
    expect(() => parseLineage('{"schema":"other"}', 'churn@v3/lineage.json')).toThrow(
      /churn@v3\/lineage.json: not a lineage document/,
    );
    expect(() => parseLineage(text.replace('"schemaVersion":1', '"schemaVersion":2'), 'x')).toThrow(
      /schemaVersion 2/,
    );
    expect(() => parseLineage('{', 'x')).toThrow(/x: not valid JSON/);
  });
});

describe('preparing a registration', () => {
  it('hashes each file and orders the assets model, lineage, profile, evaluation', async () => {
    const model = Buffer.from('onnx bytes');
    const prepared = await prepareModelVersion(
      {
        model: scratchFile('m.onnx', model),
        profile: scratchFile('profile.json', '{}'),
        evaluation: scratchFile('evaluation.json', '{"metrics":[]}'),
      },
      code,
      createdAt,
      { evaluation: { passed: true, metrics: [] } },
    );
    expect(prepared.assets(identity).map((a) => a.name)).toEqual([
      'model.onnx',
      'lineage.json',
      'profile.json',
      'evaluation.json',
    ]);
    expect(prepared.lineage(identity).assets[0]).toEqual({
      name: 'model.onnx',
      sha256: createHash('sha256').update(model).digest('hex'),
      bytes: model.length,
    });
  });

  it('refuses a missing or empty model, and a profile that is not JSON naming the file', async () => {
    await expect(prepareModelVersion({ model: '/nowhere/m.onnx' }, code)).rejects.toThrow(
      '/nowhere/m.onnx: model file not found',
    );
    await expect(prepareModelVersion({ model: scratchFile('m.onnx', '') }, code)).rejects.toThrow(/is empty/);
    const broken = scratchFile('profile.json', '{"columns": ');
    await expect(
      prepareModelVersion({ model: scratchFile('m.onnx', 'x'), profile: broken }, code),
    ).rejects.toThrow(`${broken}: the profile is not valid JSON`);
  });

  it('warns when the model is not the one the run record describes', async () => {
    const prepared = await prepareModelVersion({ model: scratchFile('m.onnx', 'x') }, code, createdAt, {
      runRecord: { params: {}, metrics: {}, data: [], model: { sha256: '00' } },
    });
    expect(prepared.warnings).toEqual([
      expect.stringMatching(/differs from the run record's model sha256 00/),
    ]);
  });
});

describe('version selectors', () => {
  it.each([
    ['v7', { kind: 'number', version: 7 }],
    ['7', { kind: 'number', version: 7 }],
    ['latest', { kind: 'latest' }],
    ['stage:production', { kind: 'stage', environment: 'production' }],
  ])('reads %j', (text, selector) => {
    expect(parseVersionSelector(text)).toEqual(selector);
  });

  it.each(['newest', 'stage:', 'v0', 'v1.2'])('refuses %j', (text) => {
    expect(() => parseVersionSelector(text)).toThrow(/not a version|names no environment/);
  });
});
