import { CellType } from './cells';
import type { CellParser } from './cells';
import { EncodedColumn } from './internal/encoded-columns';
import type { TextDictionary } from './text-dictionary';

/**
 * A block of consecutive rows of one file, stored by column.
 *
 * Cells are not turned into JavaScript values up front: `scanColumn` classifies a whole column into
 * two typed arrays without allocating per cell (the fast path for statistics), and `text` materializes
 * one cell's text only where a string is really needed (categories, samples, messages).
 */
export interface DataBatch {
  /** The file the rows come from, as the dataset names it. */
  readonly file: string;
  /** Column names in dataset order (the first file's order). */
  readonly columns: readonly string[];
  /** Number of rows. */
  readonly length: number;
  /** Physical line (1-based) where each row starts; for Parquet, the 1-based row number in the file. */
  readonly lines: Int32Array;
  /** `lines[0]`, or 0 for an empty batch. */
  readonly firstLine: number;
  /**
   * Classifies the cells of `column` in the first `rows` rows (default: every row): `types[row]` gets
   * its CellType and `values[row]` its numeric value (the number; 1/0 for booleans; epoch milliseconds
   * for datetimes; NaN otherwise). Both arrays must hold at least `rows` elements.
   */
  scanColumn(column: number, types: Uint8Array, values: Float64Array, rows?: number): void;
  /**
   * `scanColumn` of several columns, each into its own arrays (`types[i]` and `values[i]` for
   * `columns[i]`, every row). Optional: a batch whose cells sit row after row (CSV) scans a block of
   * rows at a time for all the columns, so that the block's bytes are still cached for the next column
   * (column after column over a whole batch, each cell missed the cache); see `scanColumns`. Returns
   * true when every cell scanned is a plain number (its type Integer or Fractional), so that a caller
   * looking for other cells need not read the types; false when some may not be.
   */
  scanColumns?(
    columns: readonly number[],
    types: readonly Uint8Array[],
    values: readonly Float64Array[],
  ): boolean;
  /**
   * True when the cells are bytes (CSV, TSV), so that `codeColumn` looks them up without making a
   * string per cell — cheaper than parsing most numbers; absent when each cell would become a string.
   */
  readonly codesFromBytes?: boolean;
  /**
   * What `scanColumn` does, and each cell's text as an id of `dictionary` in `codes[row]` (null cells
   * included). False when the dictionary filled up: `types`, `values` and `codes` are then incomplete,
   * and the caller scans the column and reads it cell by cell. Optional: without it, callers do that.
   */
  codeColumn?(
    column: number,
    types: Uint8Array,
    values: Float64Array,
    codes: Int32Array,
    dictionary: TextDictionary,
  ): boolean;
  /** The text of one cell as written in the file (CSV quotes removed); '' for a missing JSON/Parquet value. */
  text(row: number, column: number): string;
  /** The cells of one column as text, null where the cell is null. Allocates one string per cell. */
  values(column: number): (string | null)[];
}

/**
 * `batch.scanColumns` where the batch has it, else `scanColumn` of each column; true when every cell
 * is known to be a plain number (see `DataBatch.scanColumns`).
 */
export function scanColumns(
  batch: DataBatch,
  columns: readonly number[],
  types: readonly Uint8Array[],
  values: readonly Float64Array[],
): boolean {
  if (batch.scanColumns) return batch.scanColumns(columns, types, values);
  columns.forEach((column, i) => batch.scanColumn(column, types[i]!, values[i]!));
  return false;
}

/** codeColumn through `scanColumn` and `text`, one string per non-null cell (null cells get no code). */
export function codeColumnByText(
  batch: DataBatch,
  column: number,
  types: Uint8Array,
  values: Float64Array,
  codes: Int32Array,
  dictionary: TextDictionary,
): boolean {
  batch.scanColumn(column, types, values);
  for (let row = 0; row < batch.length; row++) {
    if (types[row] === CellType.Null) continue;
    const id = dictionary.idOfText(batch.text(row, column));
    if (id < 0) return false;
    codes[row] = id;
  }
  return true;
}

