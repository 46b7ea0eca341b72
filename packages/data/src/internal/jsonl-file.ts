import { ValueBatch } from '../batch';
import type { CellParser } from '../cells';
import { DataError } from '../data-error';
import type { ByteSource } from './byte-source';
import type { HeaderHandler, TextReaderLimits } from './csv-reader';
import { jsonErrorOffset } from './json-position';
import { decodeText } from './text-chunks';

type JsonRecord = Record<string, unknown>;

/**
 * Reads JSON Lines: one JSON object per line, blank lines skipped. The columns are the keys met in the
 * first batch of lines (in order of appearance); a later key outside them is an error, a missing key a null.
 */
class JsonLinesReader {
  rows = 0;
  header: readonly string[] | null = null;
  private pending = '';
  private line = 1;
  private ended = false;
  private columns: readonly string[] = [];
  private fileColumnOf: Int32Array = new Int32Array(0);
  private keyIndex = new Map<string, number>();

  constructor(
    private readonly file: string,
    private readonly parser: CellParser,
    private readonly limits: TextReaderLimits,
    private readonly onHeader: HeaderHandler,
  ) {}

  positionAfter(extraText: string): { line: number; column: number } {
    const rest = this.pending + extraText;
    let line = this.line;
    let lineStart = 0;
    for (let i = rest.indexOf('\n'); i >= 0; i = rest.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: rest.length - lineStart + 1 };
  }

  *push(chunk: string | null): Generator<ValueBatch> {
    if (chunk === null) this.ended = true;
    const text = chunk === null ? this.pending : this.pending + chunk;
    let records: JsonRecord[] = [];
    let lines: number[] = [];
    let start = 0;
    for (;;) {
      let newline = text.indexOf('\n', start);
      if (newline < 0) {
        if (!this.ended) break;
        newline = text.length;
        if (start >= newline) break;
      }
      let end = newline;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      const line = this.line++;
      if (end - start > this.limits.maxFieldBytes) {
        throw new DataError(
          { file: this.file, line, column: 1 },
          'line is longer than the largest record allowed',
          'each JSON Lines record must fit on one line; raise maxFieldBytes for very large records',
        );
      }
      if (!isBlank(text, start, end)) {
        records.push(this.parseLine(text.slice(start, end), line));
        lines.push(line);
        if (records.length >= this.limits.maxBatchRows) {
          yield this.toBatch(records, lines);
          records = [];
          lines = [];
        }
      }
      start = newline + 1;
    }
    this.pending = start < text.length ? text.slice(start) : '';
    if (this.pending.length > this.limits.maxFieldBytes) {
      throw new DataError(
        { file: this.file, line: this.line, column: 1 },
        'line is longer than the largest record allowed',
        'each JSON Lines record must fit on one line; raise maxFieldBytes for very large records',
      );
    }
    if (records.length > 0) yield this.toBatch(records, lines);
    if (this.ended && this.header === null) {
      throw new DataError(
        { file: this.file, line: 1, column: 1 },
        'the file is empty',
        'expected one JSON object per line',
      );
    }
  }

  private parseLine(lineText: string, line: number): JsonRecord {
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch (error) {
      const message = (error as Error).message;
      const offset = jsonErrorOffset(lineText);
      const position = /position (\d+)/.exec(message);
      const column = (offset >= 0 ? offset : position ? Number(position[1]) : lineText.length) + 1;
      // V8 quotes the whole line in some messages; the place already says where, so keep the first clause.
      const reason = message
        .replace(/\s*in JSON at position \d+.*$/s, '')
        .replace(/, ".*" is not valid JSON$/s, '')
        .replace(/\s*\(line \d+ column \d+\)/, '');
      throw new DataError(
        { file: this.file, line, column },
        `malformed JSON (${reason})`,
        'each line must be one complete JSON object, e.g. {"a": 1, "b": "x"}',
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DataError(
        { file: this.file, line, column: 1 },
        `line is ${Array.isArray(value) ? 'an array' : 'not an object'}`,
        'each line must be one JSON object, e.g. {"a": 1, "b": "x"}',
      );
    }
    return value as JsonRecord;
  }

  private toBatch(records: JsonRecord[], lines: number[]): ValueBatch {
    if (this.header === null) this.acceptHeader(records);
    const width = this.header?.length ?? 0;
    const fileColumns: unknown[][] = Array.from({ length: width }, () =>
      new Array(records.length).fill(null),
    );
    records.forEach((record, row) => {
      for (const key in record) {
        const index = this.keyIndex.get(key);
        if (index === undefined) {
          const line = lines[row] as number;
          throw new DataError(
            { file: this.file, line, column: 1 },
            `key "${key}" is not among the columns found in the first lines (${this.header?.join(', ')})`,
            'give every line the same keys (null for a missing value), at least within the first lines',
          );
        }
        (fileColumns[index] as unknown[])[row] = record[key];
      }
    });
    this.rows += records.length;
    const columnData = this.columns.map(
      (_, column) => fileColumns[this.fileColumnOf[column] as number] as unknown[],
    );
    return new ValueBatch(
      this.file,
      this.columns,
      columnData,
      records.length,
      Int32Array.from(lines),
      this.parser,
    );
  }

  private acceptHeader(records: JsonRecord[]): void {
    const names: string[] = [];
    for (const record of records) {
      for (const key in record) {
        if (!this.keyIndex.has(key)) {
          this.keyIndex.set(key, names.length);
          names.push(key);
        }
      }
    }
    this.header = names;
    const mapping = this.onHeader(names);
    this.columns = mapping.columns;
    this.fileColumnOf = mapping.fileColumnOf;
  }
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Batches of a JSON Lines file; returns the header and row count when done. */
export async function* readJsonLinesFile(
  source: ByteSource,
  file: string,
  parser: CellParser,
  limits: TextReaderLimits,
  onHeader: HeaderHandler,
): AsyncGenerator<ValueBatch, { rows: number; header: readonly string[] }> {
  const reader = new JsonLinesReader(file, parser, limits, onHeader);
  yield* decodeText(source, file, reader, (text) => reader.push(text));
  return { rows: reader.rows, header: reader.header ?? [] };
}
