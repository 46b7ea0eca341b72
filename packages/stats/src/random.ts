/**
 * A small seeded generator (Mulberry32, by T. Ettinger): 32 bits of state, so a sketch's randomness is
 * reproducible from its seed and can be saved in its JSON. Not for cryptography.
 */
export class SeededRandom {
  constructor(private state: number) {
    this.state = state >>> 0;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in (0, 1): never 0, so logarithms of it are finite. */
  next(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  /** Uniform integer in [0, bound). */
  below(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** The state, to save and restore. */
  get seed(): number {
    return this.state;
  }
}

/** Derives independent seeds for the parts of a profile (one per column and sketch) from one seed. */
export function deriveSeed(seed: number, label: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
