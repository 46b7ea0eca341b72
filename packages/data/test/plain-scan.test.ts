import { describe, expect, it } from 'vitest';
import { PlainRecordScanner } from '../src/internal/csv-scan';
import { readAll, readError, scratchDirectory } from './helpers';

const files = scratchDirectory();
const scanner = PlainRecordScanner.shared();

/** A seeded xorshift32 in [0, 1): the same cases on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const PLAIN = 'abcdefghijklmnopqrstuvwxyz0123456789 .-_';

function plainField(next: () => number, longest: number): string {
  let text = '';
  for (let length = Math.floor(next() * (longest + 1)); length > 0; length--)
    text += PLAIN[Math.floor(next() * PLAIN.length)];
  return text;
}

/** Runs the scanner over all of `text` from `pos`; its fields as [start, end] pairs. */
function scanAll(
  text: string,
  expected: number,
  options: { pos?: number; maxRecords?: number; maxField?: number } = {},
) {
  const bytes = Buffer.from(text);
  const starts = new Int32Array(4096);
  const ends = new Int32Array(4096);
  const records = scanner!.scan(
    PlainRecordScanner.readerId(),
    0,
    bytes,
    options.pos ?? 0,
    bytes.length,
    expected,
    44,
    options.maxField ?? 1 << 20,
    starts,
    ends,
    0,
    options.maxRecords ?? 1000,
  );
  const fields = Array.from({ length: records * expected }, (_, i) => [starts[i], ends[i]]);
  return { records, fields, next: scanner!.next };
}

describe('the SIMD scanner of plain CSV records', () => {
  it('is available on this Node (WebAssembly SIMD)', () => {
    expect(scanner).not.toBeNull();
  });

  it('finds every field, across 16-byte blocks, where walking the text byte by byte does', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const columns = 1 + Math.floor(next() * 7);
      const rows = 1 + Math.floor(next() * 40);
      const lines = Array.from({ length: rows }, () =>
        Array.from({ length: columns }, () => plainField(next, seed % 3 === 0 ? 40 : 6)).join(','),
      );
      const text = `${lines.join('\n')}\n`;
      // The reference: every field's byte range, by walking the text.
      const expected: number[][] = [];
      let start = 0;
      for (let at = 0; at < text.length; at++) {
        if (text[at] === ',' || text[at] === '\n') {
          expected.push([start, at]);
          start = at + 1;
        }
      }
      const result = scanAll(text, columns);
      // A blank line (one empty field) is the JavaScript reader's: the scan stops before it.
      const firstBlank = lines.findIndex((line) => columns === 1 && line === '');
      const scanned = firstBlank < 0 ? rows : firstBlank;
      expect(result.records, `seed ${seed}`).toBe(scanned);
      expect(result.fields).toEqual(expected.slice(0, scanned * columns));
      const resume = lines.slice(0, scanned).reduce((sum, line) => sum + line.length + 1, 0);
      expect(result.next).toBe(resume);
    }
  });

  it('stops before a record the JavaScript reader must read, keeping the ones before it', () => {
    const head = 'a,b,c\nd,e,f\n';
    const at = head.length;
    for (const [what, record] of [
      ['a quote', 'g,"h",i\n'],
      ['a CR', 'g,h,i\r\n'],
      ['a blank line', '\n'],
      ['too few fields', 'g,h\n'],
      ['too many fields', 'g,h,i,j\n'],
      ['no line feed yet', 'g,h,i'],
    ] as const) {
      const result = scanAll(
        `${head}${record}x,y,z\n`.slice(0, what === 'no line feed yet' ? at + 5 : undefined),
        3,
      );
      expect(result.records, what).toBe(2);
      expect(result.next, what).toBe(at);
    }
    // A field longer than the limit, and a batch that is full.
    expect(scanAll(`${head}ggggg,h,i\n`, 3, { maxField: 4 })).toMatchObject({ records: 2, next: at });
    expect(scanAll(`${head}g,h,i\n`, 3, { maxRecords: 2 })).toMatchObject({ records: 2, next: at });
    // From the middle of the bytes: positions stay the caller's.
    expect(scanAll(`${head}g,h,i\n`, 3, { pos: at })).toMatchObject({
      records: 1,
      fields: [
        [at, at + 1],
        [at + 2, at + 3],
        [at + 4, at + 5],
      ],
      next: at + 6,
    });
  });
});

describe('reading CSV with the scanner', () => {
  it('reads plain and quoted records, CRLF and blank lines exactly as written, across chunks and batches', async () => {
    const next = random(99);
    const rows: string[][] = [];
    const lines: number[] = [];
    let text = 'a,b,c,d\n';
    let line = 2;
    for (let row = 0; row < 3000; row++) {
      const values = Array.from({ length: 4 }, () => `v${plainField(next, 12)}`);
      const roll = next();
      let record: string;
      if (roll < 0.05) {
        // A quoted field with a delimiter, a doubled quote and a line break inside.
        values[1] = `x,"y"\nz${row}`;
        record = [values[0], `"${values[1]!.replaceAll('"', '""')}"`, values[2], values[3]].join(',');
      } else {
        record = values.join(',');
      }
      rows.push(values);
      lines.push(line);
      line += record.split('\n').length;
      text += record + (roll > 0.97 ? '\r\n' : '\n');
      if (next() < 0.01) {
        text += '\n';
        line++;
      }
    }
    const file = files.write('mixed.csv', text);
    const result = await readAll(file, { chunkBytes: 4096, maxBatchRows: 100 });
    expect(result.columns).toEqual(['a', 'b', 'c', 'd']);
    expect(result.rows).toEqual(rows);
    expect(result.lines).toEqual(lines);
  });

  it('a ragged row among plain ones is still an error at its line and column', async () => {
    const body = Array.from({ length: 500 }, (_, i) => `${i},x${i},y`).join('\n');
    const file = files.write('ragged.csv', `a,b,c\n${body}\n7,8\n9,9,9\n`);
    const error = await readError(file);
    expect(error.message).toMatch(new RegExp(`^${file}:502:4: row has 2 fields but the header has 3`));
  });
});
