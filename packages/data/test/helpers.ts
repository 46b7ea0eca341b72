import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll } from 'vitest';
import { DataError, openDataset } from '../src/index';
import type { DataBatch, ReadOptions } from '../src/index';

/** A scratch directory for one test file, removed after its tests. */
export function scratchDirectory(): {
  path: (name: string) => string;
  write: (name: string, content: string | Uint8Array) => string;
} {
  const directory = mkdtempSync(join(tmpdir(), 'mlops-data-test-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  return {
    path: (name) => join(directory, name),
    write: (name, content) => {
      const file = join(directory, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
  };
}

export function gzip(content: string | Uint8Array): Buffer {
  return gzipSync(typeof content === 'string' ? Buffer.from(content) : content);
}

export interface ReadResult {
  columns: readonly string[];
  rows: (string | null)[][];
  lines: number[];
  batches: number;
}

/** Reads a dataset into plain rows of text (null for null cells). */
export async function readAll(paths: string | string[], options: ReadOptions = {}): Promise<ReadResult> {
  const dataset = await openDataset(paths, options);
  const rows: (string | null)[][] = [];
  const lines: number[] = [];
  let columns: readonly string[] = [];
  let batches = 0;
  for await (const batch of dataset) {
    batches++;
    columns = batch.columns;
    const texts = batch.columns.map((_, column) => batch.values(column));
    for (let row = 0; row < batch.length; row++) {
      rows.push(texts.map((column) => column[row] as string | null));
      lines.push(batch.lines[row] as number);
    }
  }
  return { columns, rows, lines, batches };
}

/** The DataError a read raises (fails the test when it does not raise one). */
export async function readError(paths: string | string[], options: ReadOptions = {}): Promise<DataError> {
  try {
    await readAll(paths, options);
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError, but the data was read without one');
}

/** Types and numeric values of one column of a batch. */
export function scan(batch: DataBatch, column: number): { types: number[]; values: number[] } {
  const types = new Uint8Array(batch.length);
  const values = new Float64Array(batch.length);
  batch.scanColumn(column, types, values);
  return { types: Array.from(types), values: Array.from(values) };
}

/** Path of a file shipped in the vega-datasets package (real data for tests). */
export function vegaDataset(name: string): string {
  const entry = createRequire(import.meta.url).resolve('vega-datasets');
  return join(dirname(entry), '..', 'data', name);
}

/**
 * A Parquet file with a list column (not flat): id 1–3, tags [a, b], [], [c]. The schema is explicit:
 * from arrays alone, hyparquet-writer writes a flat JSON text column.
 */
export function listParquet(): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: [1, 2, 3] },
      { name: 'tags', data: [['a', 'b'], [], ['c']] },
    ],
    schema: [
      { name: 'root', num_children: 2 },
      { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
      { name: 'tags', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    ],
  });
  return new Uint8Array(buffer);
}
