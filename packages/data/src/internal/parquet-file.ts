import { asyncBufferFromFile, parquetMetadataAsync, parquetScan, parquetSchema } from 'hyparquet';
import type { FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ValueBatch } from '../batch';
import type { CellParser } from '../cells';
import { DataError } from '../data-error';
import type { HeaderHandler } from './csv-reader';

/**
 * Batches of a Parquet file, one row group at a time (Parquet stores columns per row group, so a row
 * group is the unit that has to be decoded; memory is bounded by the largest one), split into batches
 * of at most `maxBatchRows`. `lines` are 1-based row numbers.
 */
export async function* readParquetFile(
  localPath: string,
  file: string,
  parser: CellParser,
  maxBatchRows: number,
  onHeader: HeaderHandler,
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
  const header = parquetSchema(metadata).children.map((child) => child.element.name);
  const { columns, fileColumnOf } = onHeader(header);
  const scan = await parquetScan({ file: buffer, metadata, compressors });
  let rows = 0;
  for (const range of scan.ranges) {
    let fileColumns: ArrayLike<unknown>[];
    try {
      fileColumns = await Promise.all(
        header.map((column) => scan.readColumn({ column, rowStart: range.rowStart, rowEnd: range.rowEnd })),
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