/** Materializes one column as text; shared by the batch kinds. */
export function columnValues(batch: DataBatch, column: number): (string | null)[] {
  const types = new Uint8Array(batch.length);
  batch.scanColumn(column, types, new Float64Array(batch.length));
  const out: (string | null)[] = new Array(batch.length);
  for (let row = 0; row < batch.length; row++) {
    out[row] = types[row] === CellType.Null ? null : batch.text(row, column);
  }
  return out;
}

/**
 * A batch over decoded JavaScript values (JSON Lines, Parquet): one array-like per column, or a column
 * kept as the file encodes it (Parquet's texts as bytes or dictionary indexes, dates as milliseconds:
 * see EncodedColumn).
 */
export class ValueBatch implements DataBatch {
  readonly firstLine: number;

  constructor(
    readonly file: string,
    readonly columns: readonly string[],
    private readonly columnData: readonly (ArrayLike<unknown> | EncodedColumn)[],
    readonly length: number,
    readonly lines: Int32Array,
    private readonly parser: CellParser,
    /**
     * Where row 0 sits in the columns' arrays (batches may share one decoded Parquet row group), or in
     * each column's (batches of Parquet pages, which end at different rows in each column).
     */
    private readonly offset: number | readonly number[] = 0,
  ) {
    this.firstLine = length > 0 ? (lines[0] as number) : 0;
  }

  private offsetOf(column: number): number {
    const offset = this.offset;
    return typeof offset === 'number' ? offset : (offset[column] as number);
  }

  scanColumn(column: number, types: Uint8Array, values: Float64Array, rows = this.length): void {
    const encoded = this.columnData[column];
    const parser = this.parser;
    const offset = this.offsetOf(column);
    if (encoded instanceof EncodedColumn) return encoded.scan(offset, rows, types, values, parser);
    const data = encoded as ArrayLike<unknown>;
    for (let row = 0; row < rows; row++) {
      const value = data[offset + row];
      let type: CellType;
      let numeric = Number.NaN;
      switch (typeof value) {
        case 'number':
          if (Number.isNaN(value)) type = CellType.Null;
          else if (!Number.isFinite(value)) type = CellType.String;
          else {
            type = Number.isInteger(value) ? CellType.Integer : CellType.Fractional;
            numeric = value;
          }
          break;
        case 'string':
          type = parser.classify(value);
          numeric = parser.value;
          break;
        case 'boolean':
          type = CellType.Boolean;
          numeric = value ? 1 : 0;
          break;
        case 'bigint':
          type = CellType.Integer;
          numeric = Number(value);
          break;
        case 'undefined':
          type = CellType.Null;
          break;
        default:
          if (value === null) type = CellType.Null;
          else if (value instanceof Date) {
            numeric = value.getTime();
            type = Number.isNaN(numeric) ? CellType.Null : CellType.Datetime;
          } else type = CellType.String;
      }
      types[row] = type;
      values[row] = numeric;
    }
  }

  text(row: number, column: number): string {
    const data = this.columnData[column];
    if (data instanceof EncodedColumn) return data.text(this.offsetOf(column) + row);
    return valueText((data as ArrayLike<unknown>)[this.offsetOf(column) + row]);
  }

  values(column: number): (string | null)[] {
    return columnValues(this, column);
  }

  codeColumn(
    column: number,
    types: Uint8Array,
    values: Float64Array,
    codes: Int32Array,
    dictionary: TextDictionary,
  ): boolean {
    const data = this.columnData[column];
    if (data instanceof EncodedColumn)
      return data.code(this.offsetOf(column), this.length, types, values, codes, dictionary, this.parser);
    return codeColumnByText(this, column, types, values, codes, dictionary);
  }
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') {
    return JSON.stringify(value, (_key, inner: unknown) =>
      typeof inner === 'bigint' ? inner.toString() : inner,
    );
  }
  return String(value);
}
