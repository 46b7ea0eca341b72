/**
 * The digits of the least-significant-digit radix sorts over IEEE 754 bit patterns (the KLL sketch's
 * level 0 in sketches/radix-sort.ts, the score orders in argsort.ts): 11 bits a pass, so a 64-bit key
 * takes six passes and a 32-bit one three, with 2,048 buckets a digit that stay in L1.
 */
export const DIGIT_BITS = 11;
export const BUCKETS = 1 << DIGIT_BITS;
export const DIGIT_MASK = BUCKETS - 1;
/** True where a Float64Array's low 32 bits come first in memory, as on every platform Node runs on. */
export const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** One digit's bucket counts (at `base`) turned into the position where each bucket starts. */
export function toOffsets(counts: Int32Array, base: number): void {
  let offset = 0;
  for (let bucket = base; bucket < base + BUCKETS; bucket++) {
    const size = counts[bucket]!;
    counts[bucket] = offset;
    offset += size;
  }
}
