import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KllSketch } from '../src/sketches/index';
import { profileDataset } from '../src/profiles/index';
import type { ColumnProfileJSON, DatasetProfileJSON } from '../src/profiles/index';
import { relativeDifference, vegaDataset } from './helpers';

const file = vegaDataset('seattle-weather.csv');

/** The file read the naive way: it has no quotes, so splitting on newlines and commas is enough. */
function naiveRead(): { header: string[]; rows: string[][] } {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const [header, ...rows] = lines.map((line) => line.replace(/\r$/, '').split(','));
  return { header: header as string[], rows };
}

describe('profiling real data: seattle-weather.csv from vega-datasets', () => {
  const { header, rows } = naiveRead();
  const column = (name: string) => rows.map((row) => row[header.indexOf(name)] as string);
  const numbers = (name: string) => column(name).map(Number);
  let profile: DatasetProfileJSON;

  it('reads every row and infers the kinds', async () => {
    profile = (await profileDataset(file)).toJSON();
    expect(profile.rows).toBe(rows.length);
    expect(rows.length).toBe(1461);
    expect(Object.keys(profile.columns)).toEqual(header);
    expect(Object.fromEntries(Object.entries(profile.columns).map(([name, c]) => [name, c.kind]))).toEqual({
      date: 'datetime',
      precipitation: 'numeric',
      temp_max: 'numeric',
      temp_min: 'numeric',
      wind: 'numeric',
      weather: 'categorical',
    });
    expect(profile.files[0]).toMatchObject({ rows: 1461, format: 'csv', compressed: false });
  });

  it('matches figures computed independently from a naive parse', () => {
    for (const name of ['precipitation', 'temp_max', 'temp_min', 'wind']) {
      const values = numbers(name);
      const mean = values.reduce((a, b) => a + b) / values.length;
      const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
      const moments = (profile.columns[name] as ColumnProfileJSON).moments;
      expect(moments?.count, name).toBe(1461);
      expect(relativeDifference(moments?.mean as number, mean), name).toBeLessThan(1e-9);
      expect(relativeDifference((moments?.m2 as number) / 1460, variance), name).toBeLessThan(1e-9);
      expect([moments?.min, moments?.max], name).toEqual([Math.min(...values), Math.max(...values)]);
      expect((profile.columns[name] as ColumnProfileJSON).nulls).toBe(0);
    }
  });

  it('counts the weather categories exactly', () => {
    const counts = new Map<string, number>();
    for (const value of column('weather')) counts.set(value, (counts.get(value) ?? 0) + 1);
    const weather = profile.columns.weather as ColumnProfileJSON;
    expect(weather.summary.distinct).toBe(counts.size);
    expect(
      Object.fromEntries((weather.frequent?.items ?? []).map(([value, count]) => [value, count])),
    ).toEqual(Object.fromEntries(counts));
  });

  it('estimates distinct days and quantiles within their stated errors', () => {
    const date = profile.columns.date as ColumnProfileJSON;
    expect(new Set(column('date')).size).toBe(1461);
    expect(Math.abs(date.summary.distinct - 1461)).toBeLessThanOrEqual(3 * (1.04 / 64) * 1461);
    expect(date.summary.min).toBe(`${column('date')[0]}T00:00:00.000Z`);

    const sorted = numbers('temp_max').sort((a, b) => a - b);
    const sketch = KllSketch.fromJSON((profile.columns.temp_max as ColumnProfileJSON).quantiles as never);
    const epsilon = sketch.normalizedRankError;
    for (const q of [0.1, 0.25, 0.5, 0.75, 0.9]) {
      const estimate = sketch.quantile(q);
      expect(sorted.filter((x) => x < estimate).length / sorted.length - epsilon).toBeLessThanOrEqual(q);
      expect(sorted.filter((x) => x <= estimate).length / sorted.length + epsilon).toBeGreaterThanOrEqual(q);
    }
  });

  it('bins every value of a column in its histogram', () => {
    const histogram = (profile.columns.wind as ColumnProfileJSON).histogram;
    const values = numbers('wind');
    expect(histogram?.counts.reduce((a, b) => a + b)).toBe(values.length);
    const edges = histogram?.edges ?? [];
    const firstBin = values.filter(
      (value) => value >= (edges[0] as number) && value < (edges[1] as number),
    ).length;
    expect(histogram?.counts[0]).toBe(firstBin);
  });
});
