import { describe, expect, it } from 'vitest';
import { argsortFloat64 } from '../../src/metrics/numerics/argsort';
import { Xoshiro128 } from '../../src/metrics/numerics/seeded-random';

/** The comparator sort it replaces: stable, so ties keep their index order. */
function comparatorOrder(values: number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
}

describe('argsortFloat64', () => {
  it('orders as the stable comparator sort: negatives, ±0, ties, tiny and huge values', () => {
    const random = new Xoshiro128(3);
    const uniform = () => random.nextUint32() / 4294967296;
    const special = [0, -0, 1e-300, -1e-300, 5e-324, -1e308, 1.7e308, 0.5, 0.5, -2, 1, 1];
    const values = [
      ...special,
      ...Array.from({ length: 5000 }, () => (uniform() - 0.5) * 10 ** Math.floor(uniform() * 12 - 6)),
      ...Array.from({ length: 3000 }, () => Math.round(uniform() * 20) / 10),
    ];
    expect([...argsortFloat64(values)]).toEqual(comparatorOrder(values));
    expect([...argsortFloat64(Float64Array.from(values))]).toEqual(comparatorOrder(values));
  });

  it('orders float32 values (a model’s probabilities) by their 32-bit keys the same way', () => {
    const random = new Xoshiro128(4);
    const values = Array.from({ length: 20_000 }, (_, i) =>
      Math.fround(i % 7 === 0 ? -random.nextUint32() / 4294967296 : random.nextUint32() / 4294967296),
    );
    values.push(0, -0, Math.fround(1e-40), 0.5, 0.5, Math.fround(-3e38));
    expect([...argsortFloat64(Float32Array.from(values))]).toEqual(comparatorOrder(values));
    expect([...argsortFloat64(values)]).toEqual(comparatorOrder(values));
  });

  it('orders values closer than float32 tells apart: short runs and long ones, ties kept in index order', () => {
    const random = new Xoshiro128(5);
    const uniform = () => random.nextUint32() / 4294967296;
    const values = [
      // Pairs and triples within one float32 step of 0.3, shuffled in.
      ...Array.from({ length: 3000 }, () => 0.3 + Math.floor(uniform() * 5) * 1e-12),
      // A run of 500 values within one float32 step of 1 (the comparator path), with exact ties.
      ...Array.from({ length: 500 }, () => 1 + Math.floor(uniform() * 200) * 1e-13),
      ...Array.from({ length: 2000 }, () => uniform()),
    ];
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      [values[i], values[j]] = [values[j]!, values[i]!];
    }
    expect([...argsortFloat64(Float64Array.from(values))]).toEqual(comparatorOrder(values));
  });

  it('handles no values, one value and all-equal values', () => {
    expect([...argsortFloat64([])]).toEqual([]);
    expect([...argsortFloat64([7])]).toEqual([0]);
    expect([...argsortFloat64([2, 2, 2, 2])]).toEqual([0, 1, 2, 3]);
    expect([...argsortFloat64([0.3, 0.1, 0.2, 0.1])]).toEqual([1, 3, 2, 0]);
  });
});
