import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { DataError, MAX_DICTIONARY_TEXTS, readColumns } from '../src/index';
import { readAll, scratchDirectory } from './helpers';

const files = scratchDirectory();

/** Each named column as `readAll` (batch.values, a string per cell) reads it. */
async function expectedColumns(path: string, names: string[]): Promise<Map<string, (string | null)[]>> {
  const { columns, rows } = await readAll(path);
  return new Map(names.map((name) => [name, rows.map((row) => row[columns.indexOf(name)] as string | null)]));
}

describe('readColumns', () => {
  it('reads the named columns whole: texts as written, nulls, quotes, and where each row came from', async () => {
    const lines = ['id,city,note,amount'];
    for (let id = 1; id <= 3000; id++) {
      const city = ['Oslo', 'Lima', 'Zürich', ''][id % 4];
      const note = id % 5 === 0 ? `"said ""hi"", twice"` : id % 7 === 0 ? 'NA' : `n${id % 13}`;
      lines.push(`${id},${city},${note},${id % 9 === 0 ? '' : (id / 8).toFixed(3)}`);
    }
    const path = files.write('columns.csv', `${lines.join('\n')}\n`);
    const names = ['note', 'city', 'amount'];
    const table = await readColumns(path, [...names, 'city']);
    expect(table.rows).toBe(3000);
    expect([...table.columns.keys()]).toEqual(names);
    expect(table.columns).toEqual(await expectedColumns(path, names));
    expect(table.columns.get('note')![4]).toBe('said "hi", twice');
    expect(table.locate(2999)).toEqual({ file: path, line: 3001 });
  });

  it('keeps reading a column with more distinct texts than a dictionary holds', async () => {
    const rows = MAX_DICTIONARY_TEXTS + 5000;
    const body = Array.from({ length: rows }, (_, i) => `${i},c${i % 3}`).join('\n');
    const path = files.write('many.csv', `id,category\n${body}\n`);
    const table = await readColumns(path, ['id', 'category']);
    const ids = table.columns.get('id')!;
    expect(ids.length).toBe(rows);
    expect(ids.every((text, row) => text === String(row))).toBe(true);
    expect(table.columns.get('category')!.every((text, row) => text === `c${row % 3}`)).toBe(true);
  });

  it('reads Parquet columns (decoding only those) and names a missing column at the header', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: [1, 2, 3, 4], type: 'INT32' },
        { name: 'label', data: ['a', null, 'b', 'a'], type: 'STRING' },
      ],
    });
    const path = files.write('columns.parquet', new Uint8Array(buffer));
    const table = await readColumns(path, ['label']);
    expect(table.columns.get('label')).toEqual(['a', null, 'b', 'a']);
    const error = await readColumns(path, ['label', 'price']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(/columns\.parquet:1:1: there is no column "price"/);
  });
});
