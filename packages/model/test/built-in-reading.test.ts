import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '@mlops-actions/data';
import { NumberColumns, profileDataset } from '@mlops-actions/stats';
import { trainBuiltIn, trainBuiltInToFiles } from '../src/training/index';

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
  it("takes the profile pass's numbers when they hold every column: the same model, bit for bit, as reading the data again", async () => {
    const file = writeData(-1, '');
    const numbers = new NumberColumns();
    const profile = await profileDataset(file, { numbers });
    expect(numbers.get('a')?.length).toBe(400);
    const params = { validation_fraction: 0.25 };
    const fromPass = await trainBuiltIn({ data: [file], profile, numbers, target: 'y', params });
    const reread = await trainBuiltIn({ data: [file], profile, target: 'y', params });
    expect(Buffer.from(fromPass.onnx).equals(Buffer.from(reread.onnx))).toBe(true);
    expect(fromPass.metrics).toEqual(reread.metrics);
    // Not read again: the data file may even be gone.
    const moved = await trainBuiltIn({ data: [`${file}.gone`], profile, numbers, target: 'y', params });
    expect(Buffer.from(moved.onnx).equals(Buffer.from(reread.onnx))).toBe(true);
  });

  it("with a cell that is not a number the profile pass's numbers are refused and the read says where", async () => {
    const file = writeData(137, 'n/a?');
    const numbers = new NumberColumns();
    const profile = await profileDataset(file, { numbers });
    expect(numbers.get('a')).toBeUndefined();
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    await expect(
      trainBuiltIn({ data: [file], profile, numbers, target: 'y', params: {}, log }),
    ).rejects.toThrow(`${file}:139:2: column "a" is numeric by its sample, but holds "n/a?"`);
    expect(lines).toEqual([
      'Reading the data again for the trainer: column "a" holds cells that are not numbers.',
    ]);
  });

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

  it('after a validation split the shipped model is refitted on every row, and the metrics file says where each block was computed', async () => {
    const file = writeData(-1, '');
    const profile = await profileDataset(file);
    const dir = mkdtempSync(join(tmpdir(), 'built-in-files-'));
    const write = async (params: Record<string, number>, name: string) => {
      await trainBuiltInToFiles({
        data: [file],
        profile,
        target: 'y',
        params,
        modelPath: join(dir, `${name}.onnx`),
        metricsPath: join(dir, `${name}.json`),
      });
      return {
        metrics: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')),
        model: readFileSync(join(dir, `${name}.onnx`)),
      };
    };
    const split = await write({ validation_fraction: 0.25 }, 'split');
    expect(split.metrics.rows).toEqual({ train: 300, validation: 100, fit: 400, dropped: 0 });
    expect(split.metrics.computed_on).toEqual({
      validation: 'the 100 validation rows, by a model fitted on the 300 training rows only',
      train: 'the 400 rows the shipped model was fitted on',
    });
    expect(split.metrics.validation.roc_auc).toBeGreaterThan(0.8);
    // The shipped model is the one fitted on every row: the same bytes as with nothing held out.
    const all = await write({ validation_fraction: 0 }, 'all');
    expect(all.metrics.rows).toEqual({ train: 400, validation: 0, fit: 400, dropped: 0 });
    expect(split.model.equals(all.model)).toBe(true);
    // Without the refit the shipped model is the split's, fitted on the 300 training rows.
    const noRefit = await write({ validation_fraction: 0.25, refit: 0 }, 'no-refit');
    expect(noRefit.metrics.rows.fit).toBe(300);
    expect(noRefit.metrics.computed_on.train).toBe('the 300 rows the shipped model was fitted on');
    expect(noRefit.model.equals(all.model)).toBe(false);
  });
});
