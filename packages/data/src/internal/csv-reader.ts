import { isUtf8 } from 'node:buffer';
import type { BufferPool } from '../buffer-pool';
import type { CellParser } from '../cells';
import { DataError } from '../data-error';
import { CsvBatch } from './csv-batch';
import { firstInvalidUtf8 } from './utf8';
import { PlainRecordScanner } from './csv-scan';

export interface TextReaderLimits {
  /** Longest field accepted, in bytes; longer means a missing closing quote or a broken file. */
  readonly maxFieldBytes: number;
  /** Most rows in one batch. */
  readonly maxBatchRows: number;
  /** Each batch is used up before the next is asked for, so its arrays can be written again. */
  readonly reuseArrays?: boolean;
}

/** How the dataset maps a file's header onto its columns; throws a DataError when they do not fit. */
export type HeaderHandler = (header: readonly string[]) => {
  columns: readonly string[];
  fileColumnOf: Int32Array;
};

const RECORD = 0;
const INCOMPLETE = 1;
const NO_MORE = 2;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const EMPTY = Buffer.alloc(0);

/**
 * An incremental RFC 4180 reader over UTF-8 bytes: chunks go in with `push`, batches of complete records
 * come out of `nextBatch`. Quoted fields may hold delimiters, doubled quotes and line breaks; lines end
 * with LF, CRLF or CR; blank lines are skipped; a UTF-8 BOM is dropped.
 *
 * It works on bytes rather than decoded text because V8 scans a Uint8Array about twice as fast as a
 * string, and pure-ASCII data then needs no decoding at all; each batch's bytes are checked to be valid
 * UTF-8 before the batch is handed out. A record cut by a chunk boundary waits for more bytes, and is
 * only re-scanned once the waiting bytes have doubled, so a long field costs linear time.
 */
export class CsvReader {
  /** Data rows read so far. */
  rows = 0;
  /** Header names as written, once the header is read. */
  header: readonly string[] | null = null;

  private bytes: Buffer = EMPTY;
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private needMore = true;
  private ended = false;
  private atFileStart = true;
  private readonly waiting: Buffer[] = [];
  private waitingLength = 0;
  private regionStart = 0;
  private regionLine = 1;

  private columns: readonly string[] = [];
  private fileColumnOf: Int32Array = new Int32Array(0);
  private expected = -1;
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private escaped = new Uint8Array(1024);
  private lines = new Int32Array(256);
  private cells = 0;
  private batchRows = 0;
  private readonly reuseArrays: boolean;
  /** With reused arrays: the whole buffer `bytes` is a view of, and the other one to copy into next. */
  private ownedBytes: Buffer | null = null;
  private spare: Buffer | null = null;
  private readonly pool: BufferPool | null;
  /** 1 for the bytes that end an unquoted field: the delimiter, LF and CR. */
  private readonly stops = new Uint8Array(256);
  /** The SIMD scanner of plain records, when WebAssembly has it; bumped `bytesVersion` tells it new bytes. */
  private readonly scanner = PlainRecordScanner.shared();
  private readonly scannerId = PlainRecordScanner.readerId();
  private bytesVersion = 0;
  /** Records left to read in JavaScript before trying the scanner again, after it stopped at one. */
  private scannerRest = 0;

  constructor(
    private readonly file: string,
    private readonly delimiter: number,
    private readonly parser: CellParser,
    private readonly limits: TextReaderLimits,
    private readonly onHeader: HeaderHandler,
    /**
     * For a shard of a file (whole records after the header, read on another thread): the header and
     * mapping read before. Lines then count from 1 at the shard's first byte.
     */
    continuation?: {
      header: readonly string[];
      columns: readonly string[];
      fileColumnOf: Int32Array;
      /** Each batch is used up before the next is asked for, so its arrays can be written again. */
      reuseArrays?: boolean;
      /** With reused arrays: where the reader takes its buffers from (see releaseBuffers). */
      pool?: BufferPool;
    },
  ) {
    this.stops[delimiter] = 1;
    this.stops[LF] = 1;
    this.stops[CR] = 1;
    this.reuseArrays = continuation?.reuseArrays ?? limits.reuseArrays ?? false;
    this.pool = continuation?.pool ?? null;
    if (continuation) {
      this.header = continuation.header;
      this.columns = continuation.columns;
      this.fileColumnOf = continuation.fileColumnOf;
      this.expected = continuation.header.length;
      this.atFileStart = false;
    }
  }

