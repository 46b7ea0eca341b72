import type { CellParser } from './cells';

/**
 * Ints per table slot: the text's first 12 bytes (zero-padded), then `meta`: the id plus one (0: an
 * empty slot), the byte length (31 for 31 and more), the cell type plus one (0 while not classified)
 * and 7 bits of the hash, packed as below.
 */
const SLOT = 4;
const ID_BITS = 0x1ffff;
const LENGTH_SHIFT = 17;
const LENGTH_CODE_MAX = 31;
const TYPE_SHIFT = 22;
const TYPE_BITS = 7 << TYPE_SHIFT;
const TAG_BITS = 0xfe000000 | 0;
/** The bits of `meta` that a lookup knows before it finds the text: the hash's tag and the length. */
const KEY_BITS = TAG_BITS | (LENGTH_CODE_MAX << LENGTH_SHIFT);
/** Most texts a dictionary can hold: ids plus one fit in 17 bits. */
export const MAX_DICTIONARY_TEXTS = ID_BITS;
/** Ints per text in `entries`: arena offset (of the bytes after the first 12), UTF-16 length, hash, byte length. */
const ENTRY = 4;
/** Tables larger than this (bytes) are prefetched a batch at a time (see prefetchSlots). */
const PREFETCH_MIN_TABLE_BYTES = 256 * 1024;
/** Texts of up to this many bytes are held in their slot alone. */
const INLINE_BYTES = 12;
/** Bytes the hash mixes before it folds in the rest one by one. */
const HASHED_WORDS_BYTES = 16;

/**
 * Distinct cell texts of a column, each with a small integer id, so that a column with few distinct
 * values (countries, statuses, short labels) can be counted without making a string per cell:
 * `DataBatch.codeColumn` looks cells up by their bytes and makes a string only for a text not seen
 * before. Holds at most `limit` texts and `byteLimit` bytes of them; a column with more is read cell by
 * cell instead. Open addressing, written by hand: slicing a string per cell and counting it in a Map costs a
 * string and a hashed lookup per cell, where this compares the cell's bytes in place.
 *
 * Laid out for the cache, since a dictionary of tens of thousands of texts outgrows it and the other
 * columns of a batch evict it between lookups: a 16-byte slot holds the text's first 12 bytes and one
 * int of id, length, type and hash bits, so a short text (most labels, codes, words, dates) is found by
 * reading one slot and nothing else; only the rest of a longer text is compared in an arena. 32-byte
 * slots (the first 16 bytes and the whole hash) would double the table, and a table that outgrows the
 * cache pays a miss on most lookups; 16-byte slots keep twice as many texts cached. Bytes are read
 * four at a time with a DataView. The arrays grow with the texts held, so an unused limit costs nothing.
 */
export class TextDictionary {
  /** The texts, by id. */
  readonly values: string[] = [];
  private table: Int32Array;
  private entries = new Int32Array(32 * ENTRY);
  /** Each text's cell type plus one (0 while not classified), by id. */
  private types = new Uint8Array(32);
  private arena = new Uint8Array(4096);
  private arenaUsed = 0;
  private readonly strings = new Map<string, number>();
  /** What `classify` recorded as each text's numeric value, by id. */
  private numbers = new Float64Array(32);
  /** Scratch for the first 16 bytes of a text at the very end of its buffer. */
  private readonly words = new Int32Array(4);
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | null = null;

  constructor(
    readonly limit = 1024,
    readonly byteLimit = 1 << 20,
  ) {
    if (!(limit >= 1 && limit <= MAX_DICTIONARY_TEXTS))
      throw new RangeError(`a text dictionary holds 1 to ${MAX_DICTIONARY_TEXTS} texts, not ${limit}`);
    this.table = new Int32Array(64 * SLOT);
  }

  get full(): boolean {
    return this.values.length >= this.limit;
  }

  /** Number of texts held; ids are below it. */
  get size(): number {
    return this.values.length;
  }

