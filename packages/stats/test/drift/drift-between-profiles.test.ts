import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileDataset } from '../../src/profiles/index';
import type { DatasetProfileJSON } from '../../src/profiles/index';
import { defaultDriftMethod, driftBetweenProfiles, validateColumnTests } from '../../src/drift/index';

const directory = mkdtempSync(join(tmpdir(), 'drift-'));
async function profileOf(name: string, header: string, rows: string[]) {
  const path = join(directory, `${name}.csv`);
  writeFileSync(path, [header, ...rows].join('\n') + '\n');
  return (await profileDataset(path, { kinds: { color: 'categorical' } })).toJSON();
}

describe('Evidently’s default test by kind and size', () => {
  it('follows PRODUCT.md at each boundary', () => {
    expect(defaultDriftMethod('numeric', 1000, 6)).toBe('ks');
    expect(defaultDriftMethod('numeric', 1000, 5)).toBe('chisquare');
    expect(defaultDriftMethod('numeric', 1000, 2)).toBe('z');
    expect(defaultDriftMethod('categorical', 10, 40)).toBe('chisquare');
    expect(defaultDriftMethod('categorical', 10, 2)).toBe('z');
    expect(defaultDriftMethod('numeric', 1001, 6)).toBe('wasserstein');
    expect(defaultDriftMethod('numeric', 1001, 5)).toBe('jensenshannon');
    expect(defaultDriftMethod('categorical', 5000, 40)).toBe('jensenshannon');
  });

  it('refuses bad overrides with a message that says what to write', () => {
    const columns = ['x', 'color'];
    expect(() => validateColumnTests({ y: { method: 'psi' } }, columns)).toThrow(/tests.y: no column "y"/);
    expect(() => validateColumnTests({ x: { method: 'kl' } }, columns)).toThrow(
      /tests.x.method: unknown method "kl" — use one of ks, chisquare/,
    );
    expect(() => validateColumnTests({ x: { method: 'ks', threshold: 1.5 } }, columns)).toThrow(
      /tests.x.threshold/,
    );
    expect(() => validateColumnTests({ x: { methd: 'ks' } }, columns)).toThrow(/unknown key "methd"/);
    expect(validateColumnTests({ x: { method: 'psi', threshold: 0.2 } }, columns)).toEqual({
      x: { method: 'psi', threshold: 0.2 },
    });
  });
});

describe('drift between profiles', () => {
  const xs = (shift: number) =>
    Array.from(
      { length: 200 },
      (_, i) => `${((i * 37) % 200) / 10 + shift},${['red', 'green', 'blue'][i % 3]}`,
    );

  it('no drift between two profiles of the same data: KS p = 1 and χ² p = 1, exact on the samples', async () => {
    const reference = await profileOf('same-a', 'x,color', xs(0));
    const current = await profileOf('same-b', 'x,color', xs(0));
    const report = driftBetweenProfiles(reference, current);
    expect(report.columns.map((c) => [c.column, c.method, c.details.basis, c.drifted])).toEqual([
      ['x', 'ks', 'exact', false],
      ['color', 'chisquare', 'exact', false],
    ]);
    expect(report.columns[0]?.pValue).toBe(1);
    expect(report).toMatchObject({ driftedShare: 0, datasetDrift: false, findings: [] });
  });

  it('a shifted numeric column drifts; an override to PSI with its own threshold is used', async () => {
    const reference = await profileOf('shift-a', 'x,color', xs(0));
    const current = await profileOf('shift-b', 'x,color', xs(5));
    const report = driftBetweenProfiles(reference, current, {
      tests: { color: { method: 'psi', threshold: 0.2 } },
    });
    const [x, color] = report.columns;
    // D = 5/20 of the range: a quarter of the reference lies below the shifted minimum.
    expect(x).toMatchObject({ method: 'ks', statistic: 0.25, drifted: true });
    expect(x?.pValue).toBeLessThan(1e-4);
    expect(color).toMatchObject({ method: 'psi', threshold: 0.2, statistic: 0, drifted: false });
    expect(report).toMatchObject({ driftedColumns: 1, driftedShare: 0.5, datasetDrift: true });
  });

  it('reports missing, new and re-kinded columns, and empty current data, as findings', async () => {
    const reference = await profileOf(
      'kinds-a',
      'x,color,gone',
      xs(0).map((row) => `${row},1`),
    );
    const current = await profileOf(
      'kinds-b',
      'x,color,fresh',
      xs(0).map((row, i) => `${i % 2 ? 'n/a' : 'none'},${row.split(',')[1]},2`),
    );
    const report = driftBetweenProfiles(reference, current);
    expect(report.findings.map((f) => [f.kind, f.column])).toEqual([
      ['missing-column', 'gone'],
      ['new-column', 'fresh'],
      ['kind-changed', 'x'],
    ]);
    expect(report.columns.map((c) => c.column)).toEqual(['color']);
    const empty = await profileOf('empty', 'x,color', []);
    const emptyReport = driftBetweenProfiles(reference, { ...empty, columns: reference.columns });
    expect(emptyReport.findings.at(-1)?.kind).toBe('empty-current');
    expect(emptyReport).toMatchObject({ testedColumns: 0, datasetDrift: false });
  });

  it('a profile of another schema version is a clear error', async () => {
    const reference = await profileOf('version', 'x,color', xs(0));
    const future = { ...reference, schemaVersion: 2 } as unknown as DatasetProfileJSON;
    expect(() => driftBetweenProfiles(reference, future)).toThrow(
      /current profile: profile schema version 2 is not supported/,
    );
    expect(() => driftBetweenProfiles(reference, reference, { tests: { color: { method: 'ks' } } })).toThrow(
      /ks compares numbers/,
    );
  });
});
