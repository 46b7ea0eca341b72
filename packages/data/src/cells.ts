/**
 * The type of one cell, decided from its text (CSV, JSON strings) or its value (JSON, Parquet).
 * Numbers so that a column's types fit in a Uint8Array.
 */
export const CellType = {
  Null: 0,
  Integer: 1,
  Fractional: 2,
  Boolean: 3,
  Datetime: 4,
  String: 5,
} as const;
export type CellType = (typeof CellType)[keyof typeof CellType];

/** Names of the cell types, indexed by CellType, as they appear in profiles. */
export const CELL_TYPE_NAMES = ['null', 'integer', 'fractional', 'boolean', 'datetime', 'string'] as const;
export type CellTypeName = (typeof CELL_TYPE_NAMES)[number];

/** Cells read as missing unless the caller says otherwise: empty, NA, null, NaN and their usual spellings. */
export const DEFAULT_NULL_TOKENS: readonly string[] = [
  '',
  'NA',
  'N/A',
  'n/a',
  'null',
  'NULL',
  'None',
  'NaN',
  'nan',
];

import { parseIsoDatetime } from './datetime';
import { decimalToDouble } from './decimal';

const SPACE = 32;
const TAB = 9;
/** Longer strings are never numbers, booleans or datetimes worth parsing. */
const MAX_TYPED_LENGTH = 64;
/**
 * Exact powers of ten up to 10^15 (the most fraction digits a plain number has): the divisors of
 * `classifyPlainNumber`, and of the WebAssembly number parser, which must match it.
 */
export const POWERS_OF_TEN = Float64Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * Decides the type of a cell, without allocating for the common cases. The parsers work on UTF-8 bytes
 * (what CSV files hold); strings (JSON and Parquet values) go through a small ASCII scratch buffer.
 * After `classify…`, `value` holds the cell as a number: the number itself, 1/0 for booleans,
 * milliseconds since the epoch for datetimes (UTC unless the text carries an offset), NaN otherwise.
 *
 * Numbers: an optional sign, digits with an optional fraction, an optional exponent (`-1.5e3`, `.5`, `7.`);
 * no thousands separators, no `inf`. Booleans: true/false in any case. Datetimes: ISO 8601
 * `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM[:SS[.fff]]` and `Z` or `±HH[:MM]`.
 * Surrounding spaces and tabs are ignored for these; null tokens must match exactly.
 */
export class CellParser {
  value = Number.NaN;
  private readonly nullTokens: ReadonlySet<string>;
  private readonly nullTokenBytes: readonly Uint8Array[];
  private readonly nullLengths: Uint8Array;
  private readonly nullFirstBytes = new Uint8Array(256);
  private readonly scratch = new Uint8Array(MAX_TYPED_LENGTH);

  constructor(nullTokens: readonly string[] = DEFAULT_NULL_TOKENS) {
    this.nullTokens = new Set(nullTokens);
    this.nullTokenBytes = nullTokens.map((token) => Buffer.from(token, 'utf8'));
    // nullLengths[n] = 1 when some token is n bytes long; longer cells skip the comparison at once.
    const longest = Math.max(0, ...this.nullTokenBytes.map((token) => token.length));
    this.nullLengths = new Uint8Array(longest + 1);
    for (const token of this.nullTokenBytes) {
      this.nullLengths[token.length] = 1;
      if (token.length > 0) this.nullFirstBytes[token[0] as number] = 1;
    }
  }

