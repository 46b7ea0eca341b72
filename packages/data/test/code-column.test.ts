import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { CellParser, CellType, openDataset, TextDictionary } from '../src/index';
import type { DataBatch } from '../src/index';
import { scan, scratchDirectory } from './helpers';

const files = scratchDirectory();

/** codeColumn's types, values and (non-null) texts, read through one dictionary across batches. */
function coded(batch: DataBatch, column: number, dictionary: TextDictionary) {
  const types = new Uint8Array(batch.length);
  const values = new Float64Array(batch.length);
  const codes = new Int32Array(batch.length).fill(-1);
  expect(batch.codeColumn?.(column, types, values, codes, dictionary)).toBe(true);
  return {
    types: Array.from(types),
    values: Array.from(values),
    texts: Array.from(codes, (code, row) => (types[row] === 0 ? null : dictionary.values[code])),
  };
}

describe('DataBatch.codeColumn', () => {
  // Every kind of cell a text column can hold, each twice so that the second is classified from the
  // dictionary, not by the parser: the types and values must be scanColumn's all the same.
  const cells = [
    'a',
    '',
    'NA',
    '5',
    '-0',
    '1.5',
    '1e3',
    'true',
    'FALSE',
    '2020-01-01',
    ' 7 ',
    '"quo""ted"',
    'é',
  ];
  const csv = `text,other\n${[...cells, ...cells].map((cell) => `${cell},x`).join('\n')}\n`;

  for (const format of ['csv', 'jsonl'] as const) {
    it(`gives scanColumn's types and values, and each non-null cell's text (${format})`, async () => {
      const path =
        format === 'csv'
          ? files.write('cells.csv', csv)
          : files.write(
              'cells.jsonl',
              [...cells, ...cells].map((cell) => JSON.stringify({ text: cell, other: 'x' })).join('\n'),
            );
      const dataset = await openDataset(path, { maxBatchRows: 5 });
      const dictionary = new TextDictionary(100);
      let batches = 0;
      for await (const batch of dataset) {
        batches++;
        const expected = scan(batch, 0);
        const actual = coded(batch, 0, dictionary);
        expect(actual.types).toEqual(expected.types);
        expect(actual.values.map((value) => (Object.is(value, -0) ? '-0' : value))).toEqual(
          expected.values.map((value) => (Object.is(value, -0) ? '-0' : value)),
        );
        const texts = batch.values(0);
        expect(actual.texts).toEqual(texts);
      }
      expect(batches).toBeGreaterThan(2);
    });
  }

  const parquetCases = [
    ['PLAIN', 'SNAPPY'],
    ['RLE_DICTIONARY', 'SNAPPY'],
    // Uncompressed pages: the texts view the bytes read, which must not be a buffer used again.
    ['PLAIN', 'UNCOMPRESSED'],
  ] as const;
  for (const [encoding, codec] of parquetCases) {
    it(`reads Parquet texts kept encoded (${encoding}, ${codec}) as their strings would be classified`, async () => {
      // Texts as Parquet stores them (bytes, or dictionary indexes), with missing values in between.
      const values = Array.from({ length: 600 }, (_, i) => (i % 9 === 4 ? null : cells[i % cells.length]!));
      const buffer = parquetWriteBuffer({
        columnData: [{ name: 'text', data: values, type: 'STRING', encoding }],
        codec,
        rowGroupSize: 250,
        pageSize: 256,
      });
      const path = files.write(`cells-${encoding}-${codec}.parquet`, new Uint8Array(buffer));
      // Expected apart from the reader: the parser's verdict on each string, as JSON values get it.
      const parser = new CellParser();
      const expectedTypes = values.map((value) => (value === null ? CellType.Null : parser.classify(value)));
      const expectedValues = values.map((value) =>
        value === null ? NaN : (parser.classify(value), parser.value),
      );
      const scanned: { types: number[]; values: number[] } = { types: [], values: [] };
      const codedTypes: number[] = [];
      const texts: (string | null)[] = [];
      const dictionary = new TextDictionary(100);
      let batches = 0;
      for await (const batch of await openDataset(path, { maxBatchRows: 40 })) {
        batches++;
        const { types, values: numbers } = scan(batch, 0);
        scanned.types.push(...types);
        scanned.values.push(...numbers);
        const actual = coded(batch, 0, dictionary);
        codedTypes.push(...actual.types);
        texts.push(...(actual.texts as (string | null)[]));
        expect(actual.texts).toEqual(batch.values(0));
      }
      expect(batches).toBeGreaterThan(15);
      expect(scanned.types).toEqual(expectedTypes);
      expect(scanned.values).toEqual(expectedValues);
      expect(codedTypes).toEqual(expectedTypes);
      expect(texts).toEqual(
        values.map((value, row) => (expectedTypes[row] === CellType.Null ? null : value)),
      );
      // A dictionary too small for the texts: codeColumn says so.
      const small = new TextDictionary(3);
      let refused = false;
      for await (const batch of await openDataset(path)) {
        const length = batch.length;
        const ok = batch.codeColumn?.(
          0,
          new Uint8Array(length),
          new Float64Array(length),
          new Int32Array(length),
          small,
        );
        refused ||= ok === false;
      }
      expect(refused).toBe(true);
    });
  }

  it('codes a column of many distinct texts (a table large enough to be read ahead) like its texts', async () => {
    // 12,000 distinct texts outgrow 256 KiB of slots, so codeColumn reads slots ahead; some quoted ones
    // (with doubled quotes) go through idOfText in between.
    const texts = Array.from({ length: 24_000 }, (_, i) =>
      i % 997 === 0 ? `"say ""${i % 12_000}"""` : `word ${(i * 7919) % 12_000}`,
    );
    const path = files.write('distinct.csv', `text\n${texts.join('\n')}\n`);
    const dictionary = new TextDictionary(65_536);
    let rows = 0;
    for await (const batch of await openDataset(path)) {
      expect(coded(batch, 0, dictionary).texts).toEqual(batch.values(0));
      rows += batch.length;
    }
    expect(rows).toBe(texts.length);
    expect(dictionary.prefetchPays).toBe(true);
  });

  it('returns false once the dictionary is full', async () => {
    const path = files.write(
      'many.csv',
      `text\n${Array.from({ length: 50 }, (_, i) => `t${i}`).join('\n')}\n`,
    );
    const dataset = await openDataset(path);
    const dictionary = new TextDictionary(10);
    for await (const batch of dataset) {
      const codes = new Int32Array(batch.length);
      expect(
        batch.codeColumn?.(
          0,
          new Uint8Array(batch.length),
          new Float64Array(batch.length),
          codes,
          dictionary,
        ),
      ).toBe(false);
    }
    expect(dictionary.size).toBe(10);
  });
});

