import { openDataset } from './dataset';
import type { ReadOptions } from './dataset';
import { TypedBatchReader, wantedColumns } from './typed-batch-reader';
import { readOnThread, type TypedReaderThread } from './typed-reader-thread';

/** How a column is wanted: as numbers (Float64Array, NaN = missing) or as codes of its texts. */
export type TypedColumnKind = 'number' | 'code';

export interface TypedColumnRequest {
  name: string;
  kind: TypedColumnKind;
}

/**
 * One batch of the wanted columns: numbers as a Float64Array (NaN for a missing cell), texts as
 * Int32Array codes into the column's `texts` (−1 for a missing cell). The arrays are the batch's own
 * (a consumer may keep them); `texts` grows across batches and stays valid for earlier codes.
 */
export interface TypedBatch {
  file: string;
  rows: number;
  /** Physical line of each row (Parquet: 1-based row number). */
  lines: Int32Array;
  numbers: Map<string, Float64Array>;
  codes: Map<string, Int32Array>;
  /** A code column's distinct texts, by code. */
  texts: Map<string, readonly string[]>;
}

export interface TypedColumnOptions extends ReadOptions {
  /**
   * What a cell that is not a number does in a 'number' column: 'error' (default) throws a DataError
   * at its file:line:column; 'null' reads it as missing and counts it in `notNumbers`.
   */
  notNumber?: 'error' | 'null';
  /** The error's problem and hint for a cell that is not a number (default: a generic one). */
  notNumberMessage?: (column: string, text: string) => { problem: string; hint: string };
  /** Called per column and batch with a count when `notNumber` is 'null'. */
  onNotNumber?: (column: string, count: number, first: { file: string; line: number; text: string }) => void;
  /**
   * The consumer is done with each batch before it asks for the next: the 'number' arrays and `lines`
   * are then written again for the next batch (copy what you keep), as are the reader's own arrays —
   * no fresh arrays per column and batch to allocate, zero and collect. Codes and texts are never
   * reused. Default false.
   */
  transient?: boolean;
  /**
   * With transient batches, large plain files are read and parsed on a worker thread (default: from
   * 32 MiB, where its start-up pays). False keeps the reading on the calling thread; `minBytes` sets
   * the size from which a worker reads, `reader` a thread started ahead (`TypedReaderThread.start`).
   */
  thread?: boolean | { minBytes?: number; reader?: TypedReaderThread };
}

/**
 * Streams the named columns of a dataset as typed arrays, batch by batch, with no JavaScript value
 * per cell: numbers come from the same byte scan the profile uses (`DataBatch.scanColumn`), texts as
 * ids of a per-column TextDictionary (a string per distinct text, not per cell). The scoring and
 * training paths hold millions of rows this way in a few bytes each. With transient batches, large
 * plain files (CSV, TSV, flat Parquet) are read and parsed on a worker thread while the caller works
 * on the batch before (see `typed-reader-thread.ts`): the same batches, errors and callbacks.
 */
export async function* streamTypedColumns(
  paths: string | readonly string[],
  requests: readonly TypedColumnRequest[],
  options: TypedColumnOptions = {},
): AsyncGenerator<TypedBatch> {
  // Scoring and training record no data digest here (the profile pass does): no sha256 of every byte.
  const dataset = await openDataset(paths as string[], {
    ...options,
    select: wantedColumns(requests).columnNames,
    hash: false,
    transientBatches: options.transient ?? false,
  });
  if (options.transient && options.thread !== false) {
    const threaded = await readOnThread(dataset, requests, options);
    if (threaded) {
      yield* threaded;
      return;
    }
  }
  const reader = new TypedBatchReader(requests, options);
  const reused = new Map<string, Float64Array>();
  for await (const batch of dataset) {
    const numberValues = reader.numberNames.map((name) => {
      let values = options.transient ? reused.get(name) : undefined;
      if (!values || values.length < batch.length) {
        values = new Float64Array(batch.length);
        if (options.transient) reused.set(name, values);
      }
      return values;
    });
    yield { file: batch.file, rows: batch.length, lines: batch.lines, ...reader.read(batch, numberValues) };
  }
  if (dataset.columns) reader.checkPresent(dataset.columns, dataset.paths[0] ?? '');
}
