// streamTypedColumns reading on a worker thread: a small entry, bundled as the actions are (workers run
// the entry bundle again), run with node once reading on this thread, once on a worker, and compared.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleDirectory, bundleEntry } from '../../../test/support/worker-bundle';

const directory = bundleDirectory('typed-reader-test');
let bundle = '';

// Reads the files with transient batches of 500 rows (many batches, so the worker's two buffers go
// back and forth), copying what each batch holds; prints the batches, or the error, as JSON.
const ENTRY = `
import { streamTypedColumns, TypedReaderThread } from '@mlops-actions/data';
const [mode, notNumber, ...files] = process.argv.slice(2);
// 'ahead': a reader started before the read (as evaluate starts one); 'unused': one never read on.
const reader = mode === 'ahead' || mode === 'unused' ? TypedReaderThread.start() : null;
if ((mode === 'ahead' || mode === 'unused') && !reader) throw new Error('no reader thread started');
const requests = [
  { name: 'age', kind: 'number' },
  { name: 'score', kind: 'number' },
  { name: 'country', kind: 'code' },
  { name: 'age', kind: 'code' },
  { name: 'id', kind: 'code' },
  ...(notNumber === 'missing' ? [{ name: 'nope', kind: 'number' }] : []),
];
const batches = [];
const notNumbers = [];
try {
  for await (const batch of streamTypedColumns(files, requests, {
    transient: true,
    maxBatchRows: 500,
    thread: mode === 'worker' ? { minBytes: 0 } : mode === 'ahead' ? { minBytes: 0, reader } : false,
    notNumber: notNumber === 'missing' ? 'error' : notNumber,
    notNumberMessage: (column, text) => ({ problem: 'column ' + column + ' holds ' + text, hint: 'mend it' }),
    onNotNumber: (column, count, first) => notNumbers.push({ column, count, first }),
  })) {
    batches.push({
      file: batch.file,
      rows: batch.rows,
      lines: [...batch.lines],
      numbers: Object.fromEntries([...batch.numbers].map(([name, values]) => [name, [...values].map(String)])),
      codes: Object.fromEntries([...batch.codes].map(([name, codes]) => [name, [...codes]])),
      texts: Object.fromEntries([...batch.texts].map(([name, texts]) => [name, [...texts]])),
    });
  }
  console.log(JSON.stringify({ batches, notNumbers }));
} catch (error) {
  console.log(JSON.stringify({ error: error.name + ': ' + error.message }));
} finally {
  reader?.release();
}
`;

function read(
  mode: 'worker' | 'ahead' | 'unused' | 'here',
  notNumber: 'error' | 'null' | 'missing',
  files: string[],
  node: string[] = [],
) {
  return JSON.parse(
    execFileSync(process.execPath, [...node, bundle, mode, notNumber, ...files], { encoding: 'utf8' }),
  ) as { batches?: { rows: number; lines: number[] }[]; notNumbers?: unknown[]; error?: string };
}

/** `rows` rows of mixed cells: quoted fields over two lines (so lines and rows part), blanks, ties. */
function writeCsv(name: string, rows: number, bad?: { row: number; cell: string }): string {
  const lines = ['id,age,note,score,country'];
  for (let id = 1; id <= rows; id++) {
    const note = id % 5 === 0 ? `"two\nlines, ""quoted"" ${id}"` : `note ${id % 13}`;
    const age = id === bad?.row ? bad.cell : id % 17 === 0 ? '' : String(18 + ((id * 7) % 70));
    const score = ((id * 7919) % 10_007) / 97;
    lines.push(`${id},${age},${note},${score},${['US', 'DE', 'FR', ''][id % 4]}`);
  }
  const path = join(directory, name);
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return path;
}

