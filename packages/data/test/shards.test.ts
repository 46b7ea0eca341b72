import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { DataError, openDataset, readDataShard } from '../src/index';
import type { DataBatch, DataShard, ShardReadOptions } from '../src/index';
import { listParquet, scratchDirectory } from './helpers';

const scratch = scratchDirectory();

/**
 * Rows whose quoted notes hold line breaks (LF and CRLF), doubled quotes and delimiters, so most line
 * feeds of the file are inside quotes; also literal quotes inside unquoted fields, and blank lines.
 */
function awkwardCsv(rows: number, lineEnd = '\n'): string {
  const lines = ['id,note,amount,tag'];
  for (let id = 1; id <= rows; id++) {
    const breaks = id % 4;
    const note =
      breaks === 0 ? `plain ${id}` : `"line one of ${id}${'\nmore, "" text\r\nand more'.repeat(breaks)}"`;
    const tag = id % 7 === 0 ? `5" screen` : id % 11 === 0 ? '""' : `t${id % 3}`;
    lines.push(`${id},${note},${(id * 1.5).toFixed(1)},${tag}`);
    if (id % 13 === 0) lines.push('');
  }
  return lines.join(lineEnd) + lineEnd;
}

interface ReadRow {
  line: number;
  values: (string | null)[];
}

function rowsOf(batch: DataBatch, lineOffset = 0): ReadRow[] {
  const columns = batch.columns.map((_, column) => batch.values(column));
  return Array.from({ length: batch.length }, (_, row) => ({
    line: (batch.lines[row] as number) + lineOffset,
    values: columns.map((values) => values[row] as string | null),
  }));
}

/** Reads every shard as the sharded pass does: in order, placing each after the one before it. */
function readShards(
  shards: DataShard[],
  options: ShardReadOptions = {},
): { rows: ReadRow[]; rowsOfShard: number[] } {
  const rows: ReadRow[] = [];
  const rowsOfShard: number[] = [];
  let line = 1;
  for (const shard of shards) {
    const firstLine = shard.firstLine ?? line;
    const reading = readDataShard(shard, options);
    for (;;) {
      let next: ReturnType<typeof reading.next>;
      try {
        next = reading.next();
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        // Unplaced, a shard's error counts lines from the shard's start.
        const { file, line: shardLine, column, problem, hint } = error;
        throw new DataError({ file, line: firstLine + shardLine - 1, column }, problem, hint);
      }
      if (next.done) {
        line = firstLine + next.value.lines;
        rowsOfShard.push(next.value.rows);
        break;
      }
      rows.push(...rowsOf(next.value, firstLine - 1));
    }
  }
  return { rows, rowsOfShard };
}

async function readWhole(path: string | string[]): Promise<ReadRow[]> {
  const rows: ReadRow[] = [];
  for await (const batch of await openDataset(path)) rows.push(...rowsOf(batch));
  return rows;
}

async function collect(path: string | string[], targetBytes: number, chunkBytes: number) {
  const dataset = await openDataset(path, { chunkBytes });
  const shards: DataShard[] = [];
  for await (const shard of dataset.shards(targetBytes)) shards.push(shard);
  return { dataset, shards };
}

