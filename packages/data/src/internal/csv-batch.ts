import { isAscii } from 'node:buffer';
import { columnValues } from '../batch';
import type { DataBatch } from '../batch';
import { CellType } from '../cells';
import type { CellParser } from '../cells';
import type { TextDictionary } from '../text-dictionary';
import { PlainNumberParser, UNPARSED } from './number-parse';

const TEXT_WINDOW = 64 * 1024;
/** Cells whose dictionary slots codeColumn reads ahead at a time. */
const PREFETCH_BLOCK = 1024;
/**
 * Rows that scanColumns scans of each column before the next: a block's bytes and cell offsets
 * (~0.5 MB for 1,000 rows of 30 numbers) stay in the cache across the columns.
 */
const SCAN_BLOCK_ROWS = 1024;
/** codeColumn's cell hashes, shared by every batch on this thread. */
let hashScratch = new Int32Array(0);

/**
 * Rows of a delimited file as offsets into the bytes they came from: cell (row, column) spans
 * `bytes[starts[i], ends[i])` with `i = row * fileColumns + fileColumn`, quotes already stripped;
 * `escaped[i]` is 1 where a quoted cell contains doubled quotes to undo.
 */
export class CsvBatch implements DataBatch {
  readonly firstLine: number;
  readonly codesFromBytes = true;
  /**
   * A window of the batch's bytes as a string, `[windowStart, windowEnd)`, when they are pure ASCII (then
   * byte offsets are string offsets); null when they are not.
   */
  private window: string | null = null;
  private windowStart = 0;
  private windowEnd = 0;

  constructor(
    readonly file: string,
    readonly columns: readonly string[],
    private readonly bytes: Buffer,
    private readonly regionStart: number,
    private readonly regionEnd: number,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    private readonly escaped: Uint8Array,
    private readonly fileColumns: number,
    /** fileColumnOf[datasetColumn]: where each dataset column sits in this file. */
    private readonly fileColumnOf: Int32Array,
    readonly length: number,
    readonly lines: Int32Array,
    private readonly parser: CellParser,
  ) {
    this.firstLine = length > 0 ? (lines[0] as number) : 0;
  }

  scanColumn(column: number, types: Uint8Array, values: Float64Array, rows = this.length): void {
    this.scanRows(column, types, values, 0, rows);
  }

  scanColumns(
    columns: readonly number[],
    types: readonly Uint8Array[],
    values: readonly Float64Array[],
  ): boolean {
    const numbers = this.parser.plainNumbersAreNumbers ? PlainNumberParser.shared() : null;
    // Every block parsed in WebAssembly with no cell left: all are plain numbers.
    let allNumbers = numbers !== null;
    const fileColumns = columns.map((column) => this.fileColumnOf[column]!);
    for (let from = 0; from < this.length; from += SCAN_BLOCK_ROWS) {
      const to = Math.min(this.length, from + SCAN_BLOCK_ROWS);
      // The plain numbers in WebAssembly; the cells it leaves (and every cell, without it) here.
      const unparsed = numbers
        ? numbers.parse(
            this.bytes,
            this.starts,
            this.ends,
            this.escaped,
            this.fileColumns,
            from,
            to,
            fileColumns,
            types,
            values,
          )
        : -1;
      if (unparsed === 0) continue;
      allNumbers = false;
      columns.forEach((column, i) => {
        const columnTypes = types[i]!;
        const columnValues = values[i]!;
        if (unparsed < 0) return this.scanRows(column, columnTypes, columnValues, from, to);
        // Each run of cells the parser left, in one call.
        for (let row = from; row < to; row++) {
          if (columnTypes[row] !== UNPARSED) continue;
          let end = row + 1;
          while (end < to && columnTypes[end] === UNPARSED) end++;
          this.scanRows(column, columnTypes, columnValues, row, end);
          row = end;
        }
      });
    }
    return allNumbers;
  }

