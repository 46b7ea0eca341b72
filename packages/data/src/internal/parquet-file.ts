import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  asyncBufferFromFile,
  parquetMetadata,
  parquetMetadataAsync,
  parquetScan,
  parquetSchema,
} from 'hyparquet';
import type { FileMetaData } from 'hyparquet';
import { isFlatColumn } from 'hyparquet/src/schema.js';
import { compressors } from 'hyparquet-compressors';
import { ValueBatch } from '../batch';
import type { CellParser } from '../cells';
import { DataError } from '../data-error';
import type { ParquetShard } from '../shards';
import type { HeaderHandler } from './csv-reader';
import { ColumnPages } from './parquet-pages';

/**
 * Batches of a Parquet file (with `select`, only those columns are decoded; the others read as null).
 * A file of flat columns (the usual table) is read row group by row group and, within one, page by page
 * for each column the dataset reads (`ColumnPages`): a batch ends where a column's page does, so memory
 * holds a page per column whatever the row groups' size. Nested columns (lists, structs) are decoded a
 * whole row group at a time by hyparquet: memory is then bounded by the largest row group.
 * Batches hold at most `maxBatchRows` rows; `lines` are 1-based row numbers.
 */
export async function* readParquetFile(
  localPath: string,
  file: string,
  parser: CellParser,
  maxBatchRows: number,
  onHeader: HeaderHandler,
  select?: readonly string[],
): AsyncGenerator<ValueBatch, { rows: number; header: readonly string[] }> {
  const buffer = await asyncBufferFromFile(localPath);
  const metadata = await readMetadata(buffer, file);
  const schema = parquetSchema(metadata);
  const header = parquetHeader(metadata);
  const { columns, fileColumnOf } = onHeader(header);
  const decoded = decodedColumns(header, fileColumnOf, select);
  const selected = select ? new Set(select) : null;
  if (isFlatSchema(schema)) {
    const handle = openSync(localPath, 'r');
    try {
      return yield* readFlatParquet(handle, metadata, {
        file,
        header,
        columns,
        fileColumnOf,
        parser,
        maxBatchRows,
        decoded,
        groups: [0, metadata.row_groups.length],
        firstRow: 0,
        linesFrom: 0,
      });
    } finally {
      closeSync(handle);
    }
  }
  const scan = await parquetScan({ file: buffer, metadata, compressors });
  let rows = 0;
  for (const range of scan.ranges) {
    let fileColumns: ArrayLike<unknown>[];
    const groupRows = range.rowEnd - range.rowStart;
    try {
      fileColumns = await Promise.all(
        header.map((column) =>
          selected === null || selected.has(column)
            ? scan.readColumn({ column, rowStart: range.rowStart, rowEnd: range.rowEnd })
            : missingColumn(groupRows),
        ),
      );
    } catch (error) {
      throw new DataError(
        { file, line: range.rowStart + 1, column: 1 },
        `cannot decode the row group starting at row ${range.rowStart + 1} (${(error as Error).message})`,
        'the file may be damaged or use an unsupported encoding; rewrite it with a current Parquet writer',
      );
    }
    const columnData = columns.map(
      (_, column) => fileColumns[fileColumnOf[column] as number] as ArrayLike<unknown>,
    );
    for (let start = range.rowStart; start < range.rowEnd; start += maxBatchRows) {
      const length = Math.min(maxBatchRows, range.rowEnd - start);
      const lines = new Int32Array(length);
      for (let row = 0; row < length; row++) lines[row] = start + row + 1;
      rows += length;
      yield new ValueBatch(file, columns, columnData, length, lines, parser, start - range.rowStart);
    }
  }
  return { rows, header };
}

/** A Parquet file's metadata, from its footer; a DataError at row 1 when it is not readable Parquet. */
export async function readParquetMetadata(localPath: string, file: string): Promise<FileMetaData> {
  return readMetadata(await asyncBufferFromFile(localPath), file);
}

