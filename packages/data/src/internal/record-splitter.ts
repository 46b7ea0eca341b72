const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Finds where to cut the bytes after a CSV header into shards of whole records, each about
 * `targetBytes` long, so that other threads can read and parse them independently. A cut is always just after a line feed outside quotes, as
 * CsvReader reads quotes: a quote opens a quoted field only at the start of a field (after the
 * delimiter or a line break), `""` inside one is a quote, and any other quote is a literal character.
 * Cutting after a line feed (never after a lone CR) keeps a CRLF whole, so every shard counts the same
 * lines as one reader over the whole file would.
 *
 * Only quotes and line feeds are looked at, with `indexOf` (native memchr): a file without quotes costs
 * one search per chunk. A file with no line feed outside quotes (CR-only line endings, or one huge quoted
 * field) yields one shard; that is slower, never wrong.
 */
export class RecordSplitter {
  private inQuotes = false;
  /** Inside quotes, the previous chunk ended on a quote: closing, or the first of a doubled pair. */
  private pendingQuote = false;
  /** The byte before the current chunk; the header ended on a line break. */
  private previousByte = LF;
  /** File offset of the next chunk, and of the last cut (where the current shard starts). */
  private offset: number;
  private lastCut: number;

  /** `start`: the file offset of the first byte after the header. */
  constructor(
    private readonly delimiter: number,
    private readonly targetBytes: number,
    start: number,
  ) {
    this.offset = start;
    this.lastCut = start;
  }

  /** Follows the next chunk; returns the shard it completes as [start, end) file offsets, or null. */
  push(chunk: Buffer): [number, number] | null {
    if (chunk.length === 0) return null;
    const base = this.offset;
    this.offset += chunk.length;
    const wantCut = this.offset - this.lastCut >= this.targetBytes;
    const cut = this.scan(chunk, wantCut);
    if (!wantCut || cut <= 0) return null;
    const shard: [number, number] = [this.lastCut, base + cut];
    this.lastCut = base + cut;
    return shard;
  }

  /** The shard after the last cut, or null when no bytes are left. */
  end(): [number, number] | null {
    const shard: [number, number] | null = this.offset > this.lastCut ? [this.lastCut, this.offset] : null;
    this.lastCut = this.offset;
    return shard;
  }

  /**
   * Follows the quotes through `chunk`; returns the offset just after its last line feed outside quotes
   * (-1 when there is none, or when `wantCut` is false and it was not looked for).
   */
  private scan(chunk: Buffer, wantCut: boolean): number {
    const n = chunk.length;
    const delimiter = this.delimiter;
    let inQuotes = this.inQuotes;
    let i = 0;
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (chunk[0] === QUOTE) i = 1;
      else inQuotes = false;
    }
    let cut = -1;
    for (;;) {
      if (!inQuotes) {
        let q = chunk.indexOf(QUOTE, i);
        while (q >= 0) {
          const before = q > 0 ? (chunk[q - 1] as number) : this.previousByte;
          if (before === delimiter || before === LF || before === CR) break;
          q = chunk.indexOf(QUOTE, q + 1);
        }
        const segmentEnd = q < 0 ? n : q;
        if (wantCut && segmentEnd > i) {
          const lf = chunk.lastIndexOf(LF, segmentEnd - 1);
          if (lf >= i) cut = lf + 1;
        }
        if (q < 0) break;
        inQuotes = true;
        i = q + 1;
      } else {
        const q = chunk.indexOf(QUOTE, i);
        if (q < 0) break;
        if (q + 1 >= n) {
          this.pendingQuote = true;
          break;
        }
        if (chunk[q + 1] === QUOTE) {
          i = q + 2;
          continue;
        }
        inQuotes = false;
        i = q + 1;
      }
    }
    this.inQuotes = inQuotes;
    this.previousByte = chunk[n - 1] as number;
    return cut;
  }
}
