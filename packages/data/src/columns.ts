import { DataError } from './data-error';
import { openDataset } from './dataset';
import type { ReadOptions } from './dataset';

/** Some columns of a dataset, read whole: cell texts (null = missing) and where each row came from. */
export interface ColumnTable {
  rows: number;
  columns: Map<string, (string | null)[]>;
  /** File and physical line of each row, for errors that point at the data. */
  locate(row: number): { file: string; line: number };
}

/**
 * Reads the named columns of a dataset into memory (for scoring and evaluation, which need every
 * row at once); other columns are skipped. A missing column is a DataError at the file's header.
 */
export async function readColumns(
  paths: string | readonly string[],
  names: readonly string[],
  options: ReadOptions = {},
): Promise<ColumnTable> {
  const wanted = [...new Set(names)];
  // Parquet decodes only these columns; the header check below still sees every column.
  const dataset = await openDataset(paths as string[], { ...options, select: wanted });
  // The header is known once reading starts: check the columns against the first file's.
  const checkColumns = (present: readonly string[], file: string) => {
    for (const name of wanted) {
      if (!present.includes(name)) {
        throw new DataError(
          { file, line: 1, column: 1 },
          `there is no column "${name}"`,
          `the columns are ${present.join(', ')}`,
        );
      }
    }
  };
  const columns = new Map(wanted.map((name) => [name, [] as (string | null)[]]));
  const origins: { file: string; firstRow: number; lines: Int32Array }[] = [];
  let rows = 0;
  for await (const batch of dataset) {
    if (origins.length === 0) checkColumns(batch.columns, batch.file);
    origins.push({ file: batch.file, firstRow: rows, lines: batch.lines });
    for (const name of wanted) {
      const values = batch.values(batch.columns.indexOf(name));
      const target = columns.get(name)!;
      for (const value of values) target.push(value);
    }
    rows += batch.length;
  }
  if (origins.length === 0 && dataset.columns) checkColumns(dataset.columns, dataset.paths[0] ?? '');
  return {
    rows,
    columns,
    locate(row) {
      let low = 0;
      let high = origins.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (origins[mid]!.firstRow <= row) low = mid;
        else high = mid - 1;
      }
      const origin = origins[low]!;
      return { file: origin.file, line: origin.lines[row - origin.firstRow] ?? 0 };
    },
  };
}
