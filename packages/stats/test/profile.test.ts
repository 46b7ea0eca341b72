import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetProfile, mergeProfiles, profileDataset } from '../src/profiles/index';
import { KllSketch } from '../src/sketches/index';
import type { ColumnKind } from '@mlops-actions/data';
import type { ColumnProfileJSON, DatasetProfileJSON } from '../src/profiles/index';
import { relativeDifference, testRandom } from './helpers';

const directory = mkdtempSync(join(tmpdir(), 'mlops-profile-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const COLORS = ['red', 'green', 'blue', 'cyan', 'magenta'];
const kinds: Record<string, ColumnKind> = {
  id: 'numeric',
  value: 'numeric',
  color: 'categorical',
  flag: 'boolean',
  day: 'datetime',
  note: 'text',
};

/** Writes a CSV of generated rows starting at id `first`; returns the path and the rows. */
function writeShard(
  name: string,
  first: number,
  count: number,
  seed: number,
): { path: string; values: number[] } {
  const random = testRandom(seed);
  const lines = ['id,value,color,flag,day,note'];
  const values: number[] = [];
  for (let id = first; id < first + count; id++) {
    const value = random() < 0.05 ? null : Math.round((random() * 200 - 50) * 1000) / 1000;
    if (value !== null) values.push(value);
    const color = COLORS[Math.floor(random() * random() * COLORS.length)];
    const day = `2023-${String(1 + (id % 12)).padStart(2, '0')}-${String(1 + (id % 28)).padStart(2, '0')}`;
    lines.push(`${id},${value ?? 'NA'},${color},${random() < 0.3},${day},"note ${id % 50}, with words"`);
  }
  const path = join(directory, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return { path, values };
}

const left = writeShard('left.csv', 0, 3000, 1);
const right = writeShard('right.csv', 3000, 5000, 2);

/** Parts of a column profile that must be identical whether made whole or merged from shards. */
function exactParts(column: ColumnProfileJSON) {
  return {
    kind: column.kind,
    count: column.count,
    nulls: column.nulls,
    types: column.types,
    distinct: column.distinct,
    histogram: column.histogram,
    frequent: column.frequent,
    momentsCount: column.moments?.count,
    min: column.moments?.min,
    max: column.moments?.max,
    lengthCount: column.lengths?.count,
  };
}

describe('dataset profiles', () => {
  it('merge(profile(A), profile(B)) equals profile(A ∪ B): exact fields exactly, sketches within their bounds', async () => {
    const whole = (await profileDataset([left.path, right.path], { kinds })).toJSON();
    const merged = mergeProfiles(
      await profileDataset(left.path, { kinds }),
      await profileDataset(right.path, { kinds }),
    ).toJSON();
    expect(merged.rows).toBe(8000);
    expect(whole.rows).toBe(8000);
    expect(merged.files).toEqual(whole.files);
    for (const name of Object.keys(kinds)) {
      const a = whole.columns[name] as ColumnProfileJSON;
      const b = merged.columns[name] as ColumnProfileJSON;
      expect(exactParts(b), name).toEqual(exactParts(a));
      if (a.moments && b.moments) {
        expect(relativeDifference(a.moments.mean, b.moments.mean), name).toBeLessThan(1e-9);
        expect(relativeDifference(a.moments.m2, b.moments.m2), name).toBeLessThan(1e-9);
      }
      expect(b.sample.items).toHaveLength(Math.min(1024, a.count - a.nulls));
    }
    // The value column's quantiles, from either profile, are within the KLL bound of the exact ones.
    const exact = [...left.values, ...right.values].sort((x, y) => x - y);
    const epsilon = KllSketch.normalizedRankError(1024);
    for (const profile of [whole, merged]) {
      const sketch = KllSketch.fromJSON((profile.columns.value as ColumnProfileJSON).quantiles as never);
      for (const q of [0.05, 0.25, 0.5, 0.75, 0.95]) {
        const estimate = sketch.quantile(q);
        const below = exact.filter((x) => x < estimate).length / exact.length;
        const atOrBelow = exact.filter((x) => x <= estimate).length / exact.length;
        expect(below - epsilon).toBeLessThanOrEqual(q);
        expect(atOrBelow + epsilon).toBeGreaterThanOrEqual(q);
      }
    }
  });

  it('profiles each kind with its own figures', async () => {
    const profile = await profileDataset([left.path, right.path], { kinds });
    const value = profile.column('value');
    expect(value.nulls).toBe(8000 - left.values.length - right.values.length);
    expect(value.moments?.count).toBe(left.values.length + right.values.length);
    expect(
      profile
        .column('color')
        .frequent?.items()
        .map((item) => item.value)
        .sort(),
    ).toEqual([...COLORS].sort());
    expect(
      profile
        .column('flag')
        .frequent?.items()
        .map((item) => item.value)
        .sort(),
    ).toEqual(['false', 'true']);
    expect(profile.column('day').summary()).toMatchObject({ min: '2023-01-01T00:00:00.000Z', distinct: 84 });
    expect(profile.column('note').lengths?.count).toBe(8000);
    expect(profile.column('id').distinctCount()).toBeGreaterThan(8000 * 0.95);
  });

  it('infers kinds from the first rows, and a mixed column falls back to categorical with its types counted', async () => {
    const path = join(directory, 'mixed.csv');
    writeFileSync(path, 'n,mixed\n1,1\n2,2\n3,unknown\n4,4\n');
    const profile = (await profileDataset(path)).toJSON();
    expect((profile.columns.n as ColumnProfileJSON).kind).toBe('numeric');
    const mixed = profile.columns.mixed as ColumnProfileJSON;
    expect(mixed.kind).toBe('categorical');
    expect(mixed.types).toMatchObject({ integer: 3, string: 1 });
    expect(mixed.summary.distinct).toBe(4);
  });

  it('is the same for the same data and seed, and survives JSON', async () => {
    const first = (await profileDataset(right.path)).toJSON();
    const second = (await profileDataset(right.path)).toJSON();
    expect(second).toEqual(first);
    const copy = DatasetProfile.fromJSON(JSON.parse(JSON.stringify(first))).toJSON();
    expect(copy).toEqual(JSON.parse(JSON.stringify(first)));
  });

  it('refuses a profile of another schema version, or not a profile at all', async () => {
    const json = (await profileDataset(left.path, { columns: ['id'] })).toJSON();
    expect(() => DatasetProfile.fromJSON({ ...json, schemaVersion: 2 })).toThrow(
      /profile schema version 2 is not supported \(this version reads 1\)/,
    );
    expect(() => DatasetProfile.fromJSON({ rows: 3 })).toThrow(/not a data profile/);
  });

  it('bins current data with the reference profile edges, and takes its kinds', async () => {
    const reference = await profileDataset(left.path, { kinds });
    const current = await profileDataset(right.path, { reference: reference.toJSON() as DatasetProfileJSON });
    const referenceHistogram = reference.column('value').toJSON().histogram;
    const currentHistogram = current.column('value').toJSON().histogram;
    expect(currentHistogram?.type).toBe('fixed');
    expect(currentHistogram?.edges).toEqual(referenceHistogram?.edges);
    expect(current.column('note').kind).toBe('text');
  });

  it('profiles only the columns asked for, and says which column does not exist', async () => {
    const profile = await profileDataset(left.path, { columns: ['color', 'id'] });
    expect([...profile.columns.keys()]).toEqual(['color', 'id']);
    await expect(profileDataset(left.path, { columns: ['colour'] })).rejects.toThrow(/no column "colour"/);
  });

  it('refuses to merge profiles of different columns or kinds', async () => {
    const a = await profileDataset(left.path, { columns: ['id'] });
    const b = await profileDataset(left.path, { columns: ['value'] });
    expect(() => mergeProfiles(a, b)).toThrow(/only the first has "id"; only the second has "value"/);
    const c = await profileDataset(left.path, { columns: ['id'], kinds: { id: 'categorical' } });
    expect(() => mergeProfiles(a, c)).toThrow(
      /column "id" is numeric in one profile and categorical in the other/,
    );
  });

  it('records each file with sha256 and rows, and warns about a file with no rows', async () => {
    const empty = join(directory, 'zz-empty.csv');
    writeFileSync(empty, 'id,value,color,flag,day,note\n');
    const profile = await profileDataset([left.path, empty], { kinds });
    expect(profile.files.map((file) => [file.rows, file.sha256.length])).toEqual([
      [3000, 64],
      [0, 64],
    ]);
    expect(profile.warnings).toEqual([
      expect.stringContaining(`${empty}:1:1: the file has a header but no data rows`),
    ]);
  });
});
