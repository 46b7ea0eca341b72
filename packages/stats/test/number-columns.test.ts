import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CellType, openDataset } from '@mlops-actions/data';
import type { DataBatch } from '@mlops-actions/data';
import { NumberColumns, profileDataset } from '../src/profiles/index';
import type { ProfileOptions } from '../src/profiles/index';
import { runShardedPass } from '../src/profiles/sharded-pass';
import { numberBuffers, ShardNumberCollector } from '../src/profiles/number-columns';
import { testRandom } from './helpers';

const directory = mkdtempSync(join(tmpdir(), 'mlops-number-columns-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Ints, decimals with nulls, a numeric column with one stray text, a text column; and the cells' texts. */
function writeData(rows: number): { path: string; texts: Record<string, string[]> } {
  const random = testRandom(11);
  const texts: Record<string, string[]> = { id: [], amount: [], count: [], name: [] };
  const lines = ['id,amount,count,name'];
  for (let row = 0; row < rows; row++) {
    const cells = {
      id: String(row + 1),
      amount: random() < 0.1 ? '' : (random() * 2000 - 1000).toFixed(random() < 0.5 ? 4 : 1),
      count: row === Math.floor(rows * 0.7) ? 'n/a?' : String(Math.floor(random() * 50)),
      name: `"item, ${row % 97}"`,
    };
    for (const [name, text] of Object.entries(cells)) texts[name]!.push(text);
    lines.push([cells.id, cells.amount, cells.count, cells.name].join(','));
  }
  const path = join(directory, `data-${rows}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, texts };
}

/** The column as Number() reads each cell's text, empty = NaN: a second method, not our parser. */
function expected(texts: string[]): Float64Array {
  return Float64Array.from(texts, (text) => (text === '' ? Number.NaN : Number(text)));
}

const oneThread: ProfileOptions = { threads: 1 };
// 2 KiB read chunks: shards are cut within a chunk, so a small file still makes ~100 shards.
const sharded: ProfileOptions = {
  threads: 3,
  chunkBytes: 2048,
  sharding: { shardBytes: 1024, minBytes: 0, inline: true },
};

describe('NumberColumns: the profile pass hands back its parsed numbers', () => {
  for (const [pass, options] of [
    ['one thread', oneThread],
    ['sharded (3 lanes, 1 KiB shards)', sharded],
  ] as const) {
    it(`${pass}: numeric columns equal Number() of every cell in file order; a column with a non-number, or a text column, is refused`, async () => {
      const { path, texts } = writeData(3000);
      const numbers = new NumberColumns();
      const profile = await profileDataset(path, { ...options, numbers });
      expect(profile.rows).toBe(3000);
      expect(numbers.get('id')).toEqual(expected(texts['id']!));
      expect(numbers.get('amount')).toEqual(expected(texts['amount']!));
      expect(numbers.get('count')).toBeUndefined();
      expect(numbers.get('name')).toBeUndefined();
      expect(numbers.get('absent')).toBeUndefined();
    });
  }

  it('collects only the columns asked for, and answers nothing before the pass ends', async () => {
    const { path, texts } = writeData(500);
    const numbers = new NumberColumns(['amount']);
    expect(numbers.get('amount')).toBeUndefined();
    await profileDataset(path, { ...sharded, numbers });
    expect(numbers.get('amount')).toEqual(expected(texts['amount']!));
    expect(numbers.get('id')).toBeUndefined();
  });

  it('a sharded pass hands each result on in file order while it still cuts shards, not all at the end', async () => {
    const { path } = writeData(3000);
    const dataset = await openDataset(path, { chunkBytes: 2048 });
    const events: string[] = [];
    const shards = dataset.shards.bind(dataset);
    dataset.shards = async function* (bytes: number) {
      for await (const shard of shards(bytes)) {
        events.push(`cut ${shard.sequence}`);
        yield shard;
      }
    };
    const results: number[] = [];
    await runShardedPass(
      dataset,
      { columns: [], sketch: {}, read: {} },
      { threads: 2, shardBytes: 1024, inline: true },
      (result) => {
        results.push(result.sequence);
        events.push(`result ${result.sequence}`);
      },
    );
    const cuts = events.filter((event) => event.startsWith('cut')).length;
    expect(cuts).toBeGreaterThan(20);
    expect(results).toEqual(Array.from({ length: cuts }, (_, sequence) => sequence));
    // Shard 0's result is handed on within a few cuts (the queue's depth), not after the last one.
    expect(events.indexOf('result 0')).toBeLessThan(events.indexOf(`cut ${cuts - 1}`));
    expect(events.indexOf('result 0')).toBeLessThan(events.indexOf('cut 10'));
  });

  it('a lane fills the buffers handed back to it again, shard after shard, instead of new ones', async () => {
    const { path, texts } = writeData(3000);
    const dataset = await openDataset(path, { maxBatchRows: 500 });
    const collector = new ShardNumberCollector([0]);
    const seen = new Set<ArrayBufferLike>();
    const ids: number[] = [];
    let types = new Uint8Array(0);
    let values = new Float64Array(0);
    for await (const batch of dataset) {
      if (types.length < batch.length)
        [types, values] = [new Uint8Array(batch.length), new Float64Array(batch.length)];
      batch.scanColumn(0, types, values);
      collector.column(batch, 0, types, values);
      collector.endBatch(batch);
      const shard = collector.take();
      ids.push(...shard.values[0]!);
      seen.add(shard.values[0]!.buffer);
      collector.recycle(numberBuffers(shard));
    }
    expect(ids).toEqual(Array.from(expected(texts['id']!)));
    // Six batches of 500 rows: the first two takes allocate, later ones reuse what was handed back.
    expect(seen.size).toBeLessThanOrEqual(2);
  });

  it('shards of varying length, handed back a few shards late, reuse a bounded set of buffers', () => {
    const columns = [0, 1, 2];
    const collector = new ShardNumberCollector(columns);
    const random = testRandom(5);
    const seen = new Set<ArrayBufferLike>();
    const late: ArrayBuffer[][] = [];
    for (let shard = 0; shard < 200; shard++) {
      // About 8,000 rows a shard, as 2 MiB shards of a 30-column file are, give or take 3 %.
      const rows = 7_800 + Math.floor(random() * 480);
      const batch = { length: rows } as DataBatch;
      const types = new Uint8Array(rows).fill(CellType.Fractional);
      const values = Float64Array.from({ length: rows }, (_, row) => shard + row);
      for (const column of columns) collector.column(batch, column, types, values);
      collector.endBatch(batch);
      const numbers = collector.take();
      expect(numbers.values[0]![rows - 1]).toBe(shard + rows - 1);
      for (const values of numbers.values) seen.add(values!.buffer);
      // The pass hands them back once placed: here three shards later, as results wait in the queue.
      late.push(numberBuffers(numbers));
      if (late.length > 3) collector.recycle(late.shift()!);
    }
    // Five shards' arrays in flight (this one's and four waiting) and the first shard's, sized before
    // any shard was seen — not a new set every few shards, nor a pile of free ones that no longer fit.
    expect(seen.size).toBeLessThanOrEqual(columns.length * 6);
  });

  it('a compressed input profiled on one thread keeps no numbers, and says why', async () => {
    const { path } = writeData(500);
    const zipped = `${path}.gz`;
    writeFileSync(zipped, gzipSync(readFileSync(path)));
    const numbers = new NumberColumns();
    const profile = await profileDataset(zipped, { numbers });
    expect(profile.rows).toBe(500);
    expect(numbers.get('id')).toBeUndefined();
    expect(numbers.skipped).toMatch(/compressed/);
  });
});
