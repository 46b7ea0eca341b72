import { CellType } from '../cells';
import type { CellParser } from '../cells';
import type { TextDictionary } from '../text-dictionary';

/**
 * A column kept as the file stores it, rather than as a JavaScript value per row: texts as a page's
 * UTF-8 bytes or dictionary indexes, dates as epoch milliseconds. `ValueBatch` reads rows
 * `[offset, offset + rows)` of it through these methods. Strings (and Dates) made per value would be most
 * of a Parquet pass's garbage: each page's outlive the young generation (a page feeds many batches)
 * and pile up in the old one.
 */
export abstract class EncodedColumn {
  abstract readonly length: number;
  /** As DataBatch.scanColumn, for rows [offset, offset + rows). */
  abstract scan(
    offset: number,
    rows: number,
    types: Uint8Array,
    values: Float64Array,
    parser: CellParser,
  ): void;
  /** As DataBatch.codeColumn, for rows [offset, offset + rows): false when the dictionary filled up. */
  abstract code(
    offset: number,
    rows: number,
    types: Uint8Array,
    values: Float64Array,
    codes: Int32Array,
    dictionary: TextDictionary,
    parser: CellParser,
  ): boolean;
  /** The text of one row; '' for a missing value. */
  abstract text(index: number): string;
}

/** Texts as UTF-8 bytes: row r is `bytes[starts[r], ends[r])`, or missing where `starts[r]` is −1. */
export class TextBytes extends EncodedColumn {
  constructor(
    private readonly bytes: Buffer,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
  ) {
    super();
  }

  get length(): number {
    return this.starts.length;
  }

  scan(offset: number, rows: number, types: Uint8Array, values: Float64Array, parser: CellParser): void {
    const { bytes, starts, ends } = this;
    for (let row = 0; row < rows; row++) {
      const start = starts[offset + row] as number;
      if (start < 0) {
        types[row] = CellType.Null;
        values[row] = Number.NaN;
        continue;
      }
      const end = ends[offset + row] as number;
      let type = parser.classifyPlainNumber(bytes, start, end);
      if (type < 0) type = parser.classifyBytes(bytes, start, end);
      types[row] = type;
      values[row] = parser.value;
    }
  }

  /**
   * Each value is looked up by its bytes (as a CSV cell is); only a text new to the dictionary is
   * classified.
   */
  code(
    offset: number,
    rows: number,
    types: Uint8Array,
    values: Float64Array,
    codes: Int32Array,
    dictionary: TextDictionary,
    parser: CellParser,
  ): boolean {
    const { bytes, starts, ends } = this;
    for (let row = 0; row < rows; row++) {
      const start = starts[offset + row] as number;
      if (start < 0) {
        types[row] = CellType.Null;
        values[row] = Number.NaN;
        continue;
      }
      const id = dictionary.idOfCell(bytes, start, ends[offset + row] as number, parser);
      if (id < 0) return false;
      const type = dictionary.lastType;
      codes[row] = id;
      types[row] = type;
      values[row] = type === CellType.String || type === CellType.Null ? Number.NaN : dictionary.valueOf(id);
    }
    return true;
  }

  text(index: number): string {
    const start = this.starts[index] as number;
    return start < 0 ? '' : this.bytes.toString('utf8', start, this.ends[index]);
  }
}

/**
 * The texts of a dictionary page, shared by the pages that index it: each text is classified once, and
 * looked up in a TextDictionary once (for the last one asked), rather than once per row.
 */
export class PageTexts {
  private types: Int8Array | null = null;
  private values: Float64Array | null = null;
  private idsFor: TextDictionary | null = null;
  private ids = new Int32Array(0);

  constructor(readonly texts: readonly string[]) {}

  /** The CellType of text `index` (classified on first use), its value in `valueOf`. */
  typeOf(index: number, parser: CellParser): CellType {
    if (this.types === null) {
      this.types = new Int8Array(this.texts.length).fill(-1);
      this.values = new Float64Array(this.texts.length);
    }
    let type = this.types[index] as CellType;
    if (type < 0) {
      type = parser.classify(this.texts[index] as string);
      this.types[index] = type;
      (this.values as Float64Array)[index] = parser.value;
    }
    return type;
  }