  /**
   * The cell type `classify` recorded for the text the last lookup (`idOfBytes`, `idOfText`) found, or
   * -1 when it is not classified yet: read from the slot the lookup already holds, so a reader gets a
   * cell's type without another random access per cell.
   */
  lastType = -1;

  /** Records what a cell parser made of text `id`: its cell type and numeric value. */
  classify(id: number, type: number, value: number): void {
    if (id >= this.numbers.length) {
      const grown = new Float64Array(Math.min(this.limit, Math.max(id + 1, this.numbers.length * 2)));
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[id] = value;
    this.types[id] = type + 1;
    const table = this.table;
    const mask = table.length / SLOT - 1;
    for (let slot = (this.entries[id * ENTRY + 2] as number) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * SLOT + 3;
      const meta = table[at] as number;
      if ((meta & ID_BITS) !== id + 1) continue;
      table[at] = (meta & ~TYPE_BITS) | ((type + 1) << TYPE_SHIFT);
      return;
    }
  }

  /** The cell type `classify` recorded for text `id`, or -1 when it is not classified. */
  typeOf(id: number): number {
    return (this.types[id] as number) - 1;
  }

  /** The numeric value `classify` recorded for text `id` (NaN for most texts). */
  valueOf(id: number): number {
    return this.numbers[id] as number;
  }

  /** Length of text `id` in UTF-16 code units (JavaScript's `length`), without touching the string. */
  textLength(id: number): number {
    return this.entries[id * ENTRY + 1] as number;
  }

  /**
   * The id of the cell `bytes[start, end)` (as idOfBytes), classified by `parser` the first time its
   * text is seen, so that `lastType` always holds its cell type (and `valueOf` its value); -1 when new
   * and the dictionary is full. Each distinct text is classified once, not each cell.
   */
  idOfCell(bytes: Uint8Array, start: number, end: number, parser: CellParser, knownHash?: number): number {
    const id = this.idOfBytes(bytes, start, end, knownHash);
    if (id >= 0 && this.lastType < 0) {
      const type = parser.classifyBytes(bytes, start, end);
      this.classify(id, type, parser.value);
      this.lastType = type;
    }
    return id;
  }

  /** The id of the UTF-8 text `bytes[start, end)`, added if new; -1 when new and the dictionary is full. */
  idOfBytes(bytes: Uint8Array, start: number, end: number, knownHash?: number): number {
    const length = end - start;
    let w0: number;
    let w1: number;
    let w2: number;
    let w3: number;
    if (start + HASHED_WORDS_BYTES <= bytes.length) {
      const view = this.viewFor(bytes);
      w0 = view.getInt32(start, true);
      w1 = view.getInt32(start + 4, true);
      w2 = view.getInt32(start + 8, true);
      w3 = view.getInt32(start + 12, true);
      if (length < HASHED_WORDS_BYTES) {
        // Zero the bytes past the text.
        w3 = length <= 12 ? 0 : w3 & lowBytes(length - 12);
        w2 = length <= 8 ? 0 : w2 & lowBytes(length - 8);
        w1 = length <= 4 ? 0 : w1 & lowBytes(length - 4);
        w0 &= lowBytes(length);
      }
    } else {
      const words = this.wordsNearEnd(bytes, start, length);
      [w0, w1, w2, w3] = words as unknown as [number, number, number, number];
    }
    let hash: number;
    if (knownHash !== undefined) hash = knownHash;
    else {
      hash = mixWords(w0, w1, w2, w3, length);
      if (length > HASHED_WORDS_BYTES) hash = hashRest(hash, bytes, start + HASHED_WORDS_BYTES, end);
    }
    const key = (hash & TAG_BITS) | (Math.min(length, LENGTH_CODE_MAX) << LENGTH_SHIFT);
    const table = this.table;
    const mask = table.length / SLOT - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot * SLOT;
      const meta = table[at + 3] as number;
      if (meta === 0) {
        this.lastType = -1;
        return this.insert(at, hash, key, bytes, start, length, w0, w1, w2);
      }
      if ((meta & KEY_BITS) !== key || table[at] !== w0 || table[at + 1] !== w1 || table[at + 2] !== w2)
        continue;
      const id = (meta & ID_BITS) - 1;
      if (length <= INLINE_BYTES || this.sameRest(id, bytes, start, end)) {
        this.lastType = ((meta & TYPE_BITS) >>> TYPE_SHIFT) - 1;
        return id;
      }
    }
  }

