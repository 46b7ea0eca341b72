import { CSV_SCAN_WASM } from './csv-scan-wasm';
import { alignUp, instantiateOnOwnMemory, reserve, type WasmMemory } from './wasm-memory';

interface ScanExports {
  scan(
    pos: number,
    end: number,
    expected: number,
    delimiter: number,
    maxField: number,
    starts: number,
    ends: number,
    maxRecords: number,
    delta: number,
  ): number;
  resumeAt: { value: number };
}

/** Bytes the scanner may read past the input (one SIMD block less one). */
const SLACK = 16;

let shared: PlainRecordScanner | null | undefined;
let nextReaderId = 0;

/**
 * Finds the fields of plain CSV records (no quotes, no CR: most lines of most files) in WebAssembly,
 * 16 bytes per SIMD compare (`packages/data/assembly/csv-scan.ts`), where `CsvReader.parseRecord` looks
 * at every byte in JavaScript: the compare covers 16 bytes where the JavaScript loop tests one, so the
 * scan takes a fraction of the loop's time. The reader's unread bytes are copied into the scanner's
 * memory once per chunk (a memcpy), and the fields found are copied out into the reader's arrays; any
 * record the scan stops at — quoted, CR, blank, ragged, too long, unfinished — is the JavaScript
 * reader's, with its errors. One scanner per thread.
 */
export class PlainRecordScanner {
  /** The thread's scanner, or null where WebAssembly SIMD is not available (the reader then reads alone). */
  static shared(): PlainRecordScanner | null {
    if (shared === undefined) {
      const instance = instantiateOnOwnMemory<ScanExports>(CSV_SCAN_WASM, 32);
      shared = instance ? new PlainRecordScanner(instance.exports, instance.memory) : null;
    }
    return shared;
  }

  /** A number for each reader of the thread, to tell whose bytes the scanner holds. */
  static readerId(): number {
    return nextReaderId++;
  }

  /** Where the first record not scanned starts, in the reader's bytes, after `scan`. */
  next = 0;
  /**
   * Which bytes the memory holds from offset 0: the reader's (by number, so that the scanner does not
   * keep a finished reader and its buffers alive), its version, and their range.
   */
  private owner = -1;
  private version = -1;
  private copiedStart = 0;
  private copiedEnd = 0;

  private constructor(
    private readonly exports: ScanExports,
    private readonly memory: WasmMemory,
  ) {}

  /**
   * Scans whole plain records from `bytes[pos, end)`, at most `maxRecords`, storing their fields at
   * `starts[cell…]` and `ends[cell…]`. Returns the records stored; `next` is where the rest begins.
   * `owner` and `version` name the bytes: each reader has its own number (`PlainRecordScanner.readerId`)
   * and bumps its version whenever its bytes change.
   */
  scan(
    owner: number,
    version: number,
    bytes: Uint8Array,
    pos: number,
    end: number,
    expected: number,
    delimiter: number,
    maxField: number,
    starts: Int32Array,
    ends: Int32Array,
    cell: number,
    maxRecords: number,
  ): number {
    if (owner !== this.owner || version !== this.version || pos < this.copiedStart || end > this.copiedEnd) {
      reserve(this.memory, end - pos + SLACK);
      new Uint8Array(this.memory.buffer).set(bytes.subarray(pos, end), 0);
      this.owner = owner;
      this.version = version;
      this.copiedStart = pos;
      this.copiedEnd = end;
    }
    const cells = maxRecords * expected;
    const output = alignUp(this.copiedEnd - this.copiedStart + SLACK, 8);
    reserve(this.memory, output + cells * 8);
    const records = this.exports.scan(
      pos - this.copiedStart,
      end - this.copiedStart,
      expected,
      delimiter,
      maxField,
      output,
      output + cells * 4,
      maxRecords,
      this.copiedStart,
    );
    this.next = this.exports.resumeAt.value + this.copiedStart;
    if (records > 0) {
      const count = records * expected;
      starts.set(new Int32Array(this.memory.buffer, output, count), cell);
      ends.set(new Int32Array(this.memory.buffer, output + cells * 4, count), cell);
    }
    return records;
  }
}
