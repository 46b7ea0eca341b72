import { readSync } from 'node:fs';
import { endianness } from 'node:os';
import type { ColumnMetaData, Compressors, DataReader, SchemaTree } from 'hyparquet';
import { parquetHeader, readPage } from 'hyparquet/src/column.js';
import { convert, convertWithDictionary, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { getMaxDefinitionLevel } from 'hyparquet/src/schema.js';
import { DatetimeMillis, PageTexts, TextBytes, TextCodes } from './encoded-columns';
import type { EncodedColumn } from './encoded-columns';

type ColumnDecoder = Parameters<typeof readPage>[2];
type DecodedArray = NonNullable<Parameters<typeof readPage>[3]>;

/** A page's values, row by row: an array (NaN or null where missing), or a column kept encoded. */
export type PageValues = ArrayLike<unknown> | EncodedColumn;

/** The halves of a 64-bit integer sit low first (typed arrays use the platform's byte order). */
const LITTLE_ENDIAN = endianness() === 'LE';

/** Bytes read to find a page header (a header with large statistics may need more; it is read again). */
const HEADER_PROBE = 64 * 1024;

/**
 * One flat column chunk of a row group, decoded a page at a time with hyparquet's decoders: memory
 * holds one page of the column (and its dictionary), not the whole chunk. hyparquet's own readers decode
 * a whole row group's column chunks at once, so a file written with large row groups (pyarrow writes
 * 1,048,576 rows per group) would hold them all, so peak memory would grow with the group size.
 * `readPage` and `parquetHeader` are hyparquet's own page functions (its package exports `src/*.js`),
 * not its documented API: packages/data pins hyparquet to one version for that.
 */
export class ColumnPages {
  /** The current page's values, and the first one not yet taken. */
  values: PageValues = [];
  at = 0;
  private position: number;
  private readonly end: number;
  private dictionary: DecodedArray | undefined;
  /** The dictionary's values as doubles, when they are numbers (see numericView). */
  private numericDictionary: ArrayLike<number> | undefined;
  /** The dictionary's values, when they are texts: pages index them (TextCodes). */
  private dictionaryTexts: PageTexts | undefined;
  private readonly decoder: ColumnDecoder;
  /** The definition level of a present value (0: the column is required, never null). */
  private readonly maxDefinition: number;
  /** How the column's integers become epoch milliseconds, when it holds dates or times (see timeUnitOf). */
  private readonly timeUnit: TimeUnit | null;
  /** Byte arrays that hyparquet would decode as strings: plain pages keep them as bytes (TextBytes). */
  private readonly plainTexts: boolean;

  constructor(
    private readonly handle: number,
    meta: ColumnMetaData,
    schemaPath: SchemaTree[],
    compressors: Compressors,
  ) {
    // As hyparquet plans it: some writers leave dictionary_page_offset 0 when there is no dictionary.
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    this.position = start;
    this.end = start + Number(meta.total_compressed_size);
    this.decoder = {
      pathInSchema: meta.path_in_schema,
      type: meta.type,
      element: schemaPath[schemaPath.length - 1]!.element,
      schemaPath,
      codec: meta.codec,
      parsers: DEFAULT_PARSERS,
      compressors,
    };
    this.maxDefinition = getMaxDefinitionLevel(schemaPath);
    this.plainTexts = meta.type === 'BYTE_ARRAY' && holdsTexts(this.decoder.element);
    this.timeUnit = timeUnitOf(this.decoder.element);
  }

  /** Values left in the current page, after reading pages until one has some; 0 at the chunk's end. */
  remaining(): number {
    while (this.at >= this.values.length) {
      // The used-up page may be collected while the next one is decoded (batches keep their own reference).
      this.values = [];
      this.at = 0;
      if (this.position >= this.end) return 0;
      this.readNextPage();
    }
    return this.values.length - this.at;
  }

  private readNextPage(): void {
    const left = this.end - this.position;
    let want = Math.min(HEADER_PROBE, left);
    for (;;) {
      const bytes = this.read(want);
      const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
      let header: ReturnType<typeof parquetHeader>;
      try {
        header = parquetHeader(reader);
      } catch (error) {
        // The header runs past the bytes read: read more, up to the chunk's end.
        if (want < left && error instanceof RangeError) {
          want = Math.min(want * 16, left);
          continue;
        }
        throw error;
      }
      const total = reader.offset + header.compressed_page_size;
      if (total > left) throw new Error('a page runs past the end of its column chunk');
      if (total > bytes.length) {
        want = total;
        continue;
      }
      this.position += total;
      if (header.type === 'DATA_PAGE' || header.type === 'DATA_PAGE_V2') {
        this.values = this.decodeDataPage(bytes.subarray(reader.offset, total), header);
        this.at = 0;
        return;
      }
      const result = readPage(reader, header, this.decoder, this.dictionary, undefined, 0);
      if (header.type === 'DICTIONARY_PAGE') {
        this.dictionary = result.data ? convert(result.data, this.decoder) : undefined;
        this.numericDictionary = this.dictionary && numericView(this.dictionary);
        // Dates: the dictionary as epoch milliseconds, looked up as numbers (then DatetimeMillis).
        const raw = this.timeUnit && result.data && numericView(result.data);
        if (raw) this.numericDictionary = toMillis(raw, this.timeUnit!);
        const texts = this.dictionary as unknown[] | undefined;
        this.dictionaryTexts =
          Array.isArray(texts) && texts.every((text) => typeof text === 'string')
            ? new PageTexts(texts as string[])
            : undefined;
      }
      return;
    }
  }

  /**
   * A data page's values with null where a value is absent, as hyparquet's `readPage` returns them but
   * without its `assembleLists`, which builds any page, flat or nested, by pushing value after value
   * into a new array: a large share of a Parquet pass's time, and of its garbage. Numbers
   * come back as a Float64Array with NaN for null, and 64-bit integers without a BigInt per value.
   * Plain and dictionary pages are decoded here (`decodeValues`); other encodings by hyparquet.
   */
  private decodeDataPage(compressed: Uint8Array, header: ReturnType<typeof parquetHeader>): PageValues {
    const decoder = this.decoder;
    let levels: ArrayLike<number> | undefined;
    let data: DecodedArray;
    let encoding: string;
    if (header.type === 'DATA_PAGE') {
      const page = header.data_page_header!;
      const bytes = decompressPage(
        compressed,
        Number(header.uncompressed_page_size),
        decoder.codec,
        decoder.compressors,
      );
      if (this.decodesHere(page.encoding)) {
        // Version 1: the definition levels, prefixed by their length, then the values.
        const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
        const levels = this.readLevels(reader, page.num_values);
        return this.decodeValues(bytes, reader.offset, page.encoding, page.num_values, levels);
      }
      ({ definitionLevels: levels, dataPage: data } = readDataPage(bytes, page, decoder));
      encoding = page.encoding;
    } else {
      const page = header.data_page_header_v2!;
      if (this.decodesHere(page.encoding) && page.repetition_levels_byte_length === 0) {
        // Version 2: the levels, uncompressed and of known length, then the values (maybe compressed).
        const view = new DataView(compressed.buffer, compressed.byteOffset, compressed.byteLength);
        const levelBytes = page.definition_levels_byte_length;
        const levels = this.readLevels({ view, offset: 0 }, page.num_values, levelBytes);
        let values = compressed.subarray(levelBytes);
        if (page.is_compressed !== false) {
          const size = Number(header.uncompressed_page_size) - levelBytes;
          values = decompressPage(values, size, decoder.codec, decoder.compressors);
        }
        return this.decodeValues(values, 0, page.encoding, page.num_values, levels);
      }
      ({ definitionLevels: levels, dataPage: data } = readDataPageV2(compressed, header, decoder));
      encoding = page.encoding;
    }
    const values = convertWithDictionary(data, this.dictionary, encoding as never, decoder);
    return withNulls(values, levels, this.maxDefinition);
  }

  /** Whether `decodeValues` takes pages of this encoding: plain and dictionary ones, but not booleans. */
  private decodesHere(encoding: string): boolean {
    if (this.decoder.type === 'BOOLEAN') return false;
    return encoding === 'PLAIN' || (isDictionaryEncoding(encoding) && this.dictionary !== undefined);
  }

  /**
   * A page's definition levels, in a reused array (see scratchLevels), or undefined when no value is
   * missing. `length` is the levels' byte length, when the page gives it (version 2) rather than a prefix.
   */
  private readLevels(reader: DataReader, rows: number, length?: number): Uint8Array | undefined {
    if (this.maxDefinition === 0) return undefined;
    const levels = scratchLevels(rows);
    readRleBitPackedHybrid(reader, bitWidth(this.maxDefinition), levels, length);
    for (let row = 0; row < rows; row++) if (levels[row] !== this.maxDefinition) return levels;
    return undefined;
  }

  /**
   * The values of a plain or dictionary page, from `bytes[offset]`, decoded as hyparquet's page readers
   * do but with the dictionary indexes in a reused typed array, texts kept encoded (TextBytes,
   * TextCodes) and dates as milliseconds (DatetimeMillis): hyparquet's readers make fresh arrays of
   * levels and indexes per page, and a string or Date per value, per column, which outlive V8's young
   * generation.
   */
  private decodeValues(
    bytes: Uint8Array,
    offset: number,
    encoding: string,
    rows: number,
    levels: Uint8Array | undefined,
  ): PageValues {
    let present = rows;
    if (levels) for (let row = 0; row < rows; row++) if (levels[row] !== this.maxDefinition) present--;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const reader = { view, offset };
    if (isDictionaryEncoding(encoding)) {
      const width = view.getUint8(reader.offset++);
      const indexes = scratchIndexes(present);
      if (width > 0) readRleBitPackedHybrid(reader, width, indexes, view.byteLength - reader.offset);
      else indexes.fill(0);
      if (this.dictionaryTexts) return codeTexts(indexes, this.dictionaryTexts, levels, this.maxDefinition);
      const { dictionary, numericDictionary, maxDefinition } = this;
      const values = lookUpDictionary(indexes, dictionary!, numericDictionary, levels, maxDefinition);
      return this.timeUnit && numericDictionary ? new DatetimeMillis(values as Float64Array) : values;
    }
    if (this.plainTexts) return plainTexts(bytes, offset, present, levels, this.maxDefinition);
    const plain = readPlain(reader, this.decoder.type, present, this.decoder.element.type_length);
    const raw = this.timeUnit && numericView(plain);
    if (raw) {
      const millis = withNulls(toMillis(raw, this.timeUnit!), levels, this.maxDefinition);
      return new DatetimeMillis(millis as Float64Array);
    }
    return withNulls(convert(plain, this.decoder), levels, this.maxDefinition);
  }

  private read(length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.handle, bytes, done, length - done, this.position + done);
      if (n === 0) throw new Error('the file ends inside a column chunk');
      done += n;
    }
    return bytes;
  }
}

