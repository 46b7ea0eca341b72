/**
 * xoshiro128** (Blackman & Vigna, 2018) on 32-bit integer arithmetic, so the same seed gives the same
 * stream on every platform and Node version. The 128-bit state is filled from the seed with SplitMix32.
 * Not for cryptography.
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

  /** Starts from an explicit state (the reference implementation's test vectors use this). */
  static fromState(state: [number, number, number, number]): Xoshiro128 {
    const generator = new Xoshiro128(0);
    [generator.s0, generator.s1, generator.s2, generator.s3] = state.map((word) => word >>> 0) as [
      number,
      number,
      number,
      number,
    ];
    return generator;
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

  /** Uniform integer in [0, bound), bound ≤ 2³²; the bias is below bound / 2³², negligible here. */
  nextIndex(bound: number): number {
    // bound / 2³² is exact, so this is ⌊u·bound / 2³²⌋ for the 32-bit output u.
    return Math.floor(this.nextUint32() * (bound / 4294967296));
  }
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
