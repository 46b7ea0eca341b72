import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '@mlops-actions/data';
import { profileDataset } from '@mlops-actions/stats';
import { trainBuiltIn } from '../src/training/index';

/** 400 rows: a, b numeric, y = 1 when a + b is large; the cell of `a` on data row `badRow` is `bad`. */
function writeData(badRow: number, bad: string): string {
  const lines = ['b,a,y'];
  for (let i = 0; i < 400; i++) {
    const a = ((i * 37) % 101) / 10;
    const b = ((i * 53) % 97) / 10;
    lines.push(`${b},${i === badRow ? bad : a},${a + b + ((i * 7) % 5) > 12 ? 1 : 0}`);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'built-in-reading-')), 'data.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('the built-in trainer reads numeric columns as numbers', () => {
  it('a cell that does not parse in a numeric column is an error at file:line:column, never a change of kind', async () => {
    const file = writeData(137, 'n/a?');
    const profile = await profileDataset(file);
    // The profile calls it categorical for the one string; its cells are numbers but for that one.
    expect(profile.column('a').kind).toBe('categorical');
    const run = trainBuiltIn({ data: [file], profile, target: 'y', params: {} });
    await expect(run).rejects.toThrow(DataError);
    // Data row 137 is line 139 (the header is line 1); `a` is the second column.
    await expect(trainBuiltIn({ data: [file], profile, target: 'y', params: {} })).rejects.toThrow(
      `${file}:139:2: column "a" is numeric by its sample, but holds "n/a?" — fix the value, leave the cell empty, or read such cells as missing (params: {bad_numbers: missing})`,
    );
  });

  it('with bad_numbers: missing the cell is a counted missing value: its row is dropped and the log says so', async () => {
    const file = writeData(137, 'n/a?');
    const profile = await profileDataset(file);
    const lines: string[] = [];
    const result = await trainBuiltIn({
      data: [file],
      profile,
      target: 'y',
      params: { bad_numbers: 'missing', validation_fraction: 0 },
      log: (line) => lines.push(line),
    });
    expect(Array.from(result.rows.dropped)).toEqual([137]);
    expect(result.rows.fit.length).toBe(399);
    expect(result.model.features.map((f) => f.kind)).toEqual(['numeric', 'numeric']);
    expect(lines).toContain(
      `Column "a": 1 cells are not numbers (first: "n/a?" at ${file}:139); read as missing, so their rows are dropped.`,
    );
    await expect(
      trainBuiltIn({ data: [file], profile, target: 'y', params: { bad_numbers: 'skip' } }),
    ).rejects.toThrow('params.bad_numbers is "skip" — give error or missing.');
  });
});