/**
 * Whether a BYTE_ARRAY column's values are texts, as hyparquet's `convert` decides: annotated UTF8,
 * STRING or ENUM, or not annotated at all (JSON, BSON, UUID, decimals and geometries are other things).
 */
function holdsTexts(element: SchemaTree['element']): boolean {
  const converted = element.converted_type;
  const logical = element.logical_type?.type;
  return (
    (converted === undefined || converted === 'UTF8' || converted === 'ENUM') &&
    (logical === undefined || logical === 'STRING' || logical === 'ENUM')
  );
}

/** A dictionary page's indexes as TextCodes: −1 where missing, and for an index past the dictionary. */
function codeTexts(
  indexes: ArrayLike<number>,
  texts: PageTexts,
  levels: ArrayLike<number> | undefined,
  maxDefinition: number,
): TextCodes {
  const defined = levels && levels.length > 0 && maxDefinition > 0 ? levels : undefined;
  const rows = defined ? defined.length : indexes.length;
  const size = texts.texts.length;
  const out = new Int32Array(rows);
  for (let row = 0, next = 0; row < rows; row++) {
    if (defined && defined[row] !== maxDefinition) out[row] = -1;
    else {
      const index = indexes[next++] as number;
      out[row] = index < size ? index : -1;
    }
  }
  return new TextCodes(out, texts);
}

