import { describe, expect, it } from 'vitest';
import { HyperLogLog } from '../src/sketches/index';

describe('HyperLogLog', () => {
  it('counts exactly while the count is small', () => {
    const sketch = new HyperLogLog(12);
    for (let repeat = 0; repeat < 3; repeat++) for (let i = 0; i < 1000; i++) sketch.addString(`user-${i}`);
    expect(sketch.isExact).toBe(true);
    expect(sketch.estimate()).toBe(1000);
  });

  it.each([1e3, 1e5, 1e6])(
    'estimates %d distinct strings and numbers within 3σ (σ = 1.04/√m)',
    (cardinality) => {
      const strings = new HyperLogLog(12);
      const numbers = new HyperLogLog(12);
      for (let i = 0; i < cardinality; i++) {
        strings.addString(`id-${i}`);
        numbers.addNumber(i * 0.1 - 17);
      }
      const tolerance = 3 * strings.relativeStandardError * cardinality;
      expect(Math.abs(strings.estimate() - cardinality)).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(numbers.estimate() - cardinality)).toBeLessThanOrEqual(tolerance);
    },
  );

  it('merges into exactly the sketch of the union', () => {
    const left = new HyperLogLog();
    const right = new HyperLogLog();
    const whole = new HyperLogLog();
    for (let i = 0; i < 300_000; i++) {
      if (i < 200_000) left.addNumber(i);
      if (i >= 100_000) right.addNumber(i);
      whole.addNumber(i);
    }
    const small = new HyperLogLog();
    small.addNumber(-1);
    whole.addNumber(-1);
    expect(left.merge(right).merge(small).toJSON()).toEqual(whole.toJSON());
  });

  it('treats 1, 1.0 and -0/0 as the same number and survives JSON', () => {
    const sketch = new HyperLogLog();
    [1, 1.0, 0, -0].forEach((value) => sketch.addNumber(value));
    expect(sketch.estimate()).toBe(2);
    for (let i = 0; i < 5000; i++) sketch.addString(String(i));
    const copy = HyperLogLog.fromJSON(JSON.parse(JSON.stringify(sketch.toJSON())));
    expect(copy.estimate()).toBe(sketch.estimate());
    expect(() => new HyperLogLog(12).merge(new HyperLogLog(14))).toThrow(/lgK/);
  });
});