  /** The dataset columns and where each sits in this file, once the header is read. */
  get mapping(): { columns: readonly string[]; fileColumnOf: Int32Array } {
    return { columns: this.columns, fileColumnOf: this.fileColumnOf };
  }

  /** Line breaks read so far (the line the next record starts on, minus one). */
  get linesRead(): number {
    return this.line - 1;
  }

  /**
   * Reads only the header; true once it is read (false while more bytes are needed). Then `takeRest`
   * hands over the bytes after it, which start at a record boundary on line `line`.
   */
  readHeader(): boolean {
    while (this.header === null) {
      if (this.needMore && !this.absorbWaiting()) return false;
      const isLast = this.ended && this.waitingLength === 0;
      this.regionStart = this.pos;
      this.regionLine = this.line;
      const status = this.parseRecord(isLast);
      if (status === INCOMPLETE) {
        this.needMore = true;
        continue;
      }
      if (status === NO_MORE) {
        throw new DataError(
          { file: this.file, line: 1, column: 1 },
          'the file is empty',
          'expected a header row naming the columns',
        );
      }
      this.checkUtf8();
      this.acceptHeader();
    }
    return true;
  }

  /** The unread bytes after the header and the line they start on; the reader is done after this. */
  takeRest(): { bytes: Buffer; line: number } {
    const bytes = Buffer.concat([this.bytes.subarray(this.pos), ...this.waiting]);
    const line = this.line;
    this.bytes = EMPTY;
    this.pos = 0;
    this.waiting.length = 0;
    this.waitingLength = 0;
    return { bytes, line };
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.waiting.push(chunk);
    this.waitingLength += chunk.length;
  }

  /** No more bytes will come. */
  end(): void {
    this.ended = true;
  }

  /** Line and column where the unread bytes end (for errors below the format, e.g. a cut gzip stream). */
  position(): { line: number; column: number } {
    const rest = Buffer.concat([this.bytes.subarray(this.pos), ...this.waiting]);
    let line = this.line;
    let lineStart = 0;
    for (let i = rest.indexOf(LF); i >= 0; i = rest.indexOf(LF, i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: rest.toString('utf8', lineStart).length + 1 };
  }

  /** The next batch of rows, or null when more bytes are needed (or, after `end`, when all is read). */
  nextBatch(): CsvBatch | null {
    if (this.header === null && !this.readHeader()) return null;
    for (;;) {
      if (this.needMore && !this.absorbWaiting()) return null;
      const isLast = this.ended && this.waitingLength === 0;
      this.regionStart = this.pos;
      this.regionLine = this.line;
      while (this.batchRows < this.limits.maxBatchRows) {
        if (this.scanner !== null && this.expected > 0 && this.scanPlainRecords() > 0) continue;
        if (this.parseRecord(isLast) !== RECORD) {
          this.needMore = true;
          break;
        }
        if (this.scannerRest > 0) this.scannerRest--;
      }
      if (this.batchRows > 0) return this.takeBatch();
      if (isLast) return null;
    }
  }

  /** Appends waiting bytes to the unread rest; false while it is wiser to wait for more. */
  private absorbWaiting(): boolean {
    if (this.waitingLength === 0) {
      if (!this.ended) return false;
      // Parse what is left once more, now as the end of the file.
      this.needMore = false;
      return true;
    }
    const rest = this.bytes.length - this.pos;
    // Re-scanning a long incomplete record for every chunk would be quadratic: wait until it doubles.
    if (!this.ended && rest > this.waitingLength) return false;
    if (this.atFileStart && rest + this.waitingLength < 3 && !this.ended) return false;
    this.bytesVersion++;
    this.bytes = this.reuseArrays
      ? this.joinIntoSpare(rest)
      : rest === 0 && this.waiting.length === 1
        ? (this.waiting[0] as Buffer)
        : Buffer.concat([this.bytes.subarray(this.pos), ...this.waiting]);
    this.lineStart -= this.pos;
    this.pos = 0;
    this.waiting.length = 0;
    this.waitingLength = 0;
    this.needMore = false;
    if (this.atFileStart) {
      this.atFileStart = false;
      const bytes = this.bytes;
      if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        this.pos = 3;
        this.lineStart = 3;
      }
    }
    return true;
  }

