/**
 * Exact counts of a column's numbers while it has few distinct ones (ages, quantities, dates): the
 * quantile and distinct-count sketches then take each distinct value once, with its count, instead of
 * every cell, which is most of a numeric column's cost. Open addressing on the value's bits, written by
 * hand because a Map<number, number> hashes and boxes where this indexes typed arrays by the bits.
 */
/** Scratch for reading a number's bits, shared: one per table cost two allocations per column. */
const FLOAT = new Float64Array(1);
const WORDS = new Uint32Array(FLOAT.buffer);

/** A new table's slots: small, since a wide file has one table per numeric column. */
const INITIAL_SLOTS = 8;

export class ValueCounts {
  private keys = new Float64Array(INITIAL_SLOTS);
  private counts = new Float64Array(INITIAL_SLOTS);
  private filled = new Uint8Array(INITIAL_SLOTS);
  private size = 0;

  /** At most `limit` distinct values; the table starts small and doubles while at most half full. */
  constructor(readonly limit: number) {}

  get distinct(): number {
    return this.size;
  }

  /** Counts `value` (never NaN); returns 1 for a new value, 0 for a known one, -1 when full (not counted). */
  add(value: number, count = 1): number {
    const keys = this.keys;
    const filled = this.filled;
    const mask = keys.length - 1;
    let slot = this.home(value) & mask;
    for (;;) {
      if (filled[slot] === 0) break;
      if (keys[slot] === value) {
        this.counts[slot]! += count;
        return 0;
      }
      slot = (slot + 1) & mask;
    }
    if (this.size >= this.limit) return -1;
    filled[slot] = 1;
    keys[slot] = FLOAT[0] as number;
    this.counts[slot] = count;
    if (++this.size * 2 > keys.length) this.grow();
    return 1;
  }

  /** The distinct values and their counts (in table order), and then forgets them. */
  take(): { values: Float64Array; counts: Float64Array } {
    const values = new Float64Array(this.size);
    const counts = new Float64Array(this.size);
    let at = 0;
    for (let slot = 0; slot < this.keys.length; slot++) {
      if (this.filled[slot] === 0) continue;
      values[at] = this.keys[slot] as number;
      counts[at++] = this.counts[slot] as number;
    }
    // A small table is cleared in place (wide files have one per column); a grown one is let go.
    if (this.keys.length === INITIAL_SLOTS) this.filled.fill(0);
    else {
      this.keys = new Float64Array(INITIAL_SLOTS);
      this.counts = new Float64Array(INITIAL_SLOTS);
      this.filled = new Uint8Array(INITIAL_SLOTS);
    }
    this.size = 0;
    return { values, counts };
  }

  /** A well-mixed integer of the value's bits (-0 as 0, which it equals). */
  private home(value: number): number {
    FLOAT[0] = value === 0 ? 0 : value;
    const mixed = Math.imul((WORDS[0] as number) ^ Math.imul(WORDS[1] as number, 0x85ebca6b), 0x9e3779b1);
    return mixed ^ (mixed >>> 15);
  }

  private grow(): void {
    const { keys, counts, filled } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.counts = new Float64Array(keys.length * 2);
    this.filled = new Uint8Array(keys.length * 2);
    this.size = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      if (filled[slot] === 1) this.add(keys[slot] as number, counts[slot] as number);
    }
  }
}
