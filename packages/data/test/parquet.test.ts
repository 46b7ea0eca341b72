import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { CellType, openDataset } from '../src/index';
import { gzip, listParquet, readAll, readError, scan, scratchDirectory, vegaDataset } from './helpers';

const files = scratchDirectory();

function writeParquet(name: string, rowGroupSize = 1000): string {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: [1, 2, 3, 4], type: 'INT32' },
      { name: 'score', data: [0.5, null, 2.25, -1], type: 'DOUBLE' },
      { name: 'label', data: ['a', 'b', null, 'a'], type: 'STRING' },
      { name: 'flag', data: [true, false, true, null], type: 'BOOLEAN' },
      { name: 'at', data: [new Date(0), new Date(86_400_000), null, new Date(1_000)], type: 'TIMESTAMP' },
      { name: 'big', data: [1n, 2n, 3n, 4n], type: 'INT64' },
    ],
    rowGroupSize,
  });
  return files.write(name, new Uint8Array(buffer));
}

function writeListParquet(name: string): string {
  return files.write(name, listParquet());
}

describe('reading Parquet', () => {
  it('reads values by column, with nulls, booleans, timestamps and 64-bit integers', async () => {
    const file = writeParquet('small.parquet');
    const dataset = await openDataset(file);
    let rows = 0;
    for await (const batch of dataset) {
      expect(batch.columns).toEqual(['id', 'score', 'label', 'flag', 'at', 'big']);
      expect(scan(batch, 0)).toEqual({ types: [1, 1, 1, 1], values: [1, 2, 3, 4] });
      expect(scan(batch, 1).types).toEqual([
        CellType.Fractional,
        CellType.Null,
        CellType.Fractional,
        CellType.Integer,
      ]);
      expect(batch.values(2)).toEqual(['a', 'b', null, 'a']);
      expect(scan(batch, 3).types).toEqual([
        CellType.Boolean,
        CellType.Boolean,
        CellType.Boolean,
        CellType.Null,
      ]);
      expect(scan(batch, 4)).toEqual({ types: [4, 4, 0, 4], values: [0, 86_400_000, Number.NaN, 1000] });
      expect(scan(batch, 5).values).toEqual([1, 2, 3, 4]);
      expect(Array.from(batch.lines)).toEqual([1, 2, 3, 4]);
      rows += batch.length;
    }
    expect(rows).toBe(4);
    expect(dataset.files[0]).toMatchObject({ format: 'parquet', rows: 4, compressed: false });
  });

  it('splits row groups into batches and numbers rows across them', async () => {
    const file = writeParquet('groups.parquet', 3);
    const result = await readAll(file, { maxBatchRows: 2 });
    expect(result.rows.map((row) => row[0])).toEqual(['1', '2', '3', '4']);
    expect(result.lines).toEqual([1, 2, 3, 4]);
    expect(result.batches).toBe(3);
  });

  it('reads row groups of many pages page by page: batches end at pages, values as written', async () => {
    const n = 5000;
    const words = ['ship', 'store', 'odd', 'late'];
    // Independent of any reader: the values written, and their text as rows show them.
    const id = Array.from({ length: n }, (_, i) => i + 1);
    const amount = id.map((i) => (i % 17 === 0 ? null : i / 8));
    const label = id.map((i) => (i % 11 === 0 ? null : `${words[i % 4]} ${i % 97}`));
    const flag = id.map((i) => (i % 13 === 0 ? null : i % 3 === 0));
    const at = id.map((i) => (i % 19 === 0 ? null : new Date(i * 3_600_000)));
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: id, type: 'INT32' },
        { name: 'amount', data: amount, type: 'DOUBLE' },
        { name: 'label', data: label, type: 'STRING' },
        { name: 'flag', data: flag, type: 'BOOLEAN' },
        { name: 'at', data: at, type: 'TIMESTAMP' },
      ],
      rowGroupSize: 2000,
      // Small pages, of different row counts in each column: batches must end where any column's does.
      pageSize: 2048,
    });
    const file = files.write('pages.parquet', new Uint8Array(buffer));
    const result = await readAll(file, { maxBatchRows: 1000 });
    const text = (value: unknown) =>
      value === null ? null : value instanceof Date ? value.toISOString() : String(value);
    expect(result.rows).toEqual(
      id.map((_, row) => [id[row], amount[row], label[row], flag[row], at[row]].map(text)),
    );
    expect(result.lines).toEqual(id);
    // Three row groups of 1000-row batches would be 6 batches; pages of ~2 KiB cut them far finer.
    expect(result.batches).toBeGreaterThan(20);
  });

  it('64-bit integers: safe ones as numbers, with nulls; a page holding a larger one keeps every digit', async () => {
    const safe = [-5n, 2n ** 40n + 3n, null, -(2n ** 52n) + 7n, 2n ** 53n - 1n];
    const large = [1n, 1234567890123456789n, null];
    const file = files.write(
      'int64.parquet',
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [{ name: 'n', data: [...safe, ...large], type: 'INT64' }],
          rowGroupSize: 5,
        }),
      ),
    );
    const result = await readAll(file);
    const text = (value: bigint | null) => (value === null ? null : String(value));
    expect(result.rows.map((row) => row[0])).toEqual([...safe, ...large].map(text));
    const dataset = await openDataset(file);
    const scanned: number[] = [];
    const types: number[] = [];
    for await (const batch of dataset) {
      const { types: t, values } = scan(batch, 0);
      types.push(...t);
      scanned.push(...values);
    }
    expect(types).toEqual([1, 1, 0, 1, 1, 1, 1, 0]);
    expect(scanned.filter((_, i) => types[i] !== 0)).toEqual(
      [...safe, ...large].filter((value) => value !== null).map(Number),
    );
  });

  it('dictionary-encoded pages: numbers, 64-bit integers, texts and dates, with nulls, as written', async () => {
    const n = 3000;
    const rows = Array.from({ length: n }, (_, i) => i);
    const count = rows.map((i) => (i % 7 === 0 ? null : BigInt((i * 37) % 50) - 20n));
    const price = rows.map((i) => (i % 5 === 0 ? null : ((i * 13) % 40) / 4));
    const city = rows.map((i) => (i % 9 === 0 ? null : ['Oslo', 'Lima', 'Pune'][i % 3]!));
    // A dictionary holding an unsafe 64-bit integer keeps its BigInts (and every digit).
    const wide = rows.map((i) => (i % 2 === 0 ? 9007199254740993n : BigInt(i % 3)));
    const day = rows.map((i) => (i % 11 === 0 ? null : new Date(((i * 7) % 30) * 86_400_000)));
    const forced = 'RLE_DICTIONARY' as const;
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'count', data: count, type: 'INT64', encoding: forced },
        { name: 'price', data: price, type: 'DOUBLE', encoding: forced },
        { name: 'city', data: city, type: 'STRING', encoding: forced },
        { name: 'wide', data: wide, type: 'INT64', encoding: forced },
        { name: 'day', data: day, type: 'TIMESTAMP', encoding: forced },
      ],
      rowGroupSize: 1000,
      pageSize: 4096,
    });
    const file = files.write('dictionary.parquet', new Uint8Array(buffer));
    const result = await readAll(file, { maxBatchRows: 700 });
    const text = (value: unknown) =>
      value === null ? null : value instanceof Date ? value.toISOString() : String(value);
    expect(result.rows).toEqual(
      rows.map((row) => [count[row], price[row], city[row], wide[row], day[row]].map(text)),
    );
    const scanned: { types: number[]; values: number[] }[] = [];
    for await (const batch of await openDataset(file)) scanned.push(scan(batch, 0), scan(batch, 1));
    const counts = scanned.filter((_, i) => i % 2 === 0);
    const prices = scanned.filter((_, i) => i % 2 === 1);
    expect(counts.flatMap((part) => part.values)).toEqual(count.map((v) => (v === null ? NaN : Number(v))));
    expect(prices.flatMap((part) => part.types)).toEqual(
      price.map((v) =>
        v === null ? CellType.Null : Number.isInteger(v) ? CellType.Integer : CellType.Fractional,
      ),
    );
  });

  for (const encoding of ['PLAIN', 'RLE_DICTIONARY'] as const) {
    it(`dates and timestamps (days, micros, logical millis; ${encoding}) read as hyparquet's Dates would`, async () => {
      const days = [-1, 0, 19_000, null, 100_000_000, 100_000_001, 19_000];
      const micros = [-1500n, 1999n, -999n, 1_700_000_000_123_456n, null, 9_000_000_000_000_000_000n, 1999n];
      const millis = [0n, -1n, 1_700_000_000_123n, 86_400_000n, null, 8_640_000_000_000_001n, 0n];
      const buffer = parquetWriteBuffer({
        columnData: [
          { name: 'day', data: days, encoding },
          { name: 'at_us', data: micros, encoding },
          { name: 'at_ms', data: millis, encoding },
        ],
        schema: [
          { name: 'root', num_children: 3 },
          { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' },
          { name: 'at_us', type: 'INT64', converted_type: 'TIMESTAMP_MICROS', repetition_type: 'OPTIONAL' },
          {
            name: 'at_ms',
            type: 'INT64',
            logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
            repetition_type: 'OPTIONAL',
          },
        ],
      });
      const file = files.write(`times-${encoding}.parquet`, new Uint8Array(buffer));
      // Expected with BigInt arithmetic, as hyparquet's parsers compute them; past a Date's range: null.
      const expected = (raw: (number | bigint | null)[], toMillis: (value: bigint) => bigint) =>
        raw.map((value) => {
          if (value === null) return { type: CellType.Null, text: null };
          const ms = Number(toMillis(BigInt(value)));
          if (Math.abs(ms) > 8.64e15) return { type: CellType.Null, text: null };
          return { type: CellType.Datetime, value: ms, text: new Date(ms).toISOString() };
        });
      const columns = [
        expected(days, (value) => value * 86_400_000n),
        expected(micros, (value) => value / 1000n),
        expected(millis, (value) => value),
      ];
      const result = await readAll(file);
      expect(result.rows).toEqual(days.map((_, row) => columns.map((column) => column[row]!.text)));
      for await (const batch of await openDataset(file)) {
        columns.forEach((column, index) => {
          const { types, values } = scan(batch, index);
          expect(types).toEqual(column.map((cell) => cell.type));
          expect(values.filter((_, row) => types[row] !== CellType.Null)).toEqual(
            column.flatMap((cell) => (cell.type === CellType.Null ? [] : [cell.value])),
          );
        });
      }
    });
  }

  it('doubles: integers, fractions, -0, ±Infinity (strings) and missing values', async () => {
    const data = [1.5, -0, Infinity, -Infinity, null, 3];
    const buffer = parquetWriteBuffer({ columnData: [{ name: 'x', data, type: 'DOUBLE' }] });
    const file = files.write('doubles.parquet', new Uint8Array(buffer));
    for await (const batch of await openDataset(file)) {
      const { types, values } = scan(batch, 0);
      const { Integer, Fractional, Null } = CellType;
      expect(types).toEqual([Fractional, Integer, CellType.String, CellType.String, Null, Integer]);
      expect(values).toEqual([1.5, -0, NaN, NaN, NaN, 3]);
      expect(batch.values(0)).toEqual(['1.5', '0', 'Infinity', '-Infinity', null, '3']);
    }
  });

  it('decodes only the selected columns (`select`); the others read as null', async () => {
    const file = writeParquet('select.parquet', 3);
    const all = await readAll(file, { maxBatchRows: 2 });
    const some = await readAll(file, { maxBatchRows: 2, select: ['score', 'label', 'absent'] });
    expect(some.columns).toEqual(all.columns);
    expect(some.lines).toEqual(all.lines);
    // score and label as read whole; every other column null in every row.
    expect(some.rows).toEqual(
      all.rows.map((row) => row.map((cell, i) => (i === 1 || i === 2 ? cell : null))),
    );
    // A list column (read a row group at a time) too.
    const lists = writeListParquet('select-lists.parquet');
    expect((await readAll(lists, { select: ['tags'] })).rows).toEqual([
      [null, '["a","b"]'],
      [null, '[]'],
      [null, '["c"]'],
    ]);
    // CSV reads every column regardless.
    const csv = files.write('select.csv', 'a,b\n1,2\n');
    expect((await readAll(csv, { select: ['b'] })).rows).toEqual([['1', '2']]);
  });

  it('reads list columns (not flat) a row group at a time, each list as its JSON text', async () => {
    const file = writeListParquet('lists.parquet');
    const result = await readAll(file);
    expect(result.rows).toEqual([
      ['1', '["a","b"]'],
      ['2', '[]'],
      ['3', '["c"]'],
    ]);
  });

  it('reads a gzip-compressed Parquet file and hashes the compressed bytes', async () => {
    const { createHash } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    const compressed = gzip(readFileSync(writeParquet('plain.parquet')));
    const file = files.write('packed.parquet.gz', compressed);
    const dataset = await openDataset(file);
    let rows = 0;
    for await (const batch of dataset) rows += batch.length;
    expect(rows).toBe(4);
    expect(dataset.files[0]).toMatchObject({
      compressed: true,
      bytes: compressed.length,
      sha256: createHash('sha256').update(compressed).digest('hex'),
    });
  });

  it('reports a gzip-compressed Parquet file that is cut short', async () => {
    const { readFileSync } = await import('node:fs');
    const compressed = gzip(readFileSync(writeParquet('whole.parquet')));
    const file = files.write('cut.parquet.gz', compressed.subarray(0, compressed.length - 20));
    const error = await readError(file);
    expect(error.message).toMatch(new RegExp(`^${file}:1:1: the gzip stream ends early`));
  });

  it('reads real data: the first row group of vega-datasets flights-3m (ZSTD)', async () => {
    const dataset = await openDataset(vegaDataset('flights-3m.parquet'));
    for await (const batch of dataset) {
      expect(batch.columns).toEqual(['date', 'delay', 'distance', 'origin', 'destination']);
      expect(batch.length).toBe(65_536);
      expect(scan(batch, 0).types[0]).toBe(CellType.Datetime);
      expect(scan(batch, 1).types[0]).toBe(CellType.Integer);
      expect(batch.text(0, 3)).toMatch(/^[A-Z]{3}$/);
      break;
    }
  });

  it('refuses a file that is not Parquet', async () => {
    const file = files.write('fake.parquet', 'a,b\n1,2\n');
    const error = await readError(file);
    expect(error.message).toMatch(new RegExp(`^${file}:1:1: not a readable Parquet file`));
  });
});
