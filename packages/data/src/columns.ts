import type { DataBatch } from './batch';
import { CellType } from './cells';
import { DataError } from './data-error';
import { RowOrigins } from './row-origins';
import { openDataset } from './dataset';
import type { ReadOptions } from './dataset';
import { MAX_DICTIONARY_TEXTS, TextDictionary } from './text-dictionary';

/** Some columns of a dataset, read whole: cell texts (null = missing) and where each row came from. */
export interface ColumnTable {
  rows: number;
  columns: Map<string, (string | null)[]>;
  /** File and physical line of each row, for errors that point at the data. */
  locate(row: number): { file: string; line: number };
}

/**
 * Reads the named columns of a dataset into memory (for scoring and evaluation, which need every
 * row at once); other columns are skipped. Rows with the same text share one string (see
 * ColumnTexts). A missing column is a DataError at the file's header.
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
  const checkColumns = (present: readonly string[], file: string) =>
    checkColumnsPresent(wanted, present, file);
  const columns = new Map(wanted.map((name) => [name, [] as (string | null)[]]));
  const texts = new Map(wanted.map((name) => [name, new ColumnTexts()]));
  const origins = new RowOrigins();
  let rows = 0;
  for await (const batch of dataset) {
    if (origins.size === 0) checkColumns(batch.columns, batch.file);
    origins.add(batch.file, rows, batch.lines);
    for (const name of wanted) {
      texts.get(name)!.append(batch, batch.columns.indexOf(name), columns.get(name)!);
    }
    rows += batch.length;
  }
  if (origins.size === 0 && dataset.columns) checkColumns(dataset.columns, dataset.paths[0] ?? '');
  return {
    rows,
    columns,
    // Only called for rows that were read, so a batch was recorded.
    locate: (row) => origins.locate(row)!,
  };
}

/**
 * A column's texts, each distinct one made once and shared by its rows (looked up in a TextDictionary
 * by the cell's bytes, as the profile does), until the column holds more distinct texts than a
 * dictionary takes; from then on a string per cell. Low-cardinality columns, the common case, then
 * take a fraction of the heap and the time that a string per cell would.
 */
class ColumnTexts {
  private dictionary: TextDictionary | null = new TextDictionary(MAX_DICTIONARY_TEXTS, 64 << 20);
  private types = new Uint8Array(0);
  private values = new Float64Array(0);
  private codes = new Int32Array(0);

  append(batch: DataBatch, column: number, target: (string | null)[]): void {
    const dictionary = this.dictionary;
    if (dictionary !== null && batch.codeColumn) {
      if (this.codes.length < batch.length) {
        this.types = new Uint8Array(batch.length);
        this.values = new Float64Array(batch.length);
        this.codes = new Int32Array(batch.length);
      }
      const { types, codes } = this;
      if (batch.codeColumn(column, types, this.values, codes, dictionary)) {
        const texts = dictionary.values;
        for (let row = 0; row < batch.length; row++)
          target.push(types[row] === CellType.Null ? null : (texts[codes[row] as number] as string));
        return;
      }
      // Too many distinct texts: a string per cell from here on (this batch included).
      this.dictionary = null;
    }
    for (const value of batch.values(column)) target.push(value);
  }
}

/**
 * The column names of a dataset, from its first file's header (the columns every file must have).
 * Reads no further than the first batch.
 */
export async function readHeader(
  paths: string | readonly string[],
  options: ReadOptions = {},
): Promise<string[]> {
  const dataset = await openDataset(paths as string[], options);
  for await (const batch of dataset) return [...batch.columns];
  return [...(dataset.columns ?? [])];
}

/** Fails naming the first of `wanted` that `present` (the columns of `file`) lacks. */
export function checkColumnsPresent(
  wanted: readonly string[],
  present: readonly string[],
  file: string,
): void {
  for (const name of wanted) {
    if (!present.includes(name)) {
      throw new DataError(
        { file, line: 1, column: 1 },
        `there is no column "${name}"`,
        `the columns are ${present.join(', ')}`,
      );
    }
  }
}