/**
 * A plain page of byte arrays (each a 4-byte little-endian length, then the bytes) from `offset`, as
 * TextBytes over the page's bytes: no string made per value.
 */
function plainTexts(
  page: Uint8Array,
  offset: number,
  present: number,
  levels: ArrayLike<number> | undefined,
  maxDefinition: number,
): TextBytes {
  const bytes = Buffer.from(page.buffer, page.byteOffset, page.byteLength);
  const rows = levels ? levels.length : present;
  const starts = new Int32Array(rows);
  const ends = new Int32Array(rows);
  let at = offset;
  for (let row = 0; row < rows; row++) {
    if (levels && levels[row] !== maxDefinition) {
      starts[row] = -1;
      continue;
    }
    if (at + 4 > bytes.length) throw new Error('a value runs past the end of its page');
    const length = bytes.readUInt32LE(at);
    at += 4;
    if (at + length > bytes.length) throw new Error('a value runs past the end of its page');
    starts[row] = at;
    ends[row] = at + length;
    at += length;
  }
  return new TextBytes(bytes, starts, ends);
}

/** The unit of a date or timestamp column's integers: days (DATE), milliseconds or microseconds. */
type TimeUnit = 'days' | 'millis' | 'micros';

/**
 * How hyparquet's `convert` reads the column as Dates, for the cases kept as numbers here: DATE (days
 * in an INT32), TIMESTAMP_MILLIS and TIMESTAMP_MICROS (in an INT64), or the logical TIMESTAMP type in
 * those units. Null for anything else, nanoseconds and INT96 included (hyparquet makes their Dates).
 */
