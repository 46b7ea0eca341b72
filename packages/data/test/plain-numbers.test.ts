import { describe, expect, it } from 'vitest';
import { CellParser, CellType } from '../src/index';

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

describe('CellParser.classifyPlainNumber', () => {
  const cells = [
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

  it('agrees with classifyBytes on type and value, declining what is not a plain decimal', () => {
    const parser = new CellParser();
    for (const cell of cells) {
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
