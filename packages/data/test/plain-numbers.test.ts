import { describe, expect, it } from 'vitest';
import { scanColumns } from '../src/batch';
import { CellParser, CellType, openDataset, type ReadOptions } from '../src/index';
import { PlainNumberParser } from '../src/internal/number-parse';
import { scan, scratchDirectory } from './helpers';

/** classifyBytes alone, with the fast path out of the way: the reference the fast path must agree with. */
function reference(parser: CellParser, text: string): { type: number; value: number } {
  const bytes = Buffer.from(text, 'utf8');
  const type = parser.classifyBytes(bytes, 0, bytes.length);
  return { type, value: parser.value };
}

/** What CsvBatch.scanColumn does: the fast path, then classifyBytes when it declines. */
function scanned(parser: CellParser, text: string): { type: number; value: number } {
  const bytes = Buffer.from(`,${text},`, 'utf8');
  let type = parser.classifyPlainNumber(bytes, 1, bytes.length - 1);
  if (type < 0) type = parser.classifyBytes(bytes, 1, bytes.length - 1);
  return { type, value: parser.value };
}

/** Cells the fast paths must type and value as `classifyBytes` does (plain decimals or not). */
const CELLS = [
  '0',
  '-0',
  '7',
  '-7',
  '00012',
  '817.49',
  '-0.031',
  '7.',
  '.5',
  '-.5',
  '+5',
  '-',
  '1e5',
  '1.5E-3',
  ' 5',
  '5 ',
  '123456789012345',
  '1234567890123456',
  '9007199254740993',
  '0.1',
  '0.30000000000000004',
  '2017-06-05',
  '12:30',
  '1,5',
  'NA',
  '',
  'true',
  '99999999999999.9',
  '0.000000000000001',
];

describe('CellParser.classifyPlainNumber', () => {
  it('agrees with classifyBytes on type and value, declining what is not a plain decimal', () => {
    const parser = new CellParser();
    for (const cell of CELLS) {
      const expected = reference(parser, cell);
      const actual = scanned(parser, cell);
      expect({ cell, type: actual.type }).toEqual({ cell, type: expected.type });
      // Object.is: -0 must stay -0, and NaN must be NaN for non-numbers.
      expect(Object.is(actual.value, expected.value), `${cell}: ${actual.value} vs ${expected.value}`).toBe(
        true,
      );
    }
  });

  it('gives Number(text) for plain decimals, as integers or fractions', () => {
    const parser = new CellParser();
    const plain = ['0', '42', '-42', '817.49', '0.031', '17.1', '-273.15', '123456789.123456'];
    for (const cell of plain) {
      const bytes = Buffer.from(cell);
      const type = parser.classifyPlainNumber(bytes, 0, bytes.length);
      expect(type).toBe(cell.includes('.') ? CellType.Fractional : CellType.Integer);
      expect(parser.value).toBe(Number(cell));
    }
  });

  it('leaves cells that could be a null token to classifyBytes', () => {
    const parser = new CellParser(['-999', '']);
    const bytes = Buffer.from('-999');
    expect(parser.classifyPlainNumber(bytes, 0, bytes.length)).toBe(-1);
    expect(parser.classifyBytes(bytes, 0, bytes.length)).toBe(CellType.Null);
  });

  it('declines many random decimals only when classifyBytes would type them differently', () => {
    const parser = new CellParser();
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(next() * 17);
      const scale = Math.floor(next() * Math.min(digits, 16));
      let text = String(Math.floor(next() * 10 ** digits)).padStart(digits, '0');
      if (scale > 0) text = `${text.slice(0, digits - scale)}.${text.slice(digits - scale)}`;
      if (next() < 0.3) text = `-${text}`;
      const expected = reference(parser, text);
      const actual = scanned(parser, text);
      expect(actual.type).toBe(expected.type);
      expect(Object.is(actual.value, expected.value), text).toBe(true);
      expect(actual.value).toBe(Number(text));
    }
  });
});

