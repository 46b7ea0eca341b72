/**
 * A 64-bit hash of values, as two independent 32-bit lanes of MurmurHash3 (x86_32, Austin Appleby,
 * public domain) with different seeds, run in one pass. Strings are hashed as their UTF-16 code units;
 * numbers as their IEEE-754 bits (-0 as 0), so 1, 1.0 and 1e0 are one value.
 * The result is left in `high` and `low` to avoid allocating per value.
 */
const SCRATCH_FLOAT = new Float64Array(1);
const SCRATCH_WORDS = new Uint32Array(SCRATCH_FLOAT.buffer);

export class Hash64 {
  high = 0;
  low = 0;
  // Scratch shared by every hasher (JavaScript runs one at a time): one per hasher cost two typed
  // arrays per column.
  private readonly float = SCRATCH_FLOAT;
  private readonly words = SCRATCH_WORDS;

  ofString(text: string): this {
    let h1 = 0x9747b28c;
    let h2 = 0x5bd1e995;
    const length = text.length;
    let i = 0;
    for (; i + 1 < length; i += 2) {
      const k = mix(text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16));
      h1 = round(h1, k);
      h2 = round(h2, k);
    }
    if (i < length) {
      const k = mix(text.charCodeAt(i));
      h1 ^= k;
      h2 ^= k;
    }
    // The length in bytes, as MurmurHash3 does, plus a marker that keeps strings apart from numbers.
    this.high = finish(h1 ^ (length * 2));
    this.low = finish(h2 ^ (length * 2) ^ 0x2545f491);
    return this;
  }

  ofNumber(value: number): this {
    this.float[0] = value === 0 ? 0 : value;
    const lo = mix(this.words[0] as number);
    const hi = mix(this.words[1] as number);
    this.high = numberHashHigh(lo, hi);
    this.low = numberHashLow(lo, hi);
    return this;
  }
}

/** The high lane of a number's hash, from its mixed low and high words (`mix` of each IEEE-754 half). */
export function numberHashHigh(lo: number, hi: number): number {
  return finish(round(round(0x9747b28c, lo), hi) ^ 8);
}

/** The low lane of a number's hash (see `numberHashHigh`). */
export function numberHashLow(lo: number, hi: number): number {
  return finish(round(round(0x5bd1e995, lo), hi) ^ 8);
}

export function mix(k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

function round(h: number, k: number): number {
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
