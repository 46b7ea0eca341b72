import { describe, expect, it } from 'vitest';
import { DataError, openDataset } from '../src/index';
import { gzip, readAll, readError, scratchDirectory } from './helpers';

const files = scratchDirectory();

/** The error names the file and the place, then says what is wrong and what to do. */
function expectPlace(error: DataError, file: string, line: number, column: number, problem: RegExp): void {
  expect(error).toBeInstanceOf(DataError);
  expect({ file: error.file, line: error.line, column: error.column }).toEqual({ file, line, column });
  expect(error.message.startsWith(`${file}:${line}:${column}: `)).toBe(true);
  expect(error.message).toMatch(problem);
  expect(error.message).toContain(' — ');
}

describe('bad input is reported with file, line and column', () => {
  it('a row with fewer fields than the header', async () => {
    const file = files.write('short-row.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
    expectPlace(await readError(file), file, 3, 4, /row has 2 fields but the header has 3/);
  });

  it('a row with more fields than the header, pointing at the extra field', async () => {
    const file = files.write('long-row.csv', 'a,b\n1,2\n3,4,oops\n');
    expectPlace(await readError(file), file, 3, 5, /more fields than the header's 2/);
  });

  it('a quoted field that is never closed, at its opening quote', async () => {
    const file = files.write('unterminated.csv', 'a,b\n1,2\n3,"never closed\n4,5\n6,7\n');
    expectPlace(await readError(file), file, 3, 3, /quoted field is never closed/);
  });

  it('a runaway quote in a large file stops at the field limit instead of buffering the file', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},value ${i}`).join('\n');
    const file = files.write('runaway.csv', `a,b\n1,"oops\n${rows}\n`);
    const error = await readError(file, { maxFieldBytes: 4096, chunkBytes: 1024 });
    expectPlace(error, file, 2, 3, /quoted field is longer than 4096 bytes/);
  });

  it('text after a closing quote', async () => {
    const file = files.write('after-quote.csv', 'a,b\n"x"y,2\n');
    expectPlace(await readError(file), file, 2, 4, /unexpected character 'y' after the closing quote/);
  });

  it('bytes that are not UTF-8, at the character where they start', async () => {
    const bytes = Buffer.concat([
      Buffer.from('name,city\nA,Zürich\nB,'),
      Buffer.from([0x4d, 0xfc, 0x6e]),
      Buffer.from('chen\n'),
    ]);
    const file = files.write('latin1.csv', bytes);
    expectPlace(await readError(file), file, 3, 4, /not valid UTF-8 \(byte 0xfc\)/);
  });

  it('an empty file', async () => {
    const file = files.write('empty.csv', '');
    expectPlace(await readError(file), file, 1, 1, /the file is empty/);
    const blank = files.write('blank.csv', '\uFEFF\n\n');
    expectPlace(await readError(blank), blank, 1, 1, /the file is empty/);
  });

  it('a header without rows is read as 0 rows and reported as a warning, not an error', async () => {
    const file = files.write('header-only.csv', 'a,b,c\n');
    const dataset = await openDataset(file);
    let rows = 0;
    for await (const batch of dataset) rows += batch.length;
    expect(rows).toBe(0);
    expect(dataset.columns).toEqual(['a', 'b', 'c']);
    expect(dataset.files[0]?.rows).toBe(0);
    expect(dataset.warnings.map((warning) => warning.message)).toEqual([
      `${file}:1:1: the file has a header but no data rows — it adds nothing to the dataset; check that it was written completely`,
    ]);
  });

  it('duplicate header names, at the second one', async () => {
    const file = files.write('duplicate.csv', 'id,name,id\n1,x,2\n');
    expectPlace(await readError(file), file, 1, 9, /duplicate column name "id" \(also column 1\)/);
  });

  it('a malformed JSON line, with the column where parsing failed', async () => {
    const file = files.write('bad.jsonl', '{"a": 1, "b": "x"}\n{"a": 2, "b": }\n');
    expectPlace(await readError(file), file, 2, 15, /malformed JSON/);
  });

  it('a JSON line that is not an object', async () => {
    const file = files.write('array.jsonl', '{"a": 1}\n[1, 2]\n');
    expectPlace(await readError(file), file, 2, 1, /line is an array/);
  });

  it('a gzip file cut short, at the line reached', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${(i * 7919) % 10007}`).join('\n');
    const compressed = gzip(`a,b\n${rows}\n`);
    const file = files.write('cut.csv.gz', compressed.subarray(0, Math.floor(compressed.length / 2)));
    const error = await readError(file);
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/the gzip stream ends early/);
    expect(error.line).toBeGreaterThan(1);
    expect(error.line).toBeLessThan(5002);
  });

  it('a field longer than the limit without quotes', async () => {
    const file = files.write('long-field.csv', `a,b\n1,${'x'.repeat(5000)}\n`);
    expectPlace(
      await readError(file, { maxFieldBytes: 1000 }),
      file,
      2,
      3,
      /field is longer than 1000 bytes/,
    );
  });

  it('a path or glob that matches nothing', async () => {
    await expect(readAll(files.path('missing.csv'))).rejects.toThrow(/file not found/);
    await expect(readAll(files.path('nothing-*.csv'))).rejects.toThrow(/no files match the pattern/);
  });
});