  /** Classifies a string value (JSON, Parquet, user input) and sets `value`. */
  classify(text: string): CellType {
    this.value = Number.NaN;
    if (this.nullTokens.has(text)) return CellType.Null;
    const length = text.length;
    if (length > MAX_TYPED_LENGTH) return CellType.String;
    const scratch = this.scratch;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c > 127) return CellType.String;
      scratch[i] = c;
    }
    return this.classifyBytes(scratch, 0, length);
  }

  /** Classifies the UTF-8 bytes `bytes[start, end)` and sets `value`. */
  classifyBytes(bytes: Uint8Array, start: number, end: number): CellType {
    this.value = Number.NaN;
    if (this.isNullBytes(bytes, start, end)) return CellType.Null;
    if (end - start > MAX_TYPED_LENGTH) return CellType.String;
    while (start < end && isBlank(bytes[start] as number)) start++;
    while (end > start && isBlank(bytes[end - 1] as number)) end--;
    if (start === end) return CellType.String;
    const first = bytes[start] as number;
    // Dispatching on the first bytes keeps cells from running every parser: `dddd-` starts a date.
    if (end - start >= 10 && bytes[start + 4] === 45 && first >= 48 && first <= 57) {
      this.value = parseIsoDatetime(bytes, start, end);
      return Number.isNaN(this.value) ? CellType.String : CellType.Datetime;
    }
    if ((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46) {
      return this.parseNumber(bytes, start, end);
    }
    const length = end - start;
    if ((length === 4 || length === 5) && this.parseBoolean(bytes, start, length)) return CellType.Boolean;
    return CellType.String;
  }

  /**
   * The fast path of `classifyBytes` for what most numeric cells are, a plain decimal — `-?d+(.d*)?`
   * with at most 15 digits and no blanks: returns Integer or Fractional and sets `value`, or -1 for
   * anything else, which `classifyBytes` then decides (so the two always agree). The value is the
   * digits as an integer below 2^53 divided by an exact power of ten, one correctly rounded operation:
   * exactly `Number(text)`. One loop per cell instead of the null-token, blank, date and exponent checks.
   */
  classifyPlainNumber(bytes: Uint8Array, start: number, end: number): number {
    const first = bytes[start] as number;
    // A null token could start like a number ("-", "-999"): leave those to classifyBytes.
    if (start >= end || this.nullFirstBytes[first] === 1) return -1;
    let i = first === 45 ? start + 1 : start;
    let digits = 0;
    let mantissa = 0;
    for (; i < end; i++) {
      const digit = (bytes[i] as number) - 48;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
      digits++;
    }
    if (digits === 0) return -1;
    let type: number = CellType.Integer;
    let scale = 0;
    if (i < end && bytes[i] === 46) {
      type = CellType.Fractional;
      for (i++; i < end; i++) {
        const digit = (bytes[i] as number) - 48;
        if (digit < 0 || digit > 9) break;
        mantissa = mantissa * 10 + digit;
        scale++;
      }
      digits += scale;
    }
    if (i !== end || digits > 15) return -1;
    const magnitude = scale === 0 ? mantissa : mantissa / (POWERS_OF_TEN[scale] as number);
    this.value = first === 45 ? -magnitude : magnitude;
    return type;
  }

  /**
   * False when a null token starts like a plain number (with a digit or "-"): then only
   * `classifyPlainNumber`, which leaves such cells to `classifyBytes`, may read plain numbers.
   */
  get plainNumbersAreNumbers(): boolean {
    if (this.nullFirstBytes[45] === 1) return false;
    for (let digit = 48; digit <= 57; digit++) if (this.nullFirstBytes[digit] === 1) return false;
    return true;
  }

  /** True when `bytes[start, end)` is one of the null tokens. */
  isNullBytes(bytes: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (length >= this.nullLengths.length || this.nullLengths[length] === 0) return false;
    if (length === 0) return true;
    // Most cells (numbers above all) cannot start a null token: one table lookup rules them out.
    if (this.nullFirstBytes[bytes[start] as number] === 0) return false;
    for (const token of this.nullTokenBytes) {
      if (token.length !== length) continue;
      let i = 0;
      while (i < length && token[i] === bytes[start + i]) i++;
      if (i === length) return true;
    }
    return false;
  }

  isNullText(text: string): boolean {
    return this.nullTokens.has(text);
  }

  /** Parses a decimal number exactly as `Number(text)` would, without allocating (see decimalToDouble). */
  private parseNumber(bytes: Uint8Array, start: number, end: number): CellType {
    let i = start;
    let negative = false;
    let c = bytes[i] as number;
    if (c === 45 || c === 43) {
      negative = c === 45;
      i++;
    }
    // The first 15 significant digits go to `head`, the next 4 to `tail`; more go to Number().
    let head = 0;
    let tail = 0;
    let tailDigits = 0;
    let significantDigits = 0;
    let exponent = 0;
    let sawDigit = false;
    let fractional = false;
    for (; i < end; i++) {
      const digit = (bytes[i] as number) - 48;
      if (digit < 0 || digit > 9) break;
      sawDigit = true;
      if (significantDigits === 0 && digit === 0) continue;
      if (significantDigits < 15) head = head * 10 + digit;
      else if (significantDigits < 19) {
        tail = tail * 10 + digit;
        tailDigits++;
      } else exponent++;
      significantDigits++;
    }
    if (i < end && bytes[i] === 46) {
      fractional = true;
      for (i++; i < end; i++) {
        const digit = (bytes[i] as number) - 48;
        if (digit < 0 || digit > 9) break;
        sawDigit = true;
        if (significantDigits === 0 && digit === 0) {
          exponent--;
          continue;
        }
        if (significantDigits < 15) {
          head = head * 10 + digit;
          exponent--;
        } else if (significantDigits < 19) {
          tail = tail * 10 + digit;
          tailDigits++;
          exponent--;
        }
        significantDigits++;
      }
    }
    if (!sawDigit) return CellType.String;
    if (i < end && ((bytes[i] as number) | 0x20) === 101) {
      fractional = true;
      i++;
      let exponentNegative = false;
      c = i < end ? (bytes[i] as number) : 0;
      if (c === 45 || c === 43) {
        exponentNegative = c === 45;
        i++;
      }
      let written = 0;
      const exponentStart = i;
      for (; i < end; i++) {
        const digit = (bytes[i] as number) - 48;
        if (digit < 0 || digit > 9) break;
        if (written < 100000) written = written * 10 + digit;
      }
      if (i === exponentStart) return CellType.String;
      exponent += exponentNegative ? -written : written;
    }
    if (i !== end) return CellType.String;
    let value = significantDigits > 19 ? Number.NaN : decimalToDouble(head, tailDigits, tail, exponent);
    if (Number.isNaN(value)) value = Number(latin1(bytes, start, end));
    else if (negative) value = -value;
    if (!Number.isFinite(value)) return CellType.String;
    this.value = value;
    return fractional ? CellType.Fractional : CellType.Integer;
  }

  private parseBoolean(bytes: Uint8Array, start: number, length: number): boolean {
    // Setting bit 0x20 lower-cases ASCII letters, enough to compare with 'true' / 'false'.
    const c0 = (bytes[start] as number) | 0x20;
    const c1 = (bytes[start + 1] as number) | 0x20;
    const c2 = (bytes[start + 2] as number) | 0x20;
    const c3 = (bytes[start + 3] as number) | 0x20;
    if (length === 4 && c0 === 116 && c1 === 114 && c2 === 117 && c3 === 101) {
      this.value = 1;
      return true;
    }
    if (
      length === 5 &&
      c0 === 102 &&
      c1 === 97 &&
      c2 === 108 &&
      c3 === 115 &&
      ((bytes[start + 4] as number) | 0x20) === 101
    ) {
      this.value = 0;
      return true;
    }
    return false;
  }
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** Text of ASCII bytes, for the rare numbers `decimalToDouble` leaves to Number(). */
function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}
