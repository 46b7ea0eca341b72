/**
 * Distinct cell texts of a column, each with a small integer id, so that a column with few distinct
 * values (countries, statuses) can be counted without making a string per cell: `DataBatch.textCodes`
 * looks cells up by their bytes and makes a string only for a text not seen before. Holds at most
 * `limit` texts; a column with more is read cell by cell instead. Open addressing on a hash of the
 * bytes, written by hand: slicing a string per cell and counting it in a Map measured about 2× slower.
 */
export class TextDictionary {
  /** The texts, by id. */
  readonly values: string[] = [];
  private table: Int32Array;
  private hashes: Int32Array;
  private arena = new Uint8Array(4096);
  private arenaUsed = 0;
  private offsets: Int32Array;
  private lengths: Int32Array;
  private readonly strings = new Map<string, number>();

  constructor(readonly limit = 1024) {
    this.table = new Int32Array(64).fill(-1);
    this.hashes = new Int32Array(limit);
    this.offsets = new Int32Array(limit);
    this.lengths = new Int32Array(limit);
  }

  get full(): boolean {
    return this.values.length >= this.limit;
  }

  /** The id of the UTF-8 text `bytes[start, end)`, added if new; -1 when new and the dictionary is full. */
  idOfBytes(bytes: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5 ^ (end - start);
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
    const table = this.table;
    const mask = table.length - 1;
    const length = end - start;
    for (let slot = (hash ^ (hash >>> 16)) & mask; ; slot = (slot + 1) & mask) {
      const id = table[slot] as number;
      if (id < 0) {
        if (this.full) return -1;
        const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString('utf8');
        return this.insert(slot, hash, bytes, start, length, text);
      }
      if (this.hashes[id] !== hash || this.lengths[id] !== length) continue;
      const offset = this.offsets[id] as number;
      const arena = this.arena;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (arena[offset + i] !== bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return id;
    }
  }

  /** The id of a text given as a string (cells that need unescaping, values of JSON and Parquet). */
  idOfText(text: string): number {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    const bytes = Buffer.from(text, 'utf8');
    const id = this.idOfBytes(bytes, 0, bytes.length);
    if (id >= 0) this.strings.set(this.values[id] as string, id);
    return id;
  }

  private insert(
    slot: number,
    hash: number,
    bytes: Uint8Array,
    start: number,
    length: number,
    text: string,
  ): number {
    const id = this.values.length;
    if (this.arenaUsed + length > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    this.arena.set(bytes.subarray(start, start + length), this.arenaUsed);
    this.offsets[id] = this.arenaUsed;
    this.lengths[id] = length;
    this.hashes[id] = hash;
    this.arenaUsed += length;
    this.values.push(text);
    this.table[slot] = id;
    if (this.values.length * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let id = 0; id < this.values.length; id++) {
      const hash = this.hashes[id] as number;
      let slot = (hash ^ (hash >>> 16)) & mask;
      while ((table[slot] as number) >= 0) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
  }
}
