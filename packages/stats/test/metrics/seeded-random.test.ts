import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../src/metrics/numerics/seeded-random';

describe('Xoshiro128 (xoshiro128**)', () => {
  it("reproduces the reference C implementation's output", () => {
    // Outputs of Blackman & Vigna's xoshiro128starstar.c next() from state {1, 2, 3, 4}.
    const generator = Xoshiro128.fromState([1, 2, 3, 4]);
    const outputs = Array.from({ length: 8 }, () => generator.nextUint32());
    expect(outputs).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
    // …and the 1001st output from another state, to exercise every bit.
    const other = Xoshiro128.fromState([0x9e3779b9, 0x7f4a7c15, 0xdeadbeef, 0x01234567]);
    for (let i = 0; i < 1000; i++) other.nextUint32();
    expect(other.nextUint32()).toBe(1011553451);
  });

  it('gives the same stream for the same seed and another for another seed', () => {
    const first = new Xoshiro128(42);
    const second = new Xoshiro128(42);
    const third = new Xoshiro128(43);
    const a = Array.from({ length: 5 }, () => first.nextUint32());
    expect(Array.from({ length: 5 }, () => second.nextUint32())).toEqual(a);
    expect(Array.from({ length: 5 }, () => third.nextUint32())).not.toEqual(a);
  });

  it('draws indices below the bound, roughly uniformly', () => {
    const generator = new Xoshiro128(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[generator.nextIndex(10)]!++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500); // > 5 standard deviations
  });
});
