import { closeSync, openSync } from 'node:fs';
import { asyncBufferFromFile, parquetMetadataAsync, parquetScan, parquetSchema } from 'hyparquet';
import type { FileMetaData } from 'hyparquet';
import { isFlatColumn } from 'hyparquet/src/schema.js';
import { compressors } from 'hyparquet-compressors';
import { ValueBatch } from '../batch';
import type { CellParser } from '../cells';
import { DataError } from '../data-error';
import type { HeaderHandler } from './csv-reader';
import { ColumnPages } from './parquet-pages';

/**
 * Batches of a Parquet file (with `select`, only those columns are decoded; the others read as null).
 * A file of flat columns (the usual table) is read row group by row group and, within one, page by page
 * for each column the dataset reads (`ColumnPages`): a batch ends where a column's page does, so memory
 * holds a page per column whatever the row groups' size. Nested columns (lists, structs) are decoded a
 * whole row group at a time by hyparquet, as before: memory is then bounded by the largest row group.
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
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw new DataError(
      { file, line: 1, column: 1 },
      `not a readable Parquet file (${(error as Error).message})`,
      'check that the file is Parquet and complete, or name the format explicitly',
    );
  }
  const schema = parquetSchema(metadata);
  const header = schema.children.map((child) => child.element.name);
  const { columns, fileColumnOf } = onHeader(header);
  const selected = select ? new Set(select) : null;
  // Whether dataset column `column` is decoded: every one unless the reader selected some.
  const decoded = (column: number) =>
    selected === null || selected.has(header[fileColumnOf[column] as number]!);
  // Flat: no groups and no repeated fields (a repeated primitive is a list), as hyparquet defines it.
  if (schema.children.every((child) => isFlatColumn([schema, child]))) {
    return yield* readFlatParquet(
      localPath,
      file,
      metadata,
      schema,
      header,
      columns,
      fileColumnOf,
      parser,
      maxBatchRows,
      decoded,
    );
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

/** A file whose columns are all flat: row group by row group, page by page (see `ColumnPages`). */
function* readFlatParquet(
  localPath: string,
  file: string,
  metadata: FileMetaData,
  schema: ReturnType<typeof parquetSchema>,
  header: readonly string[],
  columns: readonly string[],
  fileColumnOf: Int32Array,
  parser: CellParser,
  maxBatchRows: number,
  decoded: (column: number) => boolean,
): Generator<ValueBatch, { rows: number; header: readonly string[] }> {
  const handle = openSync(localPath, 'r');
  let rows = 0;
  try {
    for (const group of metadata.row_groups) {
      const groupRows = Number(group.num_rows);
      const groupStart = rows;
      const fail = (error: unknown, row: number): never => {
        throw new DataError(
          { file, line: row + 1, column: 1 },
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
        for (let i = 0; i < length; i++) lines[i] = groupStart + row + i + 1;
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
  } finally {
    closeSync(handle);
  }
  return { rows, header };
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
