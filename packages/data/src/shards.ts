import { closeSync, openSync, readSync } from 'node:fs';
import type { DataBatch } from './batch';
import type { BufferPool } from './buffer-pool';
import { CellParser, DEFAULT_NULL_TOKENS } from './cells';
import { CsvReader } from './internal/csv-reader';
import { readParquetShard } from './internal/parquet-file';

const MiB = 1 << 20;

/**
 * What every shard says of its file, cut by `Dataset.shards()` for a reader on another thread, which
 * reads the file itself. Plain data, so it can be posted to a worker as it is.
 */
interface FileShard {
  /** Position in the pass, from 0: shards of the first file first, each file's in order. */
  readonly sequence: number;
  /** The file, as the dataset names it, and its absolute path. */
  readonly file: string;
  readonly path: string;
  /** The file's header, and the dataset columns with where each sits in the file. */
  readonly header: readonly string[];
  readonly columns: readonly string[];
  readonly fileColumnOf: Int32Array;
}

/** A byte range of whole records (no header) of one delimited file. */
export interface RecordShard extends FileShard {
  /** Delimited text; a Parquet shard says 'parquet' (see DataShard). */
  readonly format: 'csv' | 'tsv';
  readonly delimiter: string;
  readonly start: number;
  readonly end: number;
  /**
   * The file line the shard starts on, for the first shard of a file; any other shard starts where the
   * one before it (same file) ended: its first line plus the line breaks `readRecordShard` counted.
   */
  readonly firstLine?: number;
}

/** Row groups of one flat Parquet file (read by `readParquetShard`). */
export interface ParquetShard extends FileShard {
  readonly format: 'parquet';
  /** Only these columns are decoded (see ReadOptions.select). */
  readonly select?: readonly string[];
  /** The row groups, [firstGroup, endGroup), and the rows of the file before them. */
  readonly firstGroup: number;
  readonly endGroup: number;
  readonly firstRow: number;
  /** The shard's first row number in the file (1-based), which the sharded pass places it by. */
  readonly firstLine: number;
  /** Compressed bytes of the row groups' columns (for progress). */
  readonly bytes: number;
}

/** What `Dataset.shards()` cuts: records of a delimited file, or row groups of a Parquet file. */
export type DataShard = RecordShard | ParquetShard;

export interface ShardReadOptions {
  readonly nullTokens?: readonly string[];
  readonly maxFieldBytes?: number;
  readonly maxBatchRows?: number;
  /** Bytes read from the file at a time; default 1 MiB. */
  readonly chunkBytes?: number;
  /**
   * The caller is done with each batch before it asks for the next (no batch or cell kept), so their
   * arrays are reused: less allocation and garbage collection. Default false.
   */
  readonly transientBatches?: boolean;
}

/**
 * Reads any shard as batches: a delimited one by `readRecordShard`, a Parquet one page by page (whose
 * batches are never transient; `pool` serves delimited shards only). Lines count from 1 at the shard's
 * start (for Parquet, rows); returns the rows read and the lines passed.
 */
export function readDataShard(
  shard: DataShard,
  options: ShardReadOptions = {},
  parser = new CellParser(options.nullTokens ?? DEFAULT_NULL_TOKENS),
  pool?: BufferPool,
): Generator<DataBatch, { rows: number; lines: number }> {
  if (shard.format === 'parquet') return readParquetShard(shard, parser, options.maxBatchRows ?? 65_536);
  return readRecordShard(shard, options, parser, pool);
}

/**
 * Reads one shard as batches, in chunks of `chunkBytes` (default 1 MiB) as a file is read, so memory
 * stays small whatever the shard's size. Line numbers — in `batch.lines` and in DataErrors — count from 1
 * at the shard's first byte: add the shard's absolute first line minus 1 to place them in the file.
 * Returns the rows read and the line breaks passed. With transient batches, `pool` lends the buffers
 * (the shards of one thread share them).
 */
export function* readRecordShard(
  shard: RecordShard,
  options: ShardReadOptions = {},
  parser = new CellParser(options.nullTokens ?? DEFAULT_NULL_TOKENS),
  pool?: BufferPool,
): Generator<DataBatch, { rows: number; lines: number }> {
  const transient = options.transientBatches ?? false;
  const limits = {
    maxFieldBytes: options.maxFieldBytes ?? 16 * MiB,
    maxBatchRows: options.maxBatchRows ?? 65_536,
  };
  const refuse = () => {
    throw new Error('a shard has its header already');
  };
  const reader = new CsvReader(shard.file, shard.delimiter.charCodeAt(0), parser, limits, refuse, {
    header: shard.header,
    columns: shard.columns,
    fileColumnOf: shard.fileColumnOf,
    reuseArrays: transient,
    pool: transient ? pool : undefined,
  });
  const chunkBytes = options.chunkBytes ?? MiB;
  // Transient batches: the reader copies what it keeps (CsvReader.holdsChunks), so one buffer serves.
  let spare: Buffer | null = null;
  const handle = openSync(shard.path, 'r');
  try {
    for (let at = shard.start; at < shard.end;) {
      const size = Math.min(chunkBytes, shard.end - at);
      const reuse = transient && !reader.holdsChunks;
      if (reuse && spare === null) spare = pool?.take(chunkBytes) ?? Buffer.allocUnsafeSlow(chunkBytes);
      const chunk = reuse ? (spare as Buffer).subarray(0, size) : Buffer.allocUnsafeSlow(size);
      const read = readSync(handle, chunk, 0, chunk.length, at);
      if (read === 0) throw new Error(`${shard.file} became shorter while it was read`);
      at += read;
      reader.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      for (let batch = reader.nextBatch(); batch !== null; batch = reader.nextBatch()) yield batch;
    }
  } finally {
    closeSync(handle);
  }
  reader.end();
  for (let batch = reader.nextBatch(); batch !== null; batch = reader.nextBatch()) yield batch;
  if (transient) {
    // The last batch is used up (transient batches): the buffers can serve the next shard.
    reader.releaseBuffers();
    pool?.give(spare);
  }
  return { rows: reader.rows, lines: reader.linesRead };
}
