/**
 * The one seeded generator of the project: xoshiro128** (Blackman & Vigna, 2018) on 32-bit integer
 * arithmetic, so the same seed gives the same stream on every platform and Node version. The 128-bit
 * state is filled from the seed with SplitMix32, and can be read back (`state`) and restored
 * (`fromState`), so a sketch saved to JSON goes on exactly as the saved one. Not for cryptography.
 */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let mix = seed >>> 0;
    const next = (): number => {
      mix = (mix + 0x9e3779b9) >>> 0;
      let z = mix;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Starts from an explicit state (a saved one, or the reference implementation's test vectors). */
  static fromState(state: readonly [number, number, number, number]): Xoshiro128 {
    const generator = new Xoshiro128(0);
    [generator.s0, generator.s1, generator.s2, generator.s3] = state.map((word) => word >>> 0) as [
      number,
      number,
      number,
      number,
    ];
    return generator;
  }

  /** The four state words, to save and restore with `fromState`. */
  get state(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** The next unsigned 32-bit output. */
  nextUint32(): number {
    const result = Math.imul(rotateLeft(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const shifted = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= shifted;
    this.s3 = rotateLeft(this.s3, 11);
    return result;
  }

  /** Uniform in (0, 1): never 0, so logarithms of it are finite. */
  next(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  /** Uniform integer in [0, bound), bound ≤ 2³²; the bias is below bound / 2³², negligible here. */
  nextIndex(bound: number): number {
    // bound / 2³² is exact, so this is ⌊u·bound / 2³²⌋ for the 32-bit output u.
    return Math.floor(this.nextUint32() * (bound / 4294967296));
  }
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
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