  /**
   * With reused arrays (each batch used up before the next): the unread rest and the waiting chunks
   * copied into the reader's spare buffer, so that the caller may write its chunk buffer again and no
   * chunk-sized buffer is dropped per chunk. Dropped buffers are freed only by V8's full collections,
   * which external memory triggers late, so dead chunks would pile up in every shard worker.
   */
  private joinIntoSpare(rest: number): Buffer {
    const size = rest + this.waitingLength;
    let target = this.spare;
    if (target === null || target.length < size) {
      const length = Math.max(size, target?.length ?? 0, 1 << 16);
      this.pool?.give(target);
      target = this.pool ? this.pool.take(length) : Buffer.allocUnsafeSlow(length);
    }
    let at = this.bytes.copy(target, 0, this.pos);
    for (const chunk of this.waiting) at += chunk.copy(target, at);
    // The buffer read until now becomes the spare (it holds only bytes already taken or copied).
    this.spare = this.bytes === EMPTY ? null : this.ownedBytes;
    this.ownedBytes = target;
    return target.subarray(0, size);
  }

  /** Once every batch is read and used: hands the reader's buffers back to its pool. */
  releaseBuffers(): void {
    this.pool?.give(this.ownedBytes);
    this.pool?.give(this.spare);
    this.ownedBytes = this.spare = null;
    this.bytes = EMPTY;
    this.pos = 0;
  }

  /** Whether pushed chunks are still referenced (not yet copied or read): the caller must not reuse them. */
  get holdsChunks(): boolean {
    return this.waitingLength > 0;
  }

