import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDataset, resolveDataFiles } from '../src/index';
import { gzip, readAll, readError, scratchDirectory } from './helpers';

const files = scratchDirectory();

describe('gzip-compressed files', () => {
  it('are detected by their magic bytes, with or without .gz, and hashed as stored', async () => {
    const text = 'a,b\n1,x\n2,y\n';
    const compressed = gzip(text);
    const named = files.write('named.csv.gz', compressed);
    const unnamed = files.write('unnamed.csv', compressed);
    for (const file of [named, unnamed]) {
      const dataset = await openDataset(file);
      const rows: (string | null)[][] = [];
      for await (const batch of dataset) rows.push(batch.values(1));
      expect(rows.flat()).toEqual(['x', 'y']);
      expect(dataset.files[0]).toMatchObject({
        compressed: true,
        bytes: compressed.length,
        sha256: createHash('sha256').update(compressed).digest('hex'),
        rows: 2,
      });
    }
  });

  it('with hash: false reads the same rows and sizes but hashes nothing (sha256 is empty)', async () => {
    const text = 'a,b\n1,x\n2,y\n';
    for (const [name, bytes] of [
      ['plain-nohash.csv', Buffer.from(text)],
      ['zipped-nohash.csv.gz', gzip(text)],
    ] as const) {
      const file = files.write(name, bytes);
      const dataset = await openDataset(file, { hash: false });
      const rows: (string | null)[][] = [];
      for await (const batch of dataset) rows.push(batch.values(1));
      expect(rows.flat()).toEqual(['x', 'y']);
      expect(dataset.files[0]).toMatchObject({ bytes: bytes.length, sha256: '', rows: 2 });
    }
  });

  it('reads JSON Lines inside gzip', async () => {
    const file = files.write('rows.jsonl.gz', gzip('{"a": 1}\n{"a": 2}\n'));
    expect((await readAll(file)).rows).toEqual([['1'], ['2']]);
  });
});

describe('several files as one dataset', () => {
  it('expands globs in sorted order and reads the files as one, columns in the first file order', async () => {
    files.write('part-2.csv', 'b,a\n4,3\n');
    files.write('part-1.csv', 'a,b\n1,2\n');
    files.write('part-3.csv.gz', gzip('a,b\n5,6\n'));
    const dataset = await openDataset(files.path('part-*.csv*'));
    expect(dataset.paths.map((path) => path.split('/').pop())).toEqual([
      'part-1.csv',
      'part-2.csv',
      'part-3.csv.gz',
    ]);
    const rows: string[][] = [];
    for await (const batch of dataset) {
      expect(batch.columns).toEqual(['a', 'b']);
      for (let row = 0; row < batch.length; row++)
        rows.push([batch.text(row, 0), batch.text(row, 1), batch.file]);
    }
    expect(rows.map((row) => row.slice(0, 2))).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(dataset.files.map((file) => file.rows)).toEqual([1, 1, 1]);
    expect(dataset.rowCount).toBe(3);
  });

  it('refuses files with other columns, naming both files', async () => {
    const first = files.write('left.csv', 'a,b\n1,2\n');
    const second = files.write('right.csv', 'a,c\n1,2\n');
    const error = await readError([first, second]);
    expect(error.file).toBe(second);
    expect(error.message).toContain(`columns differ from ${first}: missing "b"; unexpected "c"`);
  });

  it('takes a directory as all the data files in it, each file once', async () => {
    files.write('folder/x.csv', 'a\n1\n');
    files.write('folder/nested/y.csv', 'a\n2\n');
    files.write('folder/notes.txt', 'not data');
    const paths = await resolveDataFiles([files.path('folder'), files.path('folder/x.csv')]);
    expect(paths.map((path) => path.split('/').slice(-2).join('/'))).toEqual([
      'nested/y.csv',
      'folder/x.csv',
    ]);
    expect((await readAll(files.path('folder'))).rows).toEqual([['2'], ['1']]);
  });

  it('gives rows one by one too', async () => {
    const file = files.write('rows.csv', 'a,b\n1,\n2,z\n');
    const dataset = await openDataset(file);
    const rows = [];
    for await (const row of dataset.rows()) rows.push(row);
    expect(rows).toEqual([
      { file, line: 2, values: { a: '1', b: null } },
      { file, line: 3, values: { a: '2', b: 'z' } },
    ]);
  });
});
