import { describe, expect, it } from 'vitest';
import { CellType, openDataset } from '../src/index';
import { readAll, scan, scratchDirectory } from './helpers';

const files = scratchDirectory();

/** A plain RFC 4180 parser over a whole string, to check the streaming reader against. */
function referenceParse(text: string, delimiter = ','): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    const blank = row.length === 1 && row[0] === '' && !quoted;
    if (!blank) {
      rows.push(row);
      lines.push(rowLine);
    }
    row = [];
    field = '';
    quoted = false;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        inQuotes = false;
        i++;
      } else {
        if (c === '\n') line++;
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      inQuotes = true;
      quoted = true;
      i++;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      quoted = false;
      i++;
    } else if (c === '\n' || c === '\r') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0 || quoted) endRow();
  return { rows, lines };
}

function quote(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

describe('reading CSV (RFC 4180)', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks', async () => {
    const file = files.write(
      'quoted.csv',
      'id,text,note\n1,"a, b","say ""hi"""\n2,"two\nlines",plain\n3,"",x\n',
    );
    const result = await readAll(file, { nullTokens: [] });
    expect(result.columns).toEqual(['id', 'text', 'note']);
    expect(result.rows).toEqual([
      ['1', 'a, b', 'say "hi"'],
      ['2', 'two\nlines', 'plain'],
      ['3', '', 'x'],
    ]);
    // Row 3 starts on physical line 5 because row 2 spans lines 3 and 4.
    expect(result.lines).toEqual([2, 3, 5]);
  });

  it('accepts CRLF, LF and CR line endings, a BOM, blank lines and a missing final newline', async () => {
    const file = files.write('endings.csv', '\uFEFFa,b\r\n1,2\r\n\r\n3,4\n5,6\r7,8');
    const result = await readAll(file);
    expect(result.columns).toEqual(['a', 'b']);
    expect(result.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
      ['7', '8'],
    ]);
    expect(result.lines).toEqual([2, 4, 5, 6]);
  });

  it('reads TSV by its extension, with quotes working the same way', async () => {
    const file = files.write('table.tsv', 'name\tvalue\n"tab\there"\t1\nplain, with comma\t2\n');
    const result = await readAll(file);
    expect(result.rows).toEqual([
      ['tab\there', '1'],
      ['plain, with comma', '2'],
    ]);
  });

  it('reads any delimiter the caller names', async () => {
    const file = files.write('semicolon.txt', 'a;b\n1,5;2\n');
    const result = await readAll(file, { format: 'csv', delimiter: ';' });
    expect(result.rows).toEqual([['1,5', '2']]);
  });

  it('gives the same rows as a whole-string parser whatever the chunk size', async () => {
    const pool = [
      '',
      'a',
      'b c',
      'x,y',
      'say "hi"',
      'two\nlines',
      'crlf\r\ninside',
      '12',
      '-3.5',
      'é€😀',
      '"',
      ',',
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    let text = 'first,second,third\n';
    for (let row = 0; row < 300; row++) {
      const cells = [0, 1, 2].map(() => {
        const value = pick(pool);
        const mustQuote = /[",\r\n]/.test(value) || value.startsWith('"');
        return mustQuote || random() < 0.2 ? quote(value) : value;
      });
      text += cells.join(',') + pick(['\n', '\r\n']);
      if (random() < 0.05) text += '\n';
    }
    const file = files.write('fuzz.csv', text);
    const expected = referenceParse(text);
    expect(expected.rows[0]).toEqual(['first', 'second', 'third']);
    for (const chunkBytes of [1, 2, 3, 5, 7, 64, 1 << 20]) {
      const result = await readAll(file, { chunkBytes, nullTokens: [] });
      expect(result.rows, `chunkBytes ${chunkBytes}`).toEqual(expected.rows.slice(1));
      expect(result.lines, `chunkBytes ${chunkBytes}`).toEqual(expected.lines.slice(1));
    }
  });

  it('splits into batches of at most maxBatchRows and keeps every row', async () => {
    const body = Array.from({ length: 1000 }, (_, i) => `${i},${i * 2}`).join('\n');
    const file = files.write('many.csv', `a,b\n${body}\n`);
    const result = await readAll(file, { maxBatchRows: 64, chunkBytes: 100 });
    expect(result.rows).toHaveLength(1000);
    expect(result.rows[999]).toEqual(['999', '1998']);
    expect(result.batches).toBeGreaterThanOrEqual(1000 / 64);
  });

  it('reads a 1 MB field and a row of 10,000 columns', async () => {
    const big = 'x'.repeat(1 << 20);
    const wide = Array.from({ length: 10_000 }, (_, i) => `c${i}`);
    const bigFile = files.write('big-field.csv', `id,text\n1,"${big}"\n2,${big}\n`);
    const result = await readAll(bigFile, { chunkBytes: 65536 });
    expect(result.rows.map((row) => row[1]?.length)).toEqual([1 << 20, 1 << 20]);

    const wideFile = files.write('wide.csv', `${wide.join(',')}\n${wide.map((_, i) => i).join(',')}\n`);
    const dataset = await openDataset(wideFile);
    let rows = 0;
    for await (const batch of dataset) {
      expect(batch.columns).toHaveLength(10_000);
      expect(batch.text(0, 9_999)).toBe('9999');
      rows += batch.length;
    }
    expect(rows).toBe(1);
  });

  it('classifies cells into null, integer, fractional, boolean, datetime and string', async () => {
    const file = files.write(
      'types.csv',
      'v\n12\n-3.5\n1e3\nTRUE\nfalse\n2024-02-29\n2024-02-30\n2021-03-04T05:06:07.5+01:00\nNA\n""\nhello\n" 7 "\n',
    );
    const dataset = await openDataset(file);
    for await (const batch of dataset) {
      const { types, values } = scan(batch, 0);
      expect(types).toEqual([
        CellType.Integer,
        CellType.Fractional,
        CellType.Fractional,
        CellType.Boolean,
        CellType.Boolean,
        CellType.Datetime,
        CellType.String, // February 30th does not exist
        CellType.Datetime,
        CellType.Null,
        CellType.Null,
        CellType.String,
        CellType.Integer, // surrounding spaces are ignored for numbers
      ]);
      expect(values.slice(0, 6)).toEqual([12, -3.5, 1000, 1, 0, Date.UTC(2024, 1, 29)]);
      expect(values[7]).toBe(Date.parse('2021-03-04T05:06:07.500+01:00'));
      expect(values[11]).toBe(7);
    }
  });

  it('reports the sha256 and row count of each file', async () => {
    const { createHash } = await import('node:crypto');
    const content = 'a,b\n1,2\n3,4\n';
    const file = files.write('digest.csv', content);
    const dataset = await openDataset(file);
    for await (const batch of dataset) void batch;
    expect(dataset.files).toEqual([
      {
        path: file,
        format: 'csv',
        compressed: false,
        bytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        rows: 2,
        columns: ['a', 'b'],
      },
    ]);
  });
});