beforeAll(async () => {
  bundle = await bundleEntry(directory, ENTRY);
}, 120_000);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('typed columns read on a worker thread', () => {
  it('gives the batches of a one-thread read, across files, and the worker did the reading', () => {
    const files = [writeCsv('a.csv', 4_321), writeCsv('b.csv', 1_234)];
    const profiles = join(directory, 'cpu-profiles');
    const threaded = read('worker', 'error', files, ['--cpu-prof', `--cpu-prof-dir=${profiles}`]);
    const here = read('here', 'error', files);
    expect(here.error).toBeUndefined();
    expect(threaded).toEqual(here);
    const batches = here.batches!;
    expect(batches.reduce((sum, batch) => sum + batch.rows, 0)).toBe(4_321 + 1_234);
    // Row 5 sits on line 6 and spans two: the next row is on line 8.
    expect(batches[0]!.lines.slice(3, 6)).toEqual([5, 6, 8]);
    expect(batches[9]!.lines[0]).toBe(2); // b.csv's first row
    // One CPU profile per thread (…<pid>.<thread id>.<sequence>.cpuprofile); the worker's read the rows.
    const worker = readdirSync(profiles).find((name) => !/\.0\.\d+\.cpuprofile$/.test(name));
    expect(worker).toBeDefined();
    const { nodes } = JSON.parse(readFileSync(join(profiles, worker!), 'utf8')) as {
      nodes: { callFrame: { functionName: string } }[];
    };
    expect(nodes.some((node) => node.callFrame.functionName === 'serveTypedReads')).toBe(true);
    // A reader started ahead reads the same; one released unread lets the process end as it would.
    expect(read('ahead', 'error', files)).toEqual(here);
    expect(read('unused', 'error', files)).toEqual(here);
  });

  it('fails at the file, line and column of a cell that is not a number, in the caller’s words', () => {
    const files = [writeCsv('ok.csv', 600), writeCsv('bad.csv', 3_000, { row: 2_222, cell: 'n/a?' })];
    const here = read('here', 'error', files);
    expect(here.error).toMatch(/^DataError: .*bad\.csv:\d+:2: column age holds n\/a\? — mend it$/);
    expect(read('worker', 'error', files)).toEqual(here);
    expect(read('ahead', 'error', files)).toEqual(here);
  });

  it('counts such cells as nulls where asked, with the same first place', () => {
    const files = [writeCsv('nulls.csv', 2_000, { row: 1_500, cell: 'unknown' })];
    const here = read('here', 'null', files);
    expect(here.notNumbers).toEqual([
      { column: 'age', count: 1, first: { file: files[0], line: expect.any(Number), text: 'unknown' } },
    ]);
    expect(read('worker', 'null', files)).toEqual(here);
  });

  it('fails as one thread does on a column the files lack, before reading', () => {
    const files = [writeCsv('lacking.csv', 700)];
    const here = read('here', 'missing', files);
    expect(here.error).toMatch(/^DataError: .*lacking\.csv:1:1: there is no column "nope"/);
    expect(read('worker', 'missing', files)).toEqual(here);
    expect(read('ahead', 'missing', files)).toEqual(here);
  });

  it('reads Parquet row groups on the worker as one thread does (null cells, several groups)', () => {
    const rows = 3_100;
    const path = join(directory, 'data.parquet');
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: Array.from({ length: rows }, (_, i) => String(i + 1)), type: 'STRING' },
        {
          name: 'age',
          data: Array.from({ length: rows }, (_, i) => (i % 17 === 0 ? null : 18 + (i % 70))),
          type: 'DOUBLE',
        },
        {
          name: 'score',
          data: Array.from({ length: rows }, (_, i) => ((i * 7919) % 10_007) / 97),
          type: 'DOUBLE',
        },
        {
          name: 'country',
          data: Array.from({ length: rows }, (_, i) => ['US', 'DE', 'FR', null][i % 4]!),
          type: 'STRING',
        },
      ],
      rowGroupSize: 700,
    });
    writeFileSync(path, new Uint8Array(buffer));
    const here = read('here', 'error', [path]);
    expect(here.error).toBeUndefined();
    expect(here.batches!.reduce((sum, batch) => sum + batch.rows, 0)).toBe(rows);
    expect(read('worker', 'error', [path])).toEqual(here);
  });

  it('fails as one thread does on a row of the wrong width', () => {
    const path = writeCsv('ragged.csv', 2_000);
    writeFileSync(path, readFileSync(path, 'utf8') + '2001,40,note,1.5,US,extra\r\n');
    const here = read('here', 'error', [path]);
    expect(here.error).toMatch(/ragged\.csv:\d+:\d+: row has more fields/);
    expect(read('worker', 'error', [path])).toEqual(here);
  });
});
