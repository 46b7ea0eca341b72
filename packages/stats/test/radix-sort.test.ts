import { describe, expect, it } from 'vitest';
import { radixSortFloat64 } from '../src/sketches/radix-sort';
import { normal, testRandom } from './helpers';

/** The reference: the spec's TypedArray sort, which orders numerically with −0 before +0. */
function expectSortedLike(values: Float64Array): void {
  const expected = values.slice().sort();
  radixSortFloat64(values);
  expect(values.length).toBe(expected.length);
  for (let i = 0; i < values.length; i++) {
    if (!Object.is(values[i], expected[i])) expect([i, values[i]]).toEqual([i, expected[i]]);
  }
}

describe('radixSortFloat64', () => {
  const random = testRandom(71);

  it.each([
    ['mixed signs and magnitudes', () => normal(random) * 10 ** Math.floor(20 * normal(random))],
    ['integers (low passes skipped)', () => Math.floor(random() * 50_000)],
    ['negative integers', () => -Math.floor(random() * 1000)],
    ['two-decimal amounts', () => Math.round(random() * random() * 100_000) / 100],
    ['few distinct', () => [3, -1, 0, 2.5][Math.floor(random() * 4)] as number],
    // Equal float32 roundings, ordered by value afterwards: short runs (by insertion) and one long one.
    ['a few per float32 step', () => Math.floor(random() * 4000) + Math.floor(random() * 3) * 2 ** -40],
    ['all within one float32 step', () => -(1 + Math.floor(random() * 64) * 2 ** -45)],
  ])('sorts %s as the spec sort does', (_, make) => {
    for (const length of [0, 1, 2, 3, 17, 1000, 8192, 20_000]) {
      expectSortedLike(Float64Array.from({ length }, make));
    }
  });

  it('orders the edge values: ±0, ±Infinity, subnormals, the extremes', () => {
    const edges = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, -1e-310];
    edges.push(Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 0.1, -0.1, 2 ** 53, -(2 ** 53));
    const values = Float64Array.from(
      { length: 3000 },
      () => edges[Math.floor(random() * edges.length)] as number,
    );
    expectSortedLike(values);
    expect(Object.is(values[values.indexOf(0)], -0)).toBe(true);
    expect([values[0], values[values.length - 1]]).toEqual([-Infinity, Infinity]);
  });

  it('sorts sorted, reversed and constant input, and a view into a larger buffer', () => {
    const ascending = Float64Array.from({ length: 5000 }, (_, i) => i - 2500.5);
    expectSortedLike(ascending.slice());
    expectSortedLike(ascending.slice().reverse());
    expectSortedLike(new Float64Array(4000).fill(-7.25));
    const buffer = Float64Array.from({ length: 3000 }, () => normal(random));
    const outside = [buffer[0], buffer[1], buffer[2999]];
    const view = buffer.subarray(2, 2999);
    expectSortedLike(view);
    expect([buffer[0], buffer[1], buffer[2999]]).toEqual(outside);
  });
});
