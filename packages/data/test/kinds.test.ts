import { describe, expect, it } from 'vitest';
import { CellParser, CellType, inferKind, inferKinds, parseValue } from '../src/index';
import { scratchDirectory } from './helpers';

const files = scratchDirectory();

function evidence(
  counts: Partial<Record<'null' | 'integer' | 'fractional' | 'boolean' | 'datetime' | 'string', number>>,
  strings = {},
) {
  const typeCounts = [
    counts.null ?? 0,
    counts.integer ?? 0,
    counts.fractional ?? 0,
    counts.boolean ?? 0,
    counts.datetime ?? 0,
    counts.string ?? 0,
  ];
  return { typeCounts, distinctStrings: 0, meanStringLength: 5, stringsWithSpaces: 0, ...strings };
}

describe('reading cell values', () => {
  it('parses numbers exactly as Number() does, fast path or not', () => {
    const parser = new CellParser();
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const texts = [
      '0',
      '-0',
      '007',
      '1e22',
      '1e23',
      '123456789012345678',
      '0.1',
      '.5',
      '5.',
      '-2.5E-3',
      '4.9e-324',
      '1.7976931348623157e308',
      // 16–19 digits, as pandas writes floats, and values on or next to a halfway point between doubles
      '0.30000000000000004',
      '9007199254740993',
      '9007199254740995',
      '4503599627370497.5',
      '18014398509481985',
      '1234567890123456789',
      '0.1000000000000000055511151231257827',
    ];
    for (let bits = 53; bits < 64; bits++) {
      for (let step = -2n; step <= 2n; step++) texts.push((2n ** BigInt(bits) + step).toString());
    }
    for (let i = 0; i < 2000; i++) {
      const value = (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
      texts.push(
        String(value),
        value.toFixed(Math.floor(random() * 12)),
        value.toExponential(Math.floor(random() * 16)),
      );
    }
    for (const text of texts) {
      const type = parser.classify(text);
      expect(type === CellType.Integer || type === CellType.Fractional, text).toBe(true);
      expect(Object.is(parser.value, Number(text)) || (parser.value === 0 && Number(text) === 0), text).toBe(
        true,
      );
    }
    for (const text of ['1,000', '1.2.3', '--1', '1e', 'e5', '0x10', 'Infinity', '-', '.', '1e400']) {
      expect(parser.classify(text), text).toBe(CellType.String);
    }
  });

  it('parses ISO 8601 datetimes as epoch milliseconds, like Date.parse', () => {
    const parser = new CellParser();
    for (const text of [
      '1970-01-01',
      '2000-02-29',
      '1969-12-31T23:59:59Z',
      '2021-06-15 08:30',
      '2021-06-15T08:30:15.123+05:30',
      '2021-06-15T08:30:15-0800',
    ]) {
      expect(parser.classify(text), text).toBe(CellType.Datetime);
      const iso =
        text.length === 10
          ? `${text}T00:00:00Z`
          : /[Z+-]\d*:?\d*$/.test(text.slice(10))
            ? text.replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2')
            : `${text.replace(' ', 'T')}Z`;
      expect(parser.value, text).toBe(Date.parse(iso));
    }
    for (const text of [
      '2021-13-01',
      '2021-02-29',
      '2021-06-15T25:00',
      '2021/06/15',
      '2021-06-15T08:30:15.',
    ]) {
      expect(parser.classify(text), text).toBe(CellType.String);
    }
  });

  it('reads null tokens as configured', () => {
    const standard = new CellParser();
    expect(['', 'NA', 'null', 'NaN', 'None'].map((text) => standard.classify(text))).toEqual([0, 0, 0, 0, 0]);
    expect(standard.classify('na')).toBe(CellType.String);
    const custom = new CellParser(['?', '-']);
    expect([custom.classify('?'), custom.classify('-'), custom.classify('NA'), custom.classify('')]).toEqual([
      CellType.Null,
      CellType.Null,
      CellType.String,
      CellType.String,
    ]);
  });

  it('parses a value by kind, undefined when it does not fit the kind', () => {
    expect(parseValue('3.5', 'numeric')).toBe(3.5);
    expect(parseValue('abc', 'numeric')).toBeUndefined();
    expect(parseValue('NA', 'numeric')).toBeNull();
    expect(parseValue('True', 'boolean')).toBe(true);
    expect(parseValue('2020-01-01', 'datetime')).toBe(Date.UTC(2020, 0, 1));
    expect(parseValue('12', 'categorical')).toBe('12');
  });
});

describe('column kinds', () => {
  it('follow the cells when every non-null cell agrees', () => {
    expect(inferKind(evidence({ integer: 5, fractional: 5, null: 3 }))).toBe('numeric');
    expect(inferKind(evidence({ boolean: 4 }))).toBe('boolean');
    expect(inferKind(evidence({ datetime: 4, null: 1 }))).toBe('datetime');
    expect(inferKind(evidence({ null: 9 }))).toBe('categorical');
  });

  it('fall back to categorical for mixed columns and to text for prose', () => {
    expect(inferKind(evidence({ integer: 97, string: 3 }))).toBe('categorical');
    expect(inferKind(evidence({ integer: 5, datetime: 5 }))).toBe('categorical');
    expect(inferKind(evidence({ string: 100 }, { distinctStrings: 8 }))).toBe('categorical');
    expect(inferKind(evidence({ string: 100 }, { meanStringLength: 80 }))).toBe('text');
    expect(inferKind(evidence({ string: 100 }, { distinctStrings: 95, stringsWithSpaces: 90 }))).toBe('text');
  });

  it('are inferred from the first rows of a file, and overrides win', async () => {
    const rows = Array.from(
      { length: 50 },
      (_, i) =>
        `${i},${i % 3 === 0 ? 'red' : 'blue'},${i % 2 === 0},2020-01-${String((i % 28) + 1).padStart(2, '0')},${i % 10 === 0 ? 'n/a' : i}`,
    );
    const file = files.write('kinds.csv', `id,color,flag,day,mixed\n${rows.join('\n')}\n`);
    expect(await inferKinds(file)).toEqual({
      id: 'numeric',
      color: 'categorical',
      flag: 'boolean',
      day: 'datetime',
      mixed: 'numeric',
    });
    const withQuestion = files.write('mixed.csv', `v\n1\n2\n?\n4\n`);
    expect(await inferKinds(withQuestion)).toEqual({ v: 'categorical' });
    expect(await inferKinds(withQuestion, { nullTokens: ['?'] })).toEqual({ v: 'numeric' });
    expect(await inferKinds(file, { kinds: { id: 'categorical' } })).toMatchObject({ id: 'categorical' });
    await expect(inferKinds(file, { kinds: { nope: 'numeric' } })).rejects.toThrow(
      /column "nope", which the data does not have/,
    );
  });
});
