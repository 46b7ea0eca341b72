import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { profileDataset } from '../src/profiles/index';
import type { KllSketch } from '../src/sketches/index';
import { relativeDifference, testRandom } from './helpers';

const directory = mkdtempSync(join(tmpdir(), 'mlops-datetime-codes-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const DAY = 86_400_000;

/**
 * Dates (as CSV text) with repeats, nulls, a few texts that are not dates, and a second spelling of one
 * instant: the CSV reader counts a datetime column's cells by their text (a dictionary of up to 4,096)
 * and adds each distinct value once, with its count; JSON Lines reads the same cells one by one.
 */
function cells(distinctDays: number, rows: number, seed: number): string[] {
  const random = testRandom(seed);
  return Array.from({ length: rows }, (_, row) => {
    const draw = random();
    if (draw < 0.04) return '';
    if (draw < 0.06) return row % 2 === 0 ? 'unknown' : 'soon';
    const day = Math.floor(random() * random() * distinctDays);
    const text = new Date(Date.UTC(2020, 0, 1) + day * DAY).toISOString().slice(0, 10);
    return draw < 0.08 ? `${text}T00:00:00Z` : text;
  });
}

/** What the profile must hold, worked out from the cells directly. */
function expected(texts: string[]) {
  const values = texts
    .filter((text) => text !== '' && !/^[a-z]/.test(text))
    .map((text) => Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text));
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const m2 = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  const others = new Map<string, number>();
  for (const text of texts) if (/^[a-z]/.test(text)) others.set(text, (others.get(text) ?? 0) + 1);
  return {
    values: values.sort((a, b) => a - b),
    mean,
    m2,
    nulls: texts.filter((text) => text === '').length,
    others,
    distinct: new Set(values).size + others.size,
  };
}

async function profileBoth(texts: string[], name: string) {
  const csv = join(directory, `${name}.csv`);
  // A second column, or an empty date would make a blank line, which CSV readers skip.
  writeFileSync(csv, `day,row\n${texts.map((text, row) => `${text},${row}`).join('\n')}\n`);
  const jsonl = join(directory, `${name}.jsonl`);
  writeFileSync(
    jsonl,
    texts.map((text, row) => JSON.stringify({ day: text === '' ? null : text, row })).join('\n'),
  );
  const options = { kinds: { day: 'datetime' as const }, maxBatchRows: 1000 };
  const fromCsv = (await profileDataset(csv, options)).columns.get('day');
  const fromJsonl = (await profileDataset(jsonl, options)).columns.get('day');
  if (!fromCsv || !fromJsonl) throw new Error('no day column');
  return { fromCsv, fromJsonl };
}

describe('datetime columns counted by text', () => {
  for (const [label, distinctDays, rows] of [
    ['few dates (all counted by text)', 300, 20_000],
    ['more dates than the dictionary holds (counted, then cell by cell)', 6_000, 30_000],
  ] as const) {
    it(`match the cells and the cell-by-cell profile: ${label}`, async () => {
      const texts = cells(distinctDays, rows, distinctDays);
      const truth = expected(texts);
      const { fromCsv, fromJsonl } = await profileBoth(texts, `days-${distinctDays}`);
      for (const column of [fromCsv, fromJsonl]) {
        const json = column.toJSON();
        expect(json.count).toBe(rows);
        expect(json.nulls).toBe(truth.nulls);
        expect(json.types.datetime).toBe(truth.values.length);
        expect(json.types.string).toBe([...truth.others.values()].reduce((a, b) => a + b, 0));
        expect(json.moments?.count).toBe(truth.values.length);
        expect(json.moments?.min).toBe(truth.values[0]);
        expect(json.moments?.max).toBe(truth.values.at(-1));
        expect(relativeDifference(json.moments?.mean as number, truth.mean)).toBeLessThan(1e-12);
        expect(relativeDifference(json.moments?.m2 as number, truth.m2)).toBeLessThan(1e-9);
        // Texts that are not dates are the frequent values, with exact counts (two of them).
        expect(new Map(json.frequent?.items.map(([value, count]) => [value, count]))).toEqual(truth.others);
        // The distinct count: exact up to 1,024 values, then within 3 standard errors of HyperLogLog.
        const distinct = column.distinctCount();
        if (truth.distinct <= 1024) expect(distinct).toBe(truth.distinct);
        else
          expect(relativeDifference(distinct, truth.distinct)).toBeLessThan(
            3 * column.distinct.relativeStandardError,
          );
        // Quantiles: q lies within the sketch's rank error of the rank range of the value returned
        // (dates repeat, so a value covers a range of ranks).
        const quantiles = column.quantiles as KllSketch;
        const error = quantiles.normalizedRankError;
        for (const q of [0.1, 0.5, 0.9]) {
          const value = quantiles.quantile(q);
          const below = truth.values.filter((v) => v < value).length / truth.values.length;
          const upTo = truth.values.filter((v) => v <= value).length / truth.values.length;
          expect(q).toBeGreaterThanOrEqual(below - error);
          expect(q).toBeLessThanOrEqual(upTo + error);
        }
      }
      // The histogram is exact, so both readers agree on it bin for bin.
      expect(fromCsv.toJSON().histogram).toEqual(fromJsonl.toJSON().histogram);
    });
  }
});