describe('shards of a delimited file', () => {
  it('are whole records: read shard by shard, the rows and their lines are those of one reader', async () => {
    const path = scratch.write('awkward.csv', awkwardCsv(400));
    // Tiny chunks and shards: most attempted cuts fall inside a quoted note.
    const { dataset, shards } = await collect(path, 700, 64);
    expect(shards.length).toBeGreaterThan(20);
    const { rows, rowsOfShard } = readShards(shards);
    expect(rows).toEqual(await readWhole(path));
    dataset.completeShards(rowsOfShard);
    expect(dataset.files.map(({ rows: count }) => count)).toEqual([400]);
    // The splitter reads through one reused buffer; the hash still covers every byte, header included.
    const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(dataset.files.map((file) => file.sha256)).toEqual([sha256]);
  });

  it('read the same with transient batches: reused chunk buffers, fields longer than a chunk', async () => {
    const path = scratch.write('awkward-transient.csv', awkwardCsv(400));
    const { shards } = await collect(path, 900, 64);
    // Chunks of 16 bytes: most records span several, so the reader keeps (copies) what it holds.
    const options = { transientBatches: true, chunkBytes: 16, maxBatchRows: 7 };
    expect(readShards(shards, options).rows).toEqual(await readWhole(path));
  });

  it('decode text in windows: long ASCII runs and non-ASCII cells read back the same', async () => {
    const notes = Array.from({ length: 3000 }, (_, i) =>
      i % 700 === 5 ? `naïve café ${i} — ü` : `note ${i} ${'x'.repeat(i % 90)}`,
    );
    const lines = ['id,note', ...notes.map((note, i) => `${i},${note}`)];
    const path = scratch.write('windows.csv', lines.join('\n') + '\n');
    const expected = notes.map((note, i) => [String(i), note]);
    const whole = (await readWhole(path)).map((row) => row.values);
    expect(whole).toEqual(expected);
    const { shards } = await collect(path, 40_000, 4096);
    const options = { transientBatches: true, chunkBytes: 1000, maxBatchRows: 2048 };
    expect(readShards(shards, options).rows.map((row) => row.values)).toEqual(expected);
  });

  it('keep CRLF line ends whole, so lines still count as one reader counts them', async () => {
    const path = scratch.write('crlf.csv', awkwardCsv(150, '\r\n'));
    const { shards } = await collect(path, 300, 50);
    expect(shards.length).toBeGreaterThan(10);
    expect(readShards(shards).rows).toEqual(await readWhole(path));
  });

  it('cover every file of a dataset, mapping columns to the first file order', async () => {
    const first = scratch.write('multi/a.csv', 'x,y\n1,"a\nb"\n2,c\n');
    const second = scratch.write('multi/b.csv', '\uFEFFy,x\n"d\n\ne",3\n');
    const empty = scratch.write('multi/c.csv', 'x,y\n');
    const { dataset, shards } = await collect([first, second, empty], 4, 3);
    const { rows, rowsOfShard } = readShards(shards);
    expect(rows).toEqual(await readWhole([first, second, empty]));
    dataset.completeShards(rowsOfShard);
    expect(dataset.files.map(({ rows: count }) => count)).toEqual([2, 1, 0]);
    expect(dataset.warnings.map((warning) => warning.message)).toEqual([
      expect.stringContaining('multi/c.csv:1:1: the file has a header but no data rows'),
    ]);
  });

  it.each([
    ['a row with an extra field', '999,extra,1.0,t1,oops'],
    ['a quote never closed', '999,"unclosed note,1.0,t1'],
  ])('report %s at the place one reader would, once the shard is placed', async (_, bad) => {
    const path = scratch.write('broken.csv', awkwardCsv(300).replace('\n250,', `\n${bad}\n250,`));
    const whole = await readWhole(path).catch((error: unknown) => error as DataError);
    expect(whole).toBeInstanceOf(DataError);
    const { shards } = await collect(path, 500, 64);
    let sharded: unknown = null;
    try {
      readShards(shards);
    } catch (error) {
      sharded = error;
    }
    expect((sharded as DataError).message).toBe((whole as DataError).message);
    expect((whole as DataError).line).toBeGreaterThan(500);
  });

  it('are offered only for plain CSV and TSV, and flat Parquet', async () => {
    const csv = scratch.write('plain.csv', 'a\n1\n');
    const jsonl = scratch.write('rows.jsonl', '{"a":1}\n');
    expect(await (await openDataset(csv)).shardableBytes()).toBe(4);
    expect(await (await openDataset([csv, jsonl])).shardableBytes()).toBeNull();
    const flat = scratch.write('flat.parquet', parquetFile(10, 5));
    const list = scratch.write('list.parquet', listParquet());
    expect(await (await openDataset([csv, flat])).shardableBytes()).toBe(4 + readFileSync(flat).length);
    expect(await (await openDataset([csv, list])).shardableBytes()).toBeNull();
  });
});

/** `rows` rows (a, b, c) in row groups of `groupRows`: numbers with nulls, texts of a few values. */
function parquetFile(rows: number, groupRows: number): Uint8Array {
  const a = Array.from({ length: rows }, (_, row) => (row % 7 === 3 ? null : row * 1.5));
  const b = Array.from({ length: rows }, (_, row) => (row % 5 === 0 ? null : `b${row % 4}`));
  const c = Array.from({ length: rows }, (_, row) => BigInt(row));
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'a', data: a, type: 'DOUBLE' },
      { name: 'b', data: b, type: 'STRING' },
      { name: 'c', data: c, type: 'INT64' },
    ],
    rowGroupSize: groupRows,
  });
  return new Uint8Array(buffer);
}

describe('shards of a Parquet file', () => {
  it('are whole row groups: read shard by shard, the rows and their numbers are those of one reader', async () => {
    const path = scratch.write('groups.parquet', parquetFile(2500, 300));
    const { dataset, shards } = await collect(path, 1, 1 << 20);
    // Nine row groups, one a shard (the target is a byte): the first row of each is placed.
    expect(shards.map((shard) => shard.firstLine)).toEqual([1, 301, 601, 901, 1201, 1501, 1801, 2101, 2401]);
    const { rows, rowsOfShard } = readShards(shards);
    expect(rows).toEqual(await readWhole(path));
    dataset.completeShards(rowsOfShard);
    expect(dataset.files.map(({ rows: count, format }) => [format, count])).toEqual([['parquet', 2500]]);
    const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(dataset.files.map((file) => file.sha256)).toEqual([sha256]);
  });

  it('hold groups up to the target size, and decode only the selected columns', async () => {
    const path = scratch.write('selected.parquet', parquetFile(2500, 300));
    const dataset = await openDataset(path, { select: ['b'] });
    const shards: DataShard[] = [];
    for await (const shard of dataset.shards(1 << 30)) shards.push(shard);
    expect(shards.length).toBe(1);
    const { rows } = readShards(shards);
    const whole = await readWhole(path);
    expect(rows).toEqual(whole.map(({ line, values }) => ({ line, values: [null, values[1]!, null] })));
  });
});