function timeUnitOf(element: SchemaTree['element']): TimeUnit | null {
  const converted = element.converted_type;
  if (converted === 'DATE') return element.type === 'INT32' ? 'days' : null;
  if (element.type !== 'INT64') return null;
  if (converted === 'TIMESTAMP_MILLIS') return 'millis';
  if (converted === 'TIMESTAMP_MICROS') return 'micros';
  if (converted !== undefined) return null;
  const logical = element.logical_type;
  if (logical?.type !== 'TIMESTAMP') return null;
  return logical.unit === 'MILLIS' ? 'millis' : logical.unit === 'MICROS' ? 'micros' : null;
}

/** The largest time a Date holds (±8.64e15 ms); beyond it a Date is invalid, which reads as null. */
const MAX_DATE_MILLIS = 8.64e15;

/**
 * Epoch milliseconds of safe integers in `unit`, as hyparquet's parsers compute them: days × 86,400,000,
 * and microseconds divided by 1,000 rounding toward zero (as BigInt division does), exactly. NaN where
 * the time is beyond a Date's range.
 */
function toMillis(raw: ArrayLike<number>, unit: TimeUnit): Float64Array {
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const value = raw[i] as number;
    const millis =
      unit === 'days' ? value * 86_400_000 : unit === 'millis' ? value : (value - (value % 1000)) / 1000;
    out[i] = Math.abs(millis) <= MAX_DATE_MILLIS ? millis : Number.NaN;
  }
  return out;
}

function isDictionaryEncoding(encoding: string): boolean {
  return encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY';
}

let levelScratch = new Uint8Array(0);
let indexScratch = new Int32Array(0);

/** A page's definition levels, in a buffer reused page after page (read at once, never kept). */
function scratchLevels(rows: number): Uint8Array {
  if (levelScratch.length < rows) levelScratch = new Uint8Array(Math.max(rows, 2 * levelScratch.length));
  return levelScratch.subarray(0, rows);
}

