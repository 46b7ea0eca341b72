import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeProgress, ProgressMeter, profileDataset } from '../src/profiles/index';
import { validateDataset } from '../src/expectations/index';
import type { PassProgress } from '../src/profiles/index';

describe('ProgressMeter', () => {
  it('reports at most once per interval, with the totals so far, and never before the first interval', () => {
    let clock = 0;
    const seen: PassProgress[] = [];
    const meter = new ProgressMeter(
      (progress) => seen.push(progress),
      1000,
      10_000,
      () => clock,
    );
    meter.add(100, 10);
    clock = 9_999;
    meter.add(100, 10);
    expect(seen).toEqual([]);
    clock = 10_000;
    meter.add(50, 5);
    clock = 15_000;
    meter.add(50, 5);
    clock = 20_500;
    meter.add(1, 1);
    expect(seen).toEqual([
      { rows: 250, bytes: 25, totalBytes: 1000, elapsedMs: 10_000 },
      { rows: 301, bytes: 31, totalBytes: 1000, elapsedMs: 20_500 },
    ]);
  });

  it('reads as one log line', () => {
    expect(describeProgress('profiling', { rows: 12_300_000, elapsedMs: 20_400 })).toBe(
      'profiling: 12,300,000 rows, 20 s',
    );
    expect(
      describeProgress('Validating', {
        rows: 5_000_000,
        bytes: 1.25 * 2 ** 30,
        totalBytes: 5 * 2 ** 30,
        elapsedMs: 61_000,
      }),
    ).toBe('Validating: 5,000,000 rows, 1.3 of 5.0 GiB (25 %), 61 s');
    expect(
      describeProgress('p', { rows: 1, bytes: 3 * 2 ** 20, totalBytes: 12 * 2 ** 20, elapsedMs: 0 }),
    ).toBe('p: 1 rows, 3.0 of 12.0 MiB (25 %), 0 s');
  });
});

describe('progress of a pass', () => {
  const dir = mkdtempSync(join(tmpdir(), 'progress-'));
  const csv = join(dir, 'data.csv');
  const rows = 20_000;
  writeFileSync(
    csv,
    `x,label\n${Array.from({ length: rows }, (_, i) => `${i},${i % 3 === 0 ? 'a' : 'b'}`).join('\n')}\n`,
  );

  it('one thread: rows grow batch by batch to the total', async () => {
    const seen: PassProgress[] = [];
    await profileDataset(csv, {
      threads: 1,
      maxBatchRows: 1000,
      progressIntervalMs: 0,
      onProgress: (progress) => seen.push(progress),
    });
    expect(seen.length).toBe(rows / 1000);
    expect(seen.map((progress) => progress.rows)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i + 1) * 1000),
    );
    expect(seen[0]!.bytes).toBeUndefined();
  });

  it('sharded: rows and bytes reach the totals (all but the header, which no shard holds)', async () => {
    const seen: PassProgress[] = [];
    const options = {
      threads: 2,
      // 4 KiB chunks, so that the file is cut into many shards.
      chunkBytes: 4096,
      sharding: { shardBytes: 4096, minBytes: 0, inline: true },
      progressIntervalMs: 0,
      onProgress: (progress: PassProgress) => seen.push(progress),
    };
    const profile = await profileDataset(csv, options);
    const last = seen[seen.length - 1]!;
    expect(seen.length).toBeGreaterThan(10);
    expect(last.rows).toBe(profile.rows);
    const { statSync } = await import('node:fs');
    expect(last.totalBytes).toBe(statSync(csv).size);
    expect(last.bytes).toBe(statSync(csv).size - 'x,label\n'.length);
    // Each report adds one shard's rows and bytes: both only grow.
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.rows).toBeGreaterThan(seen[i - 1]!.rows);
      expect(seen[i]!.bytes!).toBeGreaterThan(seen[i - 1]!.bytes!);
    }
    // validate reads the same way and reports the same way.
    const validated: PassProgress[] = [];
    await validateDataset(
      csv,
      { expectation_suite_name: 's', expectations: [] },
      { ...options, onProgress: (progress) => validated.push(progress) },
    );
    expect(validated[validated.length - 1]!.rows).toBe(rows);
  });
});