  /** Whether the table outgrows what the caches keep between batches, so that prefetchSlots pays. */
  get prefetchPays(): boolean {
    return this.table.length * 4 > PREFETCH_MIN_TABLE_BYTES;
  }

  /**
   * The hash idOfBytes computes for each cell `bytes[starts[at], ends[at])`, `at = first + i * stride`,
   * into `hashes[i]`.
   */
  hashCells(
    bytes: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    first: number,
    stride: number,
    count: number,
    hashes: Int32Array,
  ): void {
    const view = this.viewFor(bytes);
    const safeEnd = bytes.length - HASHED_WORDS_BYTES;
    for (let i = 0, at = first; i < count; i++, at += stride) {
      const start = starts[at] as number;
      const end = ends[at] as number;
      const length = end - start;
      if (start > safeEnd) {
        hashes[i] = this.hashNearEnd(bytes, start, end);
        continue;
      }
      let w0 = view.getInt32(start, true);
      let w1 = view.getInt32(start + 4, true);
      let w2 = view.getInt32(start + 8, true);
      let w3 = view.getInt32(start + 12, true);
      if (length < HASHED_WORDS_BYTES) {
        w3 = length <= 12 ? 0 : w3 & lowBytes(length - 12);
        w2 = length <= 8 ? 0 : w2 & lowBytes(length - 8);
        w1 = length <= 4 ? 0 : w1 & lowBytes(length - 4);
        w0 &= lowBytes(length);
      }
      let hash = mixWords(w0, w1, w2, w3, length);
      if (length > HASHED_WORDS_BYTES) hash = hashRest(hash, bytes, start + HASHED_WORDS_BYTES, end);
      hashes[i] = hash;
    }
  }

  /**
   * The first 16 bytes of a text near the end of its buffer, where a DataView read would overrun, as
   * four zero-padded ints (in `words`, scratch): byte by byte.
   */
  private wordsNearEnd(bytes: Uint8Array, start: number, length: number): Int32Array {
    const words = this.words.fill(0);
    for (let i = 0; i < length && i < HASHED_WORDS_BYTES; i++) {
      words[i >> 2]! |= (bytes[start + i] as number) << (8 * (i & 3));
    }
    return words;
  }

  private hashNearEnd(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const words = this.wordsNearEnd(bytes, start, length);
    let hash = mixWords(
      words[0] as number,
      words[1] as number,
      words[2] as number,
      words[3] as number,
      length,
    );
    if (length > HASHED_WORDS_BYTES) hash = hashRest(hash, bytes, start + HASHED_WORDS_BYTES, end);
    return hash;
  }

  /**
   * Reads the first slot of each of `hashes[0, count)`, in a loop that does nothing else, so that many
   * cache misses are in flight at once; the lookups that follow (idOfBytes with these hashes) then find
   * their slots cached. A lookup loop waits out its misses nearly one by one: each of its iterations is
   * long enough to fill the processor's reorder window. It pays for columns of many distinct texts
   * (free text), whose table outgrows the cache.
   */
  prefetchSlots(hashes: Int32Array, count: number): void {
    const table = this.table;
    const mask = table.length / SLOT - 1;
    let touched = 0;
    for (let i = 0; i < count; i++) touched ^= table[((hashes[i] as number) & mask) * SLOT + 3] as number;
    // Kept, so that the reads are not optimized away.
    this.touched = touched;
  }

  private touched = 0;

