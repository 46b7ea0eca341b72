import { describe, expect, it } from 'vitest';
import { Moments } from '../src/sketches/index';
import { normal, relativeDifference, testRandom } from './helpers';

function twoPass(values: number[]) {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const m2 = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { mean, m2, min: Math.min(...values), max: Math.max(...values) };
}

describe('Moments', () => {
  it('matches a hand-worked example: 2 4 4 4 5 5 7 9', () => {
    const moments = new Moments();
    [2, 4, 4, 4, 5, 5, 7, 9].forEach((value) => moments.add(value));
    expect(moments.mean).toBe(5);
    expect(moments.populationVariance()).toBe(4);
    expect(moments.sampleVariance()).toBeCloseTo(32 / 7, 14);
    expect([moments.min, moments.max, moments.sum, moments.count]).toEqual([2, 9, 40, 8]);
  });

  it('agrees with a two-pass computation to 1e-9 on shifted random data', () => {
    const random = testRandom(3);
    const values = Array.from({ length: 100_000 }, () => 1e6 + 250 * normal(random));
    const moments = new Moments();
    values.forEach((value) => moments.add(value));
    const exact = twoPass(values);
    expect(relativeDifference(moments.mean, exact.mean)).toBeLessThan(1e-9);
    expect(relativeDifference(moments.m2, exact.m2)).toBeLessThan(1e-9);
    expect([moments.min, moments.max]).toEqual([exact.min, exact.max]);
  });

  it('merges parts into the moments of the whole (Chan et al.)', () => {
    const random = testRandom(5);
    const values = Array.from({ length: 30_000 }, () => 40 + 3 * normal(random));
    const whole = new Moments();
    values.forEach((value) => whole.add(value));
    const parts = [values.slice(0, 7), values.slice(7, 20_000), values.slice(20_000)].map((part) => {
      const moments = new Moments();
      part.forEach((value) => moments.add(value));
      return moments;
    });
    const merged = new Moments()
      .merge(parts[0] as Moments)
      .merge(parts[1] as Moments)
      .merge(parts[2] as Moments);
    expect(merged.count).toBe(whole.count);
    expect([merged.min, merged.max]).toEqual([whole.min, whole.max]);
    expect(relativeDifference(merged.mean, whole.mean)).toBeLessThan(1e-12);
    expect(relativeDifference(merged.m2, whole.m2)).toBeLessThan(1e-9);
    expect(relativeDifference(merged.sum, whole.sum)).toBeLessThan(1e-12);
  });

  it('survives JSON, and says NaN rather than inventing a variance for too few values', () => {
    const moments = new Moments();
    expect(moments.sampleVariance()).toBeNaN();
    expect(Moments.fromJSON(JSON.parse(JSON.stringify(moments.toJSON())))).toEqual(moments);
    moments.add(1.5);
    expect(moments.sampleVariance()).toBeNaN();
    expect(moments.populationVariance()).toBe(0);
    moments.add(-2);
    const copy = Moments.fromJSON(JSON.parse(JSON.stringify(moments.toJSON())));
    expect(copy.toJSON()).toEqual(moments.toJSON());
  });
});