function readMetadata(buffer: Parameters<typeof parquetMetadataAsync>[0], file: string) {
  return parquetMetadataAsync(buffer).catch((error: unknown) => {
    throw new DataError(
      { file, line: 1, column: 1 },
      `not a readable Parquet file (${(error as Error).message})`,
      'check that the file is Parquet and complete, or name the format explicitly',
    );
  });
}

/** The file's column names, in order. */
export function parquetHeader(metadata: FileMetaData): string[] {
  return parquetSchema(metadata).children.map((child) => child.element.name);
}

/**
 * Whether every column of the file is flat — no groups and no repeated fields (a repeated primitive is
 * a list), as hyparquet defines it — so that row groups are read page by page, and can be shards.
 */
export function hasFlatColumns(metadata: FileMetaData): boolean {
  return isFlatSchema(parquetSchema(metadata));
}

function isFlatSchema(schema: ReturnType<typeof parquetSchema>): boolean {
  return schema.children.every((child) => isFlatColumn([schema, child]));
}

/** Whether dataset column `column` is decoded: every one unless the reader selected some. */
function decodedColumns(
  header: readonly string[],
  fileColumnOf: Int32Array,
  select: readonly string[] | undefined,
): (column: number) => boolean {
  const selected = select ? new Set(select) : null;
  return (column) => selected === null || selected.has(header[fileColumnOf[column] as number]!);
}

/** The last file's footer, parsed: the shards a thread reads are mostly of one file. */
let lastMetadata: { key: string; metadata: FileMetaData } | null = null;

/**
 * Reads a shard's row groups as batches, page by page, synchronously (a worker thread's reader).
 * Rows count from 1 at the shard's first row, in `lines` and in DataErrors, as in a delimited shard;
 * messages name rows of the file. Returns the rows read (and as many lines).
 */
export function* readParquetShard(
  shard: ParquetShard,
  parser: CellParser,
  maxBatchRows: number,
): Generator<ValueBatch, { rows: number; lines: number }> {
  const handle = openSync(shard.path, 'r');
  try {
    const metadata = footerMetadata(handle, shard);
    const { header, columns, fileColumnOf } = shard;
    const reading = readFlatParquet(handle, metadata, {
      file: shard.file,
      header,
      columns,
      fileColumnOf,
      parser,
      maxBatchRows,
      decoded: decodedColumns(header, fileColumnOf, shard.select),
      groups: [shard.firstGroup, shard.endGroup],
      firstRow: shard.firstRow,
      linesFrom: shard.firstRow,
    });
    const { rows } = yield* reading;
    return { rows, lines: rows };
  } finally {
    closeSync(handle);
  }
}

/** The file's metadata, read from its footer with synchronous reads (cached for the last file). */
function footerMetadata(handle: number, shard: ParquetShard): FileMetaData {
  const { size, mtimeMs } = fstatSync(handle);
  const key = `${shard.path}\0${size}\0${mtimeMs}`;
  if (lastMetadata?.key === key) return lastMetadata.metadata;
  const fail = (problem: string): never => {
    // Line 1 of the file once the pass places the shard's lines (it adds the shard's first row).
    throw new DataError(
      { file: shard.file, line: 1 - shard.firstRow, column: 1 },
      `not a readable Parquet file (${problem})`,
      'the file changed while it was read, or is damaged',
    );
  };
  if (size < 12) fail('the file is too short');
  const tail = Buffer.alloc(8);
  readFully(handle, tail, size - 8);
  const footerBytes = tail.readUInt32LE(0);
  if (footerBytes + 12 > size) fail(`its footer length ${footerBytes} exceeds the file`);
  const footer = Buffer.alloc(footerBytes + 8);
  readFully(handle, footer, size - footer.length);
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(footer);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (shard.endGroup > metadata.row_groups.length) fail('it has fewer row groups than when it was opened');
  lastMetadata = { key, metadata };
  return metadata;
}