  valueOf(index: number): number {
    return (this.values as Float64Array)[index] as number;
  }

  /** The id of text `index` in `dictionary` (−1 when it is full), looked up on first use. */
  idOf(index: number, dictionary: TextDictionary, parser: CellParser): number {
    if (this.idsFor !== dictionary) {
      this.idsFor = dictionary;
      this.ids = new Int32Array(this.texts.length).fill(-1);
    }
    let id = this.ids[index] as number;
    if (id < 0) {
      id = dictionary.idOfText(this.texts[index] as string);
      if (id < 0) return -1;
      if (dictionary.lastType < 0) dictionary.classify(id, this.typeOf(index, parser), this.valueOf(index));
      this.ids[index] = id;
    }
    return id;
  }
}

/** Texts by dictionary index: row r is `page.texts[indexes[r]]`, or missing where `indexes[r]` is −1. */
export class TextCodes extends EncodedColumn {
  constructor(
    private readonly indexes: Int32Array,
    private readonly page: PageTexts,
  ) {
    super();
  }

  get length(): number {
    return this.indexes.length;
  }

  scan(offset: number, rows: number, types: Uint8Array, values: Float64Array, parser: CellParser): void {
    const { indexes, page } = this;
    for (let row = 0; row < rows; row++) {
      const index = indexes[offset + row] as number;
      if (index < 0) {
        types[row] = CellType.Null;
        values[row] = Number.NaN;
      } else {
        types[row] = page.typeOf(index, parser);
        values[row] = page.valueOf(index);
      }
    }
  }

  code(
    offset: number,
    rows: number,
    types: Uint8Array,
    values: Float64Array,
    codes: Int32Array,
    dictionary: TextDictionary,
    parser: CellParser,
  ): boolean {
    const { indexes, page } = this;
    for (let row = 0; row < rows; row++) {
      const index = indexes[offset + row] as number;
      if (index < 0) {
        types[row] = CellType.Null;
        values[row] = Number.NaN;
        continue;
      }
      const id = page.idOf(index, dictionary, parser);
      if (id < 0) return false;
      codes[row] = id;
      types[row] = page.typeOf(index, parser);
      values[row] = page.valueOf(index);
    }
    return true;
  }

  text(index: number): string {
    const at = this.indexes[index] as number;
    return at < 0 ? '' : (this.page.texts[at] as string);
  }
}

/**
 * Dates and timestamps as epoch milliseconds (NaN where missing): what a Date per value held, as
 * `ValueBatch` reads Dates (the Datetime type, the time as the value, ISO 8601 as the text).
 */
export class DatetimeMillis extends EncodedColumn {
  constructor(private readonly millis: Float64Array) {
    super();
  }

  get length(): number {
    return this.millis.length;
  }

  scan(offset: number, rows: number, types: Uint8Array, values: Float64Array): void {
    const { millis } = this;
    for (let row = 0; row < rows; row++) {
      const value = millis[offset + row] as number;
      types[row] = Number.isNaN(value) ? CellType.Null : CellType.Datetime;
      values[row] = value;
    }
  }

  /** As Dates were coded (codeColumnByText): each present value by its text; nulls get no code. */
  code(
    offset: number,
    rows: number,
    types: Uint8Array,
    values: Float64Array,
    codes: Int32Array,
    dictionary: TextDictionary,
  ): boolean {
    this.scan(offset, rows, types, values);
    for (let row = 0; row < rows; row++) {
      if (types[row] === CellType.Null) continue;
      const id = dictionary.idOfText(this.text(offset + row));
      if (id < 0) return false;
      codes[row] = id;
    }
    return true;
  }

  text(index: number): string {
    const value = this.millis[index] as number;
    return Number.isNaN(value) ? '' : new Date(value).toISOString();
  }
}