  /** scanColumn of rows [from, to). */
  private scanRows(column: number, types: Uint8Array, values: Float64Array, from: number, to: number): void {
    const { bytes, starts, ends, escaped, parser, fileColumns } = this;
    let cell = from * fileColumns + (this.fileColumnOf[column] as number);
    for (let row = from; row < to; row++, cell += fileColumns) {
      if (escaped[cell] === 1) {
        // A cell with doubled quotes is never a number, date or boolean; it could only be a null token.
        types[row] = parser.isNullText(this.text(row, column)) ? CellType.Null : CellType.String;
        values[row] = Number.NaN;
      } else {
        const start = starts[cell] as number;
        const end = ends[cell] as number;
        let type = parser.classifyPlainNumber(bytes, start, end);
        if (type < 0) type = parser.classifyBytes(bytes, start, end);
        types[row] = type;
        values[row] = parser.value;
      }
    }
  }

  /**
   * Each cell is looked up by its bytes, and only a text new to the dictionary is classified (and kept
   * with its id): a column of few distinct texts is classified once per text, not once per cell.
   */
  codeColumn(
    column: number,
    types: Uint8Array,
    values: Float64Array,
    codes: Int32Array,
    dictionary: TextDictionary,
  ): boolean {
    const { bytes, starts, ends, escaped, parser, fileColumns } = this;
    let cell = this.fileColumnOf[column] as number;
    const prefetch = dictionary.prefetchPays;
    if (hashScratch.length < PREFETCH_BLOCK) hashScratch = new Int32Array(PREFETCH_BLOCK);
    const hashes = hashScratch;
    for (let row = 0; row < this.length; row++, cell += fileColumns) {
      if (prefetch && row % PREFETCH_BLOCK === 0) {
        // A block's slots are read ahead (see TextDictionary.prefetchSlots), as many as stay cached.
        const count = Math.min(PREFETCH_BLOCK, this.length - row);
        dictionary.hashCells(bytes, starts, ends, cell, fileColumns, count, hashes);
        dictionary.prefetchSlots(hashes, count);
      }
      const start = starts[cell] as number;
      const end = ends[cell] as number;
      let id: number;
      let type: number;
      if (escaped[cell] === 1) {
        const text = this.text(row, column);
        id = dictionary.idOfText(text);
        if (id < 0) return false;
        type = dictionary.lastType;
        if (type < 0) {
          // A cell with doubled quotes is never a number, date or boolean; it could only be a null token.
          type = parser.isNullText(text) ? CellType.Null : CellType.String;
          dictionary.classify(id, type, Number.NaN);
        }
      } else {
        const hash = prefetch ? hashes[row % PREFETCH_BLOCK] : undefined;
        id = dictionary.idOfCell(bytes, start, end, parser, hash);
        if (id < 0) return false;
        type = dictionary.lastType;
      }
      codes[row] = id;
      types[row] = type;
      // Texts and nulls have no value: only numbers, booleans and dates read it from the dictionary.
      values[row] = type === CellType.String || type === CellType.Null ? Number.NaN : dictionary.valueOf(id);
    }
    return true;
  }

  text(row: number, column: number): string {
    const cell = row * this.fileColumns + (this.fileColumnOf[column] as number);
    const start = this.starts[cell] as number;
    const end = this.ends[cell] as number;
    if (start < this.windowStart || end > this.windowEnd) this.decodeWindow(start, end);
    const raw =
      this.window !== null
        ? this.window.slice(start - this.windowStart, end - this.windowStart)
        : this.bytes.toString('utf8', start, end);
    return this.escaped[cell] === 1 ? raw.replaceAll('""', '"') : raw;
  }

  /**
   * One decode per window of cells instead of one per cell. Windows of 64 KiB from the cell asked for
   * (cells are read column by column, row after row, so mostly forward): a string of the whole batch
   * (~1 MiB) would be an external string that outlives the batch in the old generation until a full
   * collection, in every shard worker; 64 KiB strings die young.
   */
  private decodeWindow(start: number, end: number): void {
    const windowEnd = Math.min(this.regionEnd, Math.max(end, start + TEXT_WINDOW));
    const bytes = this.bytes.subarray(start, windowEnd);
    this.window = isAscii(bytes) ? bytes.toString('latin1') : null;
    this.windowStart = start;
    this.windowEnd = windowEnd;
  }

  values(column: number): (string | null)[] {
    return columnValues(this, column);
  }
}
