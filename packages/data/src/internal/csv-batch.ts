import { isAscii } from 'node:buffer';
import { columnValues } from '../batch';
import type { DataBatch } from '../batch';
import { CellType } from '../cells';
import type { CellParser } from '../cells';
import type { TextDictionary } from '../text-dictionary';

/**
 * Rows of a delimited file as offsets into the bytes they came from: cell (row, column) spans
 * `bytes[starts[i], ends[i])` with `i = row * fileColumns + fileColumn`, quotes already stripped;
 * `escaped[i]` is 1 where a quoted cell contains doubled quotes to undo.
 */
export class CsvBatch implements DataBatch {
  readonly firstLine: number;
  /** The batch's bytes as a string when they are pure ASCII (then byte offsets are string offsets). */
  private asciiText: string | null | undefined;

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

  scanColumn(column: number, types: Uint8Array, values: Float64Array): void {
    const { bytes, starts, ends, escaped, parser, fileColumns } = this;
    let cell = this.fileColumnOf[column] as number;
    for (let row = 0; row < this.length; row++, cell += fileColumns) {
      if (escaped[cell] === 1) {
        // A cell with doubled quotes is never a number, date or boolean; it could only be a null token.
        types[row] = parser.isNullText(this.text(row, column)) ? CellType.Null : CellType.String;
        values[row] = Number.NaN;
      } else {
        types[row] = parser.classifyBytes(bytes, starts[cell] as number, ends[cell] as number);
        values[row] = parser.value;
      }
    }
  }

  textCodes(column: number, types: Uint8Array, codes: Int32Array, dictionary: TextDictionary): boolean {
    const { bytes, starts, ends, escaped, fileColumns } = this;
    let cell = this.fileColumnOf[column] as number;
    for (let row = 0; row < this.length; row++, cell += fileColumns) {
      if (types[row] === CellType.Null) continue;
      const id =
        escaped[cell] === 1
          ? dictionary.idOfText(this.text(row, column))
          : dictionary.idOfBytes(bytes, starts[cell] as number, ends[cell] as number);
      if (id < 0) return false;
      codes[row] = id;
    }
    return true;
  }

  text(row: number, column: number): string {
    const cell = row * this.fileColumns + (this.fileColumnOf[column] as number);
    const start = this.starts[cell] as number;
    const end = this.ends[cell] as number;
    if (this.asciiText === undefined) {
      // One decode per batch instead of one per cell, when offsets allow it.
      const region = this.bytes.subarray(this.regionStart, this.regionEnd);
      this.asciiText = isAscii(region) ? region.toString('latin1') : null;
    }
    const raw =
      this.asciiText !== null
        ? this.asciiText.slice(start - this.regionStart, end - this.regionStart)
        : this.bytes.toString('utf8', start, end);
    return this.escaped[cell] === 1 ? raw.replaceAll('""', '"') : raw;
  }

  values(column: number): (string | null)[] {
    return columnValues(this, column);
  }
}
