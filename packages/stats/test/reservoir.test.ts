import { describe, expect, it } from 'vitest';
import { Reservoir } from '../src/sketches/index';

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const expected = counts.reduce((a, b) => a + b) / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

// Upper 0.1% points of the chi-square distribution (degrees of freedom → value).
const CRITICAL_0_001: Record<number, number> = { 9: 27.88, 99: 148.23 };

describe('Reservoir', () => {
  it('never holds more than its capacity, and holds everything when the stream is shorter', () => {
    const sample = new Reservoir(10, 1);
    for (let i = 0; i < 7; i++) sample.add(i);
    expect(sample.items).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (let i = 7; i < 100_000; i++) sample.add(i);
    expect(sample.items).toHaveLength(10);
    expect(new Set(sample.items).size).toBe(10);
    expect(sample.seen).toBe(100_000);
  });

  it('takes every position of a short stream equally often (chi-square, Algorithm L)', () => {
    const counts = new Array<number>(100).fill(0);
    for (let trial = 0; trial < 4000; trial++) {
      const sample = new Reservoir(10, trial + 1);
      for (let i = 0; i < 100; i++) sample.add(i);
      for (const item of sample.items) counts[item as number]!++;
    }
    expect(chiSquare(counts)).toBeLessThan(CRITICAL_0_001[99] as number);
  });

  it('takes every part of a long stream equally often', () => {
    const counts = new Array<number>(10).fill(0);
    for (let trial = 0; trial < 300; trial++) {
      const sample = new Reservoir(50, 1000 + trial);
      for (let i = 0; i < 20_000; i++) sample.add(i);
      for (const item of sample.items) counts[Math.floor((item as number) / 2000)]!++;
    }
    expect(chiSquare(counts)).toBeLessThan(CRITICAL_0_001[9] as number);
  });

  it('merges two samples into a uniform sample of the union (weighted by stream sizes)', () => {
    const counts = new Array<number>(100).fill(0);
    for (let trial = 0; trial < 4000; trial++) {
      const left = new Reservoir(10, 2 * trial + 1);
      const right = new Reservoir(10, 2 * trial + 2);
      for (let i = 0; i < 30; i++) left.add(i);
      for (let i = 30; i < 100; i++) right.add(i);
      const merged = left.merge(right);
      expect(merged.items).toHaveLength(10);
      for (const item of merged.items) counts[item as number]!++;
    }
    expect(chiSquare(counts)).toBeLessThan(CRITICAL_0_001[99] as number);
  });

  it('is deterministic for a seed and continues exactly after JSON', () => {
    const a = new Reservoir(16, 42);
    const b = new Reservoir(16, 42);
    for (let i = 0; i < 5000; i++) {
      a.add(i);
      b.add(i);
    }
    expect(a.items).toEqual(b.items);
    const copy = Reservoir.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    for (let i = 5000; i < 9000; i++) {
      a.add(`x${i}`);
      copy.add(`x${i}`);
    }
    expect(copy.toJSON()).toEqual(a.toJSON());
  });
});