  private viewFor(bytes: Uint8Array): DataView {
    if (this.viewOf !== bytes) {
      this.viewOf = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return this.view;
  }

  /** Whether text `id` (whose first 12 bytes match) is `bytes[start, end)`: its length and its rest. */
  private sameRest(id: number, bytes: Uint8Array, start: number, end: number): boolean {
    if (this.entries[id * ENTRY + 3] !== end - start) return false;
    const from = start + INLINE_BYTES;
    const offset = (this.entries[id * ENTRY] as number) - from;
    const arena = this.arena;
    for (let i = from; i < end; i++) if (arena[offset + i] !== bytes[i]) return false;
    return true;
  }

  /** The id of a text given as a string (cells that need unescaping, values of JSON and Parquet). */
  idOfText(text: string): number {
    const known = this.strings.get(text);
    if (known !== undefined) {
      this.lastType = (this.types[known] as number) - 1;
      return known;
    }
    const bytes = Buffer.from(text, 'utf8');
    const id = this.idOfBytes(bytes, 0, bytes.length);
    if (id >= 0) this.strings.set(this.values[id] as string, id);
    return id;
  }

  private insert(
    at: number,
    hash: number,
    key: number,
    bytes: Uint8Array,
    start: number,
    length: number,
    w0: number,
    w1: number,
    w2: number,
  ): number {
    const rest = Math.max(0, length - INLINE_BYTES);
    if (this.full || this.arenaUsed + rest > this.byteLimit) return -1;
    const id = this.values.length;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString('utf8');
    if ((id + 1) * ENTRY > this.entries.length) {
      const grown = new Int32Array(Math.min(this.limit, id * 2) * ENTRY);
      grown.set(this.entries);
      this.entries = grown;
      const types = new Uint8Array(grown.length / ENTRY);
      types.set(this.types);
      this.types = types;
    }
    this.entries[id * ENTRY] = this.arenaUsed;
    this.entries[id * ENTRY + 1] = text.length;
    this.entries[id * ENTRY + 2] = hash;
    this.entries[id * ENTRY + 3] = length;
    if (rest > 0) {
      if (this.arenaUsed + rest > this.arena.length) {
        const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + rest));
        grown.set(this.arena.subarray(0, this.arenaUsed));
        this.arena = grown;
      }
      this.arena.set(bytes.subarray(start + INLINE_BYTES, start + length), this.arenaUsed);
      this.arenaUsed += rest;
    }
    this.values.push(text);
    const table = this.table;
    table[at] = w0;
    table[at + 1] = w1;
    table[at + 2] = w2;
    table[at + 3] = key | (id + 1);
    if (this.values.length * 2 > table.length / SLOT) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length / SLOT - 1;
    const entries = this.entries;
    for (let from = 0; from < old.length; from += SLOT) {
      const meta = old[from + 3] as number;
      if (meta === 0) continue;
      let slot = (entries[((meta & ID_BITS) - 1) * ENTRY + 2] as number) & mask;
      while (table[slot * SLOT + 3] !== 0) slot = (slot + 1) & mask;
      table.set(old.subarray(from, from + SLOT), slot * SLOT);
    }
    this.table = table;
  }
}

/** A mask of the low `count` bytes of an int (all four from 4 on). */
function lowBytes(count: number): number {
  return count >= 4 ? -1 : (1 << (8 * count)) - 1;
}

/** A well-mixed 32-bit hash of a text's first 16 bytes and length (murmur3's mixing and finalizer). */
function mixWords(w0: number, w1: number, w2: number, w3: number, length: number): number {
  let h = length;
  h = Math.imul(h ^ w0, 0xcc9e2d51);
  h = Math.imul((h << 15) | (h >>> 17), 0x1b873593) ^ w1;
  h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  h = Math.imul(h ^ w2, 0xcc9e2d51);
  h = Math.imul((h << 15) | (h >>> 17), 0x1b873593) ^ w3;
  return finish(h);
}

/** Folds the bytes after the first 16 into `hash`. */
function hashRest(hash: number, bytes: Uint8Array, from: number, end: number): number {
  let h = hash;
  for (let i = from; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return finish(h);
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