describe('CsvBatch.scanColumns (plain numbers parsed in WebAssembly, 16 bytes at a time)', () => {
  const files = scratchDirectory();
  /** Whether some batch compared was found all plain numbers. */
  let allNumbersSeen = false;

  /** Every batch's columns scanned both ways: scanColumns against scanColumn, cell for cell. */
  async function compare(
    path: string,
    options: ReadOptions = {},
  ): Promise<{ cells: number; numbers: number }> {
    let cells = 0;
    let numbers = 0;
    for await (const batch of await openDataset(path, { ...options, maxBatchRows: 1500 })) {
      const columns = batch.columns.map((_, column) => column);
      const types = columns.map(() => new Uint8Array(batch.length));
      const values = columns.map(() => new Float64Array(batch.length));
      const allNumbers = scanColumns(batch, columns, types, values);
      let batchNumbers = 0;
      for (const column of columns) {
        const expected = scan(batch, column);
        for (let row = 0; row < batch.length; row++) {
          const where = `row ${row} column ${column}: ${batch.text(row, column)}`;
          expect(types[column]![row], where).toBe(expected.types[row]);
          expect(Object.is(values[column]![row], expected.values[row]), where).toBe(true);
          cells++;
          if (expected.types[row] === CellType.Integer || expected.types[row] === CellType.Fractional)
            batchNumbers++;
        }
      }
      // "Every cell is a plain number" only where it is so (and, in WebAssembly, found to be so).
      if (allNumbers) expect(batchNumbers).toBe(columns.length * batch.length);
      allNumbersSeen ||= allNumbers;
      numbers += batchNumbers;
    }
    return { cells, numbers };
  }

  /** Random cells: plain decimals of 1–17 digits (some signed, some with a dot), and the odd cases. */
  function randomCsv(rows: number, odd: readonly string[]): string {
    let seed = 777;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const decimal = () => {
      const digits = 1 + Math.floor(next() * 17);
      const scale = Math.floor(next() * Math.min(digits + 1, 16));
      let text = String(Math.floor(next() * 10 ** digits)).padStart(digits, '0');
      if (scale > 0)
        text = `${text.slice(0, Math.max(0, digits - scale))}.${text.slice(Math.max(0, digits - scale))}`;
      return next() < 0.3 ? `-${text}` : text;
    };
    const lines = ['a,b,c,d'];
    for (let row = 0; row < rows; row++) {
      const cell = () => (next() < 0.1 ? odd[Math.floor(next() * odd.length)]! : decimal());
      lines.push([cell(), cell(), `"${decimal()}"`, cell()].join(','));
    }
    return lines.join('\n') + '\n';
  }

  // CELLS as CSV cells (quoted where they hold a comma), and cells near the parser's 16-byte limit.
  const odd = [
    ...CELLS.map((cell) => (cell.includes(',') ? `"${cell}"` : cell)),
    '"5"""',
    '-12345678901234.5',
    '12345678901234.5',
    '1.2.3',
    '5-',
    '--5',
  ];

  it('types and values every cell as scanColumn does, to the bit', async () => {
    expect(PlainNumberParser.shared()).not.toBeNull();
    const { cells, numbers } = await compare(files.write('random.csv', randomCsv(6000, odd)));
    expect(cells).toBe(24_000);
    expect(numbers).toBeGreaterThan(15_000);
  });

  it('says when every cell scanned is a plain number, and only then', async () => {
    const rows = Array.from({ length: 3000 }, (_, row) => `${row},${(row / 7).toFixed(4)},-${row % 13}`);
    allNumbersSeen = false;
    await compare(files.write('plain.csv', `a,b,c\n${rows.join('\n')}\n`));
    expect(allNumbersSeen).toBe(true);
    rows[2222] = '2222,,5';
    allNumbersSeen = false;
    const { numbers } = await compare(files.write('one-empty.csv', `a,b,c\n${rows.join('\n')}\n`));
    expect(numbers).toBe(3 * 3000 - 1);
    // The batch with the empty cell says "maybe not" (compare checks that a "yes" is true); the others say yes.
    expect(allNumbersSeen).toBe(true);
  });

  it('leaves plain-looking cells to the JavaScript classifier when a null token looks like one', async () => {
    const csv = files.write('nulls.csv', 'a,b\n-999,1\n5,-999\n-999.5,7\n');
    await compare(csv, { nullTokens: ['-999', ''] });
    for await (const batch of await openDataset(csv, { nullTokens: ['-999', ''] })) {
      const types = [new Uint8Array(3), new Uint8Array(3)];
      scanColumns(batch, [0, 1], types, [new Float64Array(3), new Float64Array(3)]);
      expect([...types[0]!]).toEqual([CellType.Null, CellType.Integer, CellType.Fractional]);
      expect([...types[1]!]).toEqual([CellType.Integer, CellType.Null, CellType.Integer]);
    }
  });

  it('leaves rows of long texts to JavaScript, and fills runs of cells it left', async () => {
    const text = 'x'.repeat(500);
    const lines = ['n,note,m'];
    for (let row = 0; row < 3000; row++) {
      const missing = row % 100 < 10;
      lines.push(`${missing ? 'NA' : (row / 7).toFixed(3)},${text},${row % 50 < 20 ? '' : row}`);
    }
    const csv = files.write('long-texts.csv', lines.join('\n') + '\n');
    const { numbers } = await compare(csv);
    expect(numbers).toBeGreaterThan(3000);
    // Narrow rows (parsed in WebAssembly) with runs of nulls and texts, up to whole blocks of them.
    const narrow = ['n,m'];
    for (let row = 0; row < 5000; row++) {
      const run = row % 1500 < 1100 ? row % 37 < 9 : true;
      narrow.push(`${run ? (row % 2 ? 'NA' : 'n/a?') : (row / 3).toFixed(2)},${row}`);
    }
    const runs = await compare(files.write('runs.csv', narrow.join('\n') + '\n'));
    expect(runs.numbers).toBeGreaterThan(5000);
    // Parsed as a column of its own, the note's 500 bytes a row are too many per cell for the copy.
    for await (const batch of await openDataset(csv)) {
      const parser = PlainNumberParser.shared()!;
      const csvBatch = batch as unknown as {
        bytes: Uint8Array;
        starts: Int32Array;
        ends: Int32Array;
        escaped: Uint8Array;
      };
      const types = [new Uint8Array(batch.length)];
      const values = [new Float64Array(batch.length)];
      const args = [
        csvBatch.bytes,
        csvBatch.starts,
        csvBatch.ends,
        csvBatch.escaped,
        3,
        0,
        batch.length,
      ] as const;
      expect(parser.parse(...args, [0], types, values)).toBe(-1);
      break;
    }
  });

  it('parses the plain decimals itself, and returns only the others', () => {
    const parser = PlainNumberParser.shared()!;
    const texts = ['817.49', '-0', '7.', '1e5', '-12345678901234.5', '123456789012345'];
    const bytes = Buffer.from(texts.join(','));
    const starts = new Int32Array(texts.length);
    const ends = new Int32Array(texts.length);
    let at = 0;
    texts.forEach((text, i) => {
      starts[i] = at;
      ends[i] = at + text.length;
      at += text.length + 1;
    });
    const types = [new Uint8Array(1)];
    const values = [new Float64Array(1)];
    const parsed = texts.map((_, column) => {
      const unparsed = parser.parse(
        bytes,
        starts,
        ends,
        new Uint8Array(texts.length),
        texts.length,
        0,
        1,
        [column],
        types,
        values,
      );
      return { unparsed, type: types[0]![0], value: values[0]![0] };
    });
    expect(parsed.map((cell) => cell.unparsed)).toEqual([0, 0, 0, 1, 1, 0]);
    expect(parsed[0]).toMatchObject({ type: CellType.Fractional, value: 817.49 });
    expect(Object.is(parsed[1]!.value, -0)).toBe(true);
    expect(parsed[2]).toMatchObject({ type: CellType.Fractional, value: 7 });
    expect(parsed[5]).toMatchObject({ type: CellType.Integer, value: 123456789012345 });
  });
});