  private acceptHeader(): void {
    const names: string[] = [];
    for (let i = 0; i < this.cells; i++) {
      let name = this.bytes.toString('utf8', this.starts[i], this.ends[i]);
      if (this.escaped[i] === 1) name = name.replaceAll('""', '"');
      names.push(name === '' ? `column_${i + 1}` : name);
    }
    const headerLine = this.lines[0] as number;
    const headerStarts = Array.from(this.starts.subarray(0, this.cells));
    this.cells = 0;
    this.batchRows = 0;
    const seen = new Map<string, number>();
    names.forEach((name, index) => {
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        const start = headerStarts[index] as number;
        throw new DataError(
          { file: this.file, line: headerLine, column: this.charColumn(this.lineStartOf(start), start) },
          `duplicate column name "${name}" (also column ${earlier + 1})`,
          'give every column a distinct name in the header row',
        );
      }
      seen.set(name, index);
    });
    this.header = names;
    const mapping = this.onHeader(names);
    this.columns = mapping.columns;
    this.fileColumnOf = mapping.fileColumnOf;
    this.expected = names.length;
  }

  /** Start of the physical line holding byte `at`. */
  private lineStartOf(at: number): number {
    return this.bytes.lastIndexOf(LF, at - 1) + 1;
  }

  /** 1-based character column of byte `at` on a line starting at byte `lineStart`. */
  private charColumn(lineStart: number, at: number): number {
    return this.bytes.toString('utf8', Math.max(lineStart, 0), at).length + 1;
  }

  private checkUtf8(): void {
    const region = this.bytes.subarray(this.regionStart, this.pos);
    if (isUtf8(region)) return;
    const offset = Math.max(0, firstInvalidUtf8(region));
    const at = this.regionStart + offset;
    let line = this.regionLine;
    for (
      let i = this.bytes.indexOf(LF, this.regionStart);
      i >= 0 && i < at;
      i = this.bytes.indexOf(LF, i + 1)
    )
      line++;
    const byte = (this.bytes[at] as number).toString(16).padStart(2, '0');
    throw new DataError(
      { file: this.file, line, column: this.charColumn(this.lineStartOf(at), at) },
      `the file is not valid UTF-8 (byte 0x${byte})`,
      'save it as UTF-8, e.g. `iconv -f latin1 -t utf-8 in.csv > out.csv`',
    );
  }

  private takeBatch(): CsvBatch {
    this.checkUtf8();
    const rows = this.batchRows;
    const batch = new CsvBatch(
      this.file,
      this.columns,
      this.bytes,
      this.regionStart,
      this.pos,
      this.starts.subarray(0, this.cells),
      this.ends.subarray(0, this.cells),
      this.escaped.subarray(0, this.cells),
      this.expected,
      this.fileColumnOf,
      rows,
      this.lines.subarray(0, rows),
      this.parser,
    );
    this.rows += rows;
    this.cells = 0;
    this.batchRows = 0;
    // Fresh typed arrays per batch cost allocation and garbage collection (V8 collects more often as
    // external memory grows), a share of every shard's time. Reused only when the reader is told so.
    if (this.reuseArrays) return batch;
    // The batch keeps its arrays; the next one writes into fresh ones of the same size.
    this.starts = new Int32Array(this.starts.length);
    this.ends = new Int32Array(this.ends.length);
    this.escaped = new Uint8Array(this.escaped.length);
    this.lines = new Int32Array(this.lines.length);
    return batch;
  }

  private growCells(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    const escaped = new Uint8Array(size);
    escaped.set(this.escaped);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
  }

  /**
   * Reads the plain records at `pos` (no quotes, no CR, as many as the batch takes) with the SIMD
   * scanner; 0 when the next record is not one, which `parseRecord` then reads. After a stop the scanner
   * rests for a few records, so a file of quoted lines does not pay a failed scan per record.
   */
  private scanPlainRecords(): number {
    if (this.scannerRest > 0) return 0;
    const expected = this.expected;
    // At most ~64k cells per scan, so a 10,000-column file does not size its arrays for a whole batch.
    const room = Math.min(
      this.limits.maxBatchRows - this.batchRows,
      Math.max(1, Math.floor(MAX_SCAN_CELLS / expected)),
    );
    while (this.starts.length < this.cells + room * expected) this.growCells();
    const records = this.scanner!.scan(
      this.scannerId,
      this.bytesVersion,
      this.bytes,
      this.pos,
      this.bytes.length,
      expected,
      this.delimiter,
      this.limits.maxFieldBytes,
      this.starts,
      this.ends,
      this.cells,
      room,
    );
    if (records === 0) {
      this.scannerRest = SCANNER_REST;
      return 0;
    }
    const cells = records * expected;
    this.escaped.fill(0, this.cells, this.cells + cells);
    this.cells += cells;
    this.reserveLines(this.batchRows + records);
    // A plain record is one line.
    for (let i = 0; i < records; i++) this.lines[this.batchRows + i] = this.line + i;
    this.batchRows += records;
    this.line += records;
    this.pos = this.lineStart = this.scanner!.next;
    return records;
  }

  /** Grows the line array (doubling) until it holds `rows` rows. */
  private reserveLines(rows: number): void {
    while (this.lines.length < rows) {
      const lines = new Int32Array(this.lines.length * 2);
      lines.set(this.lines);
      this.lines = lines;
    }
  }

  /** Reads one record at `pos` into the batch arrays; on INCOMPLETE nothing is kept and `pos` stays. */
  private parseRecord(isLast: boolean): number {
    const bytes = this.bytes;
    const n = bytes.length;
    const delimiter = this.delimiter;
    let pos = this.pos;
    // Skip blank lines.
    for (;;) {
      if (pos >= n) {
        this.pos = pos;
        return isLast ? NO_MORE : INCOMPLETE;
      }
      const c = bytes[pos];
      if (c === LF) {
        pos++;
      } else if (c === CR) {
        if (pos + 1 >= n && !isLast) {
          this.pos = pos;
          return INCOMPLETE;
        }
        pos += pos + 1 < n && bytes[pos + 1] === LF ? 2 : 1;
      } else {
        break;
      }
      this.line++;
      this.lineStart = pos;
    }
    this.pos = pos;
    const recordLine = this.line;
    let line = this.line;
    let lineStart = this.lineStart;
    const expected = this.expected;
    const stops = this.stops;
    const maxField = this.limits.maxFieldBytes;
    let cell = this.cells;
    let field = 0;
    let endLine = line;
    let endAt = pos;
    let endLineStart = lineStart;
    // The cell arrays as locals for the per-field loop (refreshed when they grow).
    let starts = this.starts;
    let ends = this.ends;
    let escapes = this.escaped;
    for (;;) {
      const fieldLine = line;
      const fieldLineStart = lineStart;
      const fieldBegin = pos;
      let start = pos;
      let end: number;
      let escaped = 0;
      let c = pos < n ? (bytes[pos] as number) : 0;
      if (c === QUOTE) {
        // Quoted: scan to the closing quote, counting the line breaks inside.
        start = pos + 1;
        let q = start;
        for (;;) {
          while (q < n && (c = bytes[q] as number) !== QUOTE) {
            if (c === LF) {
              line++;
              lineStart = q + 1;
            }
            q++;
          }
          if (q >= n || (q + 1 >= n && !isLast)) {
            if (isLast) {
              throw this.error(
                fieldLine,
                this.charColumn(fieldLineStart, fieldBegin),
                'quoted field is never closed (its opening quote is here)',
                'add the closing quote; write a quote inside a quoted field as two quotes ("")',
              );
            }
            if (n - start > maxField) {
              throw this.error(
                fieldLine,
                this.charColumn(fieldLineStart, fieldBegin),
                `quoted field is longer than ${describeBytes(maxField)} (its opening quote is here)`,
                'a closing quote is probably missing; write a quote inside a quoted field as two quotes ("")',
              );
            }
            return INCOMPLETE;
          }
          if (q + 1 < n && bytes[q + 1] === QUOTE) {
            escaped = 1;
            q += 2;
            continue;
          }
          end = q;
          pos = q + 1;
          break;
        }
        c = pos < n ? (bytes[pos] as number) : 0;
        if (pos < n && c !== delimiter && c !== LF && c !== CR) {
          throw this.error(
            line,
            this.charColumn(lineStart, pos),
            `unexpected ${describeByte(c)} after the closing quote of a quoted field`,
            'write a quote inside a quoted field as two quotes (""), and put the delimiter right after the closing quote',
          );
        }
      } else {
        // Unquoted: to the delimiter or a line break, one table lookup per byte (one load and one test,
        // where comparing each byte with the three takes three tests). Every read is
        // bounded: reading past the end of an array is slow in V8.
        while (pos < n && stops[bytes[pos] as number] === 0) pos++;
        end = pos;
        if (pos >= n && !isLast) {
          if (pos - start > maxField) {
            throw this.error(
              fieldLine,
              this.charColumn(fieldLineStart, fieldBegin),
              `field is longer than ${describeBytes(maxField)}`,
              'check the delimiter and the line endings of the file',
            );
          }
          return INCOMPLETE;
        }
      }
      if (end - start > maxField) {
        throw this.error(
          fieldLine,
          this.charColumn(fieldLineStart, fieldBegin),
          `field is longer than ${describeBytes(maxField)}`,
          'check the delimiter and the quotes of the file, or raise maxFieldBytes',
        );
      }
      if (expected >= 0 && field >= expected) {
        throw this.error(
          fieldLine,
          this.charColumn(fieldLineStart, fieldBegin),
          `row has more fields than the header's ${expected}`,
          'quote fields that contain the delimiter, or remove the extra delimiters',
        );
      }
      if (cell >= starts.length) {
        this.growCells();
        starts = this.starts;
        ends = this.ends;
        escapes = this.escaped;
      }
      starts[cell] = start;
      ends[cell] = end;
      escapes[cell] = escaped;
      cell++;
      field++;
      endLine = line;
      endAt = pos;
      endLineStart = lineStart;
      if (pos >= n) break;
      c = bytes[pos] as number;
      if (c === delimiter) {
        pos++;
        continue;
      }
      if (c === CR) {
        if (pos + 1 >= n && !isLast) return INCOMPLETE;
        pos += pos + 1 < n && bytes[pos + 1] === LF ? 2 : 1;
      } else {
        pos++;
      }
      line++;
      lineStart = pos;
      break;
    }
    if (expected >= 0 && field !== expected) {
      throw this.error(
        endLine,
        this.charColumn(endLineStart, endAt),
        `row has ${field} field${field === 1 ? '' : 's'} but the header has ${expected}`,
        'every row needs one value per column: add the missing fields (empty is fine) or fix the quoting',
      );
    }
    this.cells = cell;
    this.reserveLines(this.batchRows + 1);
    this.lines[this.batchRows++] = recordLine;
    this.pos = pos;
    this.line = line;
    this.lineStart = lineStart;
    return RECORD;
  }

  private error(line: number, column: number, problem: string, hint: string): DataError {
    return new DataError({ file: this.file, line, column: Math.max(1, column) }, problem, hint);
  }
}

/** Cells one scan may store (see `scanPlainRecords`). */
const MAX_SCAN_CELLS = 1 << 16;
/** Records read in JavaScript after the scanner stopped at one, before it is tried again. */
const SCANNER_REST = 16;

function describeBytes(bytes: number): string {
  return bytes >= 1 << 20 ? `${Math.round(bytes / (1 << 20))} MiB` : `${bytes} bytes`;
}

function describeByte(code: number): string {
  if (code === 9) return 'tab';
  if (code === 32) return 'space';
  if (code === QUOTE) return 'quote';
  return code < 128 ? `character '${String.fromCharCode(code)}'` : `byte 0x${code.toString(16)}`;
}
