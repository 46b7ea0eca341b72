import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileDataset } from '../../src/profiles/index';
import { inferSuite, validateDataset } from '../../src/expectations/index';
import type { ValidationResult } from '../../src/expectations/index';
import { testRandom, vegaDataset } from '../helpers';

/**
 * An inferred suite must tell fresh data from drifted data: a suite inferred from a random 70 % of a real
 * dataset passes on the other 30 %, and fails on that 30 % with a few columns shifted by one standard deviation.
 */
type Row = Record<string, unknown>;

const dir = mkdtempSync(join(tmpdir(), 'infer-holdout-'));
const fixtures = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'exporters');

function readCsv(path: string): Row[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const header = (head as string).split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((name, i) => [name, cells[i] === '' ? null : cells[i]]));
  });
}

function readJson(path: string): Row[] {
  return JSON.parse(readFileSync(path, 'utf8')) as Row[];
}

function writeCsv(name: string, rows: readonly Row[], columns: readonly string[]): string {
  const cell = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  const path = join(dir, name);
  writeFileSync(
    path,
    [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\n'),
  );
  return path;
}

/** Columns whose every non-null value is a finite number, with their sample standard deviation. */
function numericColumns(rows: readonly Row[], columns: readonly string[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const column of columns) {
    const values = rows.map((row) => row[column]).filter((v) => v !== null && v !== undefined && v !== '');
    const numbers = values.map(Number);
    if (numbers.length < 2 || !numbers.every(Number.isFinite)) continue;
    const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
    const variance = numbers.reduce((a, b) => a + (b - mean) ** 2, 0) / (numbers.length - 1);
    if (variance > 0) result.set(column, Math.sqrt(variance));
  }
  return result;
}

function failures(report: ValidationResult): string[] {
  return report.results
    .filter((result) => !result.success)
    .map(
      (result) =>
        `${result.expectation_config.expectation_type}(${String(result.expectation_config.kwargs['column'] ?? '')})`,
    );
}

/** Cars has a text name per car and a year column: drop the free-text name, it says nothing about drift. */
const datasets: { name: string; rows: () => Row[]; drop?: string[] }[] = [
  { name: 'seattle-weather', rows: () => readCsv(vegaDataset('seattle-weather.csv')) },
  { name: 'cars', rows: () => readJson(vegaDataset('cars.json')), drop: ['Name'] },
  { name: 'penguins', rows: () => readJson(vegaDataset('penguins.json')) },
  { name: 'weather', rows: () => readCsv(vegaDataset('weather.csv')) },
  {
    name: 'gapminder-health-income',
    rows: () => readCsv(vegaDataset('gapminder-health-income.csv')),
    drop: ['country'],
  },
  {
    name: 'breast-cancer',
    rows: () => [
      ...readCsv(join(fixtures, 'breast_cancer_train.csv')),
      ...readCsv(join(fixtures, 'breast_cancer_test.csv')),
    ],
  },
];

describe('inferred suites on held-out and shifted splits of real data', () => {
  for (const [dataset, seed] of datasets.flatMap((d) => [1, 2, 3].map((seed) => [d, seed] as const))) {
    it(`${dataset.name}, split ${seed}: 0 failures on the 30 % hold-out, failures on a copy with three columns shifted by 1 sd`, async () => {
      const all = dataset.rows();
      const columns = Object.keys(all[0] as Row).filter((c) => !dataset.drop?.includes(c));
      const random = testRandom(seed * 7919 + dataset.name.length);
      const train: Row[] = [];
      const test: Row[] = [];
      for (const row of all) (random() < 0.7 ? train : test).push(row);
      const trainPath = writeCsv(`${dataset.name}-${seed}-train.csv`, train, columns);
      const testPath = writeCsv(`${dataset.name}-${seed}-test.csv`, test, columns);

      const suite = inferSuite(await profileDataset(trainPath));
      if (dataset.name === 'gapminder-health-income') {
        // population's tail (China, India) is far past its 90th percentile: no upper bound, a median not a mean.
        const population = suite.expectations.filter((e) => e.kwargs['column'] === 'population');
        expect(population.map((e) => e.expectation_type)).toContain('expect_column_median_to_be_between');
        expect(population.map((e) => e.expectation_type)).not.toContain('expect_column_mean_to_be_between');
      }
      const heldOut = await validateDataset(testPath, suite);
      expect(failures(heldOut)).toEqual([]);

      const sds = numericColumns(train, columns);
      const shifted = [...sds.keys()].slice(0, 3);
      expect(shifted.length).toBeGreaterThan(0);
      const drifted = test.map((row) => {
        const copy = { ...row };
        for (const column of shifted) {
          if (copy[column] !== null && copy[column] !== undefined)
            copy[column] = Number(copy[column]) + (sds.get(column) as number);
        }
        return copy;
      });
      const driftedPath = writeCsv(`${dataset.name}-${seed}-shifted.csv`, drifted, columns);
      const report = await validateDataset(driftedPath, suite);
      const failed = failures(report);
      // Every failure is on a shifted column, and the mean expectation catches most of them.
      expect(failed.length).toBeGreaterThan(0);
      for (const failure of failed) expect(shifted.some((c) => failure.endsWith(`(${c})`))).toBe(true);
    });
  }

  it('breast cancer as shipped: a suite inferred from its train split passes its test split, not five shifted columns', async () => {
    const train = join(fixtures, 'breast_cancer_train.csv');
    const test = join(fixtures, 'breast_cancer_test.csv');
    const suite = inferSuite(await profileDataset(train));
    expect(failures(await validateDataset(test, suite))).toEqual([]);
    const trainRows = readCsv(train);
    const columns = Object.keys(trainRows[0] as Row);
    const sds = numericColumns(trainRows, columns);
    const shifted = ['mean_radius', 'mean_texture', 'mean_area', 'worst_smoothness', 'area_error'];
    const drifted = readCsv(test).map((row) => {
      const copy = { ...row };
      for (const column of shifted) copy[column] = Number(copy[column]) + (sds.get(column) as number);
      return copy;
    });
    const failed = failures(await validateDataset(writeCsv('breast-shifted.csv', drifted, columns), suite));
    expect(failed.length).toBeGreaterThanOrEqual(4);
    for (const failure of failed) expect(shifted.some((c) => failure.endsWith(`(${c})`))).toBe(true);
  });
});