/** A page's dictionary indexes, as scratchLevels. */
function scratchIndexes(count: number): Int32Array {
  if (indexScratch.length < count) indexScratch = new Int32Array(Math.max(count, 2 * indexScratch.length));
  return indexScratch.subarray(0, count);
}

/** Bits that hold values up to `value` (as hyparquet's datapage.js computes level widths). */
function bitWidth(value: number): number {
  return 32 - Math.clz32(value);
}

/**
 * `values` (the present ones) spread over the page's rows by their definition levels: null where the
 * level is below `maxDefinition`; numbers as a Float64Array (NaN for null, which readers take as null).
 */
export function withNulls(
  values: ArrayLike<unknown>,
  levels: ArrayLike<number> | undefined,
  maxDefinition: number,
): ArrayLike<unknown> {
  const numbers = numericView(values);
  const rows = levels && levels.length > 0 && maxDefinition > 0 ? levels.length : values.length;
  if (rows === values.length) return numbers ?? values;
  const defined = levels as ArrayLike<number>;
  if (numbers) {
    const out = new Float64Array(rows);
    for (let row = 0, next = 0; row < rows; row++)
      out[row] = defined[row] === maxDefinition ? (numbers[next++] as number) : Number.NaN;
    return out;
  }
  const out = new Array<unknown>(rows);
  for (let row = 0, next = 0; row < rows; row++)
    out[row] = defined[row] === maxDefinition ? values[next++] : null;
  return out;
}

/**
 * A dictionary-encoded page's values, spread over its rows as `withNulls` does: a Float64Array (NaN for
 * null) for a numeric dictionary, else an array of the dictionary's values. hyparquet's
 * `convertWithDictionary` writes the values into the index array instead, so a page of 64-bit integers
 * would hold a BigInt per row, which for files with large pages (DuckDB writes one page per row group
 * and column) is gigabytes of peak memory. An index past the dictionary's end reads as null, as there.
 */
export function lookUpDictionary(
  indexes: ArrayLike<number>,
  dictionary: ArrayLike<unknown>,
  numbers: ArrayLike<number> | undefined,
  levels: ArrayLike<number> | undefined,
  maxDefinition: number,
): ArrayLike<unknown> {
  const defined = levels && levels.length > 0 && maxDefinition > 0 ? levels : undefined;
  const rows = defined ? defined.length : indexes.length;
  if (numbers) {
    const out = new Float64Array(rows);
    for (let row = 0, next = 0; row < rows; row++) {
      if (defined && defined[row] !== maxDefinition) out[row] = Number.NaN;
      else out[row] = numbers[indexes[next++] as number] ?? Number.NaN;
    }
    return out;
  }
  const out = new Array<unknown>(rows);
  for (let row = 0, next = 0; row < rows; row++) {
    out[row] = defined && defined[row] !== maxDefinition ? null : dictionary[indexes[next++] as number];
  }
  return out;
}

/**
 * Numbers of a typed array as doubles, or undefined for anything else (texts, booleans, dates, bytes).
 * 64-bit integers too, each from its two 32-bit halves (high · 2³² + low) without a BigInt per value,
 * but only when every one is a safe integer (|v| ≤ 2⁵³ − 1): a larger one, such as a 64-bit id, would
 * lose digits as a double, and its text must stay exact, so such a page keeps its BigInts.
 */
function numericView(values: ArrayLike<unknown>): ArrayLike<number> | undefined {
  if (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array)
    return values;
  if (!(values instanceof BigInt64Array || values instanceof BigUint64Array) || !LITTLE_ENDIAN)
    return undefined;
  const halves = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const out = new Float64Array(values.length);
  const unsigned = values instanceof BigUint64Array;
  for (let i = 0; i < values.length; i++) {
    const high = halves[2 * i + 1] as number;
    const value = (unsigned ? high >>> 0 : high) * 4294967296 + ((halves[2 * i] as number) >>> 0);
    if (!(Math.abs(value) <= Number.MAX_SAFE_INTEGER)) return undefined;
    out[i] = value;
  }
  return out;
}
