import { CSV_SCAN_WASM } from './csv-scan-wasm';

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

/** The WebAssembly API this module uses (the project's TypeScript libraries do not describe it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65_536;
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
      try {
        shared = new PlainRecordScanner(new wasm.Module(Buffer.from(CSV_SCAN_WASM, 'base64')));
      } catch {
        shared = null;
      }
    }
    return shared;
  }

  /** A number for each reader of the thread, to tell whose bytes the scanner holds. */
  static readerId(): number {
    return nextReaderId++;
  }

  /** Where the first record not scanned starts, in the reader's bytes, after `scan`. */
  next = 0;
  private readonly memory = new wasm.Memory({ initial: 32 });
  private readonly exports: ScanExports;
  /**
   * Which bytes the memory holds from offset 0: the reader's (by number, so that the scanner does not
   * keep a finished reader and its buffers alive), its version, and their range.
   */
  private owner = -1;
  private version = -1;
  private copiedStart = 0;
  private copiedEnd = 0;

  private constructor(module: object) {
    const instance = new wasm.Instance(module, { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as ScanExports;
  }

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
      this.reserve(end - pos + SLACK);
      new Uint8Array(this.memory.buffer).set(bytes.subarray(pos, end), 0);
      this.owner = owner;
      this.version = version;
      this.copiedStart = pos;
      this.copiedEnd = end;
    }
    const cells = maxRecords * expected;
    const output = alignUp(this.copiedEnd - this.copiedStart + SLACK, 8);
    this.reserve(output + cells * 8);
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

  /** Grows the memory to at least `bytes` (growing keeps what it holds). */
  private reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
  }
}

function alignUp(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}