function readFully(handle: number, into: Buffer, position: number): void {
  for (let done = 0; done < into.length;) {
    const read = readSync(handle, into, done, into.length - done, position + done);
    if (read === 0) throw new Error('the file became shorter while it was read');
    done += read;
  }
}

/** What `readFlatParquet` reads, and how it numbers the rows. */
interface FlatRead {
  readonly file: string;
  readonly header: readonly string[];
  readonly columns: readonly string[];
  readonly fileColumnOf: Int32Array;
  readonly parser: CellParser;
  readonly maxBatchRows: number;
  readonly decoded: (column: number) => boolean;
  /** The row groups read, [first, end). */
  readonly groups: readonly [number, number];
  /** Rows of the file before the first group read (messages name rows of the file). */
  readonly firstRow: number;
  /**
   * Subtracted from each row's 1-based number in the file for `lines` and DataErrors: 0, or a shard's
   * first row.
   */
  readonly linesFrom: number;
}

/** Row groups of a file whose columns are all flat: group by group, page by page (see `ColumnPages`). */
function* readFlatParquet(
  handle: number,
  metadata: FileMetaData,
  read: FlatRead,
): Generator<ValueBatch, { rows: number; header: readonly string[] }> {
  const { file, header, columns, fileColumnOf, parser, maxBatchRows, decoded, linesFrom } = read;
  const schema = parquetSchema(metadata);
  let rows = read.firstRow;
  for (const group of metadata.row_groups.slice(read.groups[0], read.groups[1])) {
    const groupRows = Number(group.num_rows);
    const groupStart = rows;
    const fail = (error: unknown, row: number): never => {
      throw new DataError(
        { file, line: row + 1 - linesFrom, column: 1 },
        `cannot decode the row group starting at row ${groupStart + 1} (${(error as Error).message})`,
        'the file may be damaged or use an unsupported encoding; rewrite it with a current Parquet writer',
      );
    };
    let pages: (ColumnPages | null)[] = [];
    try {
      pages = columns.map((_, column) => {
        if (!decoded(column)) return null;
        const name = header[fileColumnOf[column] as number]!;
        const chunk = group.columns.find((candidate) => candidate.meta_data?.path_in_schema[0] === name);
        if (!chunk?.meta_data) throw new Error(`the row group has no data for column "${name}"`);
        if (chunk.file_path) throw new Error('column data in another file is not supported');
        const child = schema.children.find((candidate) => candidate.element.name === name)!;
        return new ColumnPages(handle, chunk.meta_data, [schema, child], compressors);
      });
    } catch (error) {
      fail(error, groupStart);
    }
    for (let row = 0; row < groupRows;) {
      let length = Math.min(maxBatchRows, groupRows - row);
      try {
        for (const column of pages) {
          if (column === null) continue;
          const left = column.remaining();
          if (left === 0)
            throw new Error(`a column chunk ends after ${row} of the group's ${groupRows} rows`);
          length = Math.min(length, left);
        }
      } catch (error) {
        fail(error, groupStart + row);
      }
      const lines = new Int32Array(length);
      for (let i = 0; i < length; i++) lines[i] = groupStart + row + i + 1 - linesFrom;
      const offsets = pages.map((column) => column?.at ?? 0);
      yield new ValueBatch(
        file,
        columns,
        pages.map((column) => column?.values ?? missingColumn(length)),
        length,
        lines,
        parser,
        offsets,
      );
      for (const column of pages) if (column) column.at += length;
      row += length;
    }
    rows += groupRows;
  }
  return { rows: rows - read.firstRow, header };
}

let missing = new Float64Array(0);

/**
 * The values of a column the reader did not select: `length` nulls (NaN reads as null), shared, since
 * nothing writes to it. Not decoding a column is most of what selecting saves: hyparquet decodes a
 * page of every column whether or not it is read.
 */
function missingColumn(length: number): Float64Array {
  if (missing.length < length) missing = new Float64Array(length).fill(Number.NaN);
  return missing;
}
