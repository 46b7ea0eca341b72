import { describe, expect, it } from 'vitest';
import { streamTypedColumns } from '../src/index';
import type { TypedBatch, TypedColumnOptions } from '../src/index';
import { scratchDirectory } from './helpers';

const files = scratchDirectory();

/** Every batch copied as it comes: numbers, codes with their texts, lines; and the number arrays seen. */
async function read(path: string, options: TypedColumnOptions) {
  const numbers: number[] = [];
  const labels: (string | null)[] = [];
  const lines: number[] = [];
  const arrays = new Set<ArrayBufferLike>();
  let batches = 0;
  const stream: AsyncIterable<TypedBatch> = streamTypedColumns(
    path,
    [
      { name: 'x', kind: 'number' },
      { name: 'label', kind: 'code' },
    ],
    options,
  );
  for await (const batch of stream) {
    batches++;
    const x = batch.numbers.get('x')!;
    arrays.add(x.buffer);
    numbers.push(...x);
    const texts = batch.texts.get('label')!;
    labels.push(...Array.from(batch.codes.get('label')!, (code) => (code < 0 ? null : texts[code]!)));
    lines.push(...batch.lines.subarray(0, batch.rows));
  }
  return { numbers, labels, lines, arrays: arrays.size, batches };
}

describe('streamTypedColumns', () => {
  it('with transient batches reads the same values, codes and lines, writing its number arrays again', async () => {
    const rows = ['x,label,note'];
    for (let i = 0; i < 5000; i++) {
      const note = i % 11 === 0 ? '"two\nlines"' : `n${i}`;
      rows.push(`${i % 17 === 0 ? '' : (i * 0.37 - 400).toFixed(2)},${['yes', 'no', ''][i % 3]},${note}`);
    }
    const path = files.write('typed.csv', `${rows.join('\n')}\n`);
    const small = { maxBatchRows: 700, chunkBytes: 4096 };
    const fresh = await read(path, small);
    const transient = await read(path, { ...small, transient: true });
    expect(fresh.batches).toBeGreaterThan(10);
    expect(transient.numbers).toEqual(fresh.numbers);
    expect(transient.labels).toEqual(fresh.labels);
    expect(transient.lines).toEqual(fresh.lines);
    // Against the text itself: the cells as Number() reads them, empty = NaN.
    expect(fresh.numbers).toEqual(
      rows.slice(1).map((row) => (row.startsWith(',') ? NaN : Number(row.split(',')[0]))),
    );
    // A fresh array per batch without it; one array (grown at most a few times) with it.
    expect(fresh.arrays).toBe(fresh.batches);
    expect(transient.arrays).toBeLessThanOrEqual(3);
  });
});
