import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataset } from '@mlops-actions/data';
import { profileDataset } from '../../src/profiles/index';
import { driftBetweenProfiles, wassersteinDistance } from '../../src/drift/index';
import { vegaDataset } from '../helpers';

const directory = mkdtempSync(join(tmpdir(), 'drift-real-'));

function meanAndStandardError(values: number[]): { mean: number; se: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, se: Math.sqrt(variance / values.length) };
}

describe('seattle-weather: 2012 as reference, 2015 as current', () => {
  const [header, ...rows] = readFileSync(vegaDataset('seattle-weather.csv'), 'utf8').trim().split('\n');
  const year = (y: string) => rows.filter((row) => row.startsWith(y));
  const column = (lines: string[], name: string) =>
    lines.map((line) => Number(line.split(',')[(header as string).split(',').indexOf(name)]));

  it('finds the warmer 2015 and its changed weather labels, and no drift in precipitation or wind', async () => {
    const write = (name: string, lines: string[]) => {
      const path = join(directory, name);
      writeFileSync(path, [header, ...lines].join('\n') + '\n');
      return profileDataset(path);
    };
    const report = driftBetweenProfiles(
      await write('2012.csv', year('2012')),
      await write('2015.csv', year('2015')),
    );
    const byColumn = Object.fromEntries(report.columns.map((c) => [c.column, c]));
    // 366 and 365 rows: every value fits the samples, so the tests are exact and use Evidently's small-n tests.
    expect(Object.values(byColumn).map((c) => [c.column, c.method, c.details.basis, c.drifted])).toEqual([
      ['precipitation', 'ks', 'exact', false],
      ['temp_max', 'ks', 'exact', true],
      ['temp_min', 'ks', 'exact', true],
      ['wind', 'ks', 'exact', false],
      ['weather', 'chisquare', 'exact', true],
    ]);
    // SciPy: ks_2samp(temp_max 2012, temp_max 2015) → D 0.15254135788606932, p 0.00031570876212856956.
    expect(byColumn.temp_max?.statistic).toBeCloseTo(0.15254135788606932, 10);
    expect(byColumn.temp_max?.pValue).toBeCloseTo(0.00031570876212856956, 10);
    // Independent check: 2015's mean high is more than 3 standard errors above 2012's.
    const before = meanAndStandardError(column(year('2012'), 'temp_max'));
    const after = meanAndStandardError(column(year('2015'), 'temp_max'));
    expect((after.mean - before.mean) / Math.hypot(before.se, after.se)).toBeGreaterThan(3);
    // 2012 has 5 fog days of 366, 2015 has 52 of 365: far beyond the expected 5.
    expect(year('2015').filter((line) => line.endsWith(',fog')).length).toBe(52);
    expect(byColumn.weather?.pValue).toBeLessThan(1e-10);
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'not-tested', column: 'date' })]);
    expect(report).toMatchObject({
      testedColumns: 5,
      driftedColumns: 3,
      driftedShare: 0.6,
      datasetDrift: true,
    });
  });
});

describe('flights-3m.parquet: January as reference, June as current', () => {
  it('normed Wasserstein from the KLL sketches matches the exact value, and the drift flags agree', async () => {
    const months: Record<'01' | '06', { lines: string[]; delay: number[]; distance: number[] }> = {
      '01': { lines: [], delay: [], distance: [] },
      '06': { lines: [], delay: [], distance: [] },
    };
    for await (const batch of await openDataset([vegaDataset('flights-3m.parquet')])) {
      for (let row = 0; row < batch.length; row++) {
        const month = batch.text(row, 0).slice(5, 7);
        if (month !== '01' && month !== '06') continue;
        const [delay, distance, origin] = [batch.text(row, 1), batch.text(row, 2), batch.text(row, 3)];
        months[month].lines.push(`${delay},${distance},${origin}`);
        months[month].delay.push(Number(delay));
        months[month].distance.push(Number(distance));
      }
    }
    const profile = (month: '01' | '06') => {
      const path = join(directory, `flights-${month}.csv`);
      writeFileSync(path, ['delay,distance,origin', ...months[month].lines].join('\n') + '\n');
      return profileDataset(path, { kinds: { origin: 'categorical' } });
    };
    const report = driftBetweenProfiles(await profile('01'), await profile('06'));
    for (const name of ['delay', 'distance'] as const) {
      const drift = report.columns.find((c) => c.column === name);
      const reference = months['01'][name];
      const current = months['06'][name];
      const { mean } = meanAndStandardError(reference);
      const std = Math.sqrt(
        reference.reduce((sum, value) => sum + (value - mean) ** 2, 0) / reference.length,
      ); // numpy's std
      const exact = wassersteinDistance(reference, current) / Math.max(std, 0.001);
      expect(drift).toMatchObject({ method: 'wasserstein', details: { basis: 'sketch' } });
      // KLL's rank error (≈ 0.27% per side) bounds |ΔW| by 0.0054·range/std; in practice far smaller.
      expect(Math.abs((drift?.statistic as number) - exact)).toBeLessThan(0.01);
      expect(drift?.drifted).toBe(exact >= 0.1);
    }
    // Independent check for delay: June's mean delay differs from January's by many standard errors.
    const january = meanAndStandardError(months['01'].delay);
    const june = meanAndStandardError(months['06'].delay);
    expect(Math.abs(june.mean - january.mean) / Math.hypot(january.se, june.se)).toBeGreaterThan(5);
    const origin = report.columns.find((c) => c.column === 'origin');
    expect(origin?.method).toBe('jensenshannon');
    expect(origin?.statistic).toBeLessThan(0.1); // the same airports serve both months in similar shares
  });
});
