import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDataset, type DataBatch } from '@mlops-actions/data';
import { BatchProfiler, type ProfiledColumn } from '../src/profiles/batch-profiler';

const directory = mkdtempSync(join(tmpdir(), 'batch-profiler-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The batch without `scanColumns`: every column scanned on its own, as before it existed. */
function oneColumnAtATime(batch: DataBatch): DataBatch {
  return {
    file: batch.file,
    columns: batch.columns,
    length: batch.length,
    lines: batch.lines,
    firstLine: batch.firstLine,
    codesFromBytes: batch.codesFromBytes,
    scanColumn: (column, types, values, rows) => batch.scanColumn(column, types, values, rows),
    codeColumn: batch.codeColumn?.bind(batch),
    text: (row, column) => batch.text(row, column),
    values: (column) => batch.values(column),
  };
}

describe('BatchProfiler scanning several columns at once', () => {
  it('gives the profile of scanning each column on its own, columns looked up and scanned interleaved', async () => {
    // 40 columns of 40,000 rows, with
    // columns the profiler looks up in a dictionary (few values, texts) between the scanned ones
    // (many distinct numbers), and numbers among texts.
    const columns = 40;
    const rows = 40_000;
    const kinds = Array.from({ length: columns }, (_, c) => c % 4);
    const lines = [kinds.map((_, c) => `c${c}`).join(',')];
    let seed = 9;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let row = 0; row < rows; row++) {
      const cells = kinds.map((kind) => {
        if (kind === 0) return (next() * 2000 - 1000).toFixed(4);
        if (kind === 1) return String(Math.floor(next() * 5));
        if (kind === 2) return next() < 0.01 ? 'n/a' : ['red', 'green', 'blue'][Math.floor(next() * 3)]!;
        return next() < 0.02 ? '' : next() < 0.01 ? 'oops' : (next() * 1e6).toFixed(1);
      });
      lines.push(cells.join(','));
    }
    const file = join(directory, 'mixed.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const profiled: ProfiledColumn[] = kinds.map((kind, index) => ({
      name: `c${index}`,
      index,
      kind: kind === 2 ? 'categorical' : 'numeric',
    }));
    // Scratch for three columns of a batch: the scanned columns go in groups of three.
    const batchRows = 4096;
    const together = new BatchProfiler(profiled, {}, 9 * batchRows * 3);
    const alone = new BatchProfiler(profiled, {});
    let batches = 0;
    for await (const batch of await openDataset(file, { maxBatchRows: batchRows })) {
      expect(batch.scanColumns).toBeDefined();
      together.add(batch);
      alone.add(oneColumnAtATime(batch));
      batches++;
    }
    expect(batches).toBeGreaterThan(9);
    const profile = together.profile.toJSON();
    expect(profile).toEqual(alone.profile.toJSON());
    expect(profile.columns['c3']!.count).toBe(rows);
  });
});