describe('DataBatch.scanColumn with a row count', () => {
  for (const format of ['csv', 'jsonl'] as const) {
    it(`classifies only the first rows, as a full scan does (${format})`, async () => {
      const cells = ['1', 'x', 'NA', '2.5', 'true', '2020-01-01', '7', 'y'];
      const path =
        format === 'csv'
          ? files.write('limited.csv', `v\n${cells.join('\n')}\n`)
          : files.write('limited.jsonl', cells.map((cell) => JSON.stringify({ v: cell })).join('\n'));
      let checked = 0;
      for await (const batch of await openDataset(path)) {
        if (batch.length <= 5) continue;
        checked++;
        const full = scan(batch, 0);
        // Sentinels past the rows asked for must stay: the arrays may be shorter than the batch.
        const types = new Uint8Array(batch.length).fill(99);
        const values = new Float64Array(batch.length).fill(-123);
        batch.scanColumn(0, types, values, 5);
        expect(Array.from(types.subarray(0, 5))).toEqual(full.types.slice(0, 5));
        expect(Array.from(values.subarray(0, 5))).toEqual(full.values.slice(0, 5));
        expect(Array.from(types.subarray(5))).toEqual(new Array(batch.length - 5).fill(99));
        expect(Array.from(values.subarray(5))).toEqual(new Array(batch.length - 5).fill(-123));
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
