import { describe, expect, it } from 'vitest';
import { AlignedHistogram, FixedHistogram, histogramFromJSON } from '../src/sketches/index';
import { testRandom } from './helpers';

describe('FixedHistogram', () => {
  it('bins like numpy.histogram: [a, b) bins, the last one closed, outside values apart', () => {
    const histogram = new FixedHistogram([0, 1, 2, 4]);
    [-1, 0, 0.5, 1, 1.99, 2, 3.5, 4, 4.01].forEach((value) => histogram.add(value));
    expect(histogram.toJSON()).toEqual({
      type: 'fixed',
      edges: [0, 1, 2, 4],
      counts: [2, 2, 3],
      underflow: 1,
      overflow: 1,
    });
  });

  it('merges only with identical edges', () => {
    const a = new FixedHistogram([0, 1, 2]);
    const b = new FixedHistogram([0, 1, 2]);
    a.add(0.5);
    b.add(1.5);
    b.add(1.5);
    expect(a.merge(b).toJSON().counts).toEqual([1, 2]);
    expect(() => a.merge(new FixedHistogram([0, 1, 3]))).toThrow(/different edges/);
    expect(() => new FixedHistogram([0, 0, 1])).toThrow(/increase strictly/);
  });
});

describe('AlignedHistogram', () => {
  const random = testRandom(9);
  const values = Array.from({ length: 20_000 }, () => (random() - 0.3) * 1000);

  it('counts every value exactly in at most maxBins bins of width 2^scale', () => {
    const histogram = new AlignedHistogram(32);
    values.forEach((value) => histogram.add(value));
    const { edges, counts, scale } = histogram.toJSON();
    expect(counts.length).toBeLessThanOrEqual(32);
    expect(counts.length).toBeGreaterThan(8);
    edges.forEach((edge) => expect(Number.isInteger(edge / 2 ** scale)).toBe(true));
    const expected = counts.map(
      (_, bin) =>
        values.filter((value) => value >= (edges[bin] as number) && value < (edges[bin + 1] as number))
          .length,
    );
    expect(counts).toEqual(expected);
  });

  it('does not depend on the order of the values, and merges into the histogram of the whole exactly', () => {
    const forward = new AlignedHistogram();
    values.forEach((value) => forward.add(value));
    const backward = new AlignedHistogram();
    [...values].reverse().forEach((value) => backward.add(value));
    expect(backward.toJSON()).toEqual(forward.toJSON());

    const small = new AlignedHistogram();
    const large = new AlignedHistogram();
    values.slice(0, 10).forEach((value) => small.add(value / 1000));
    values.slice(10).forEach((value) => large.add(value));
    const whole = new AlignedHistogram();
    values.slice(0, 10).forEach((value) => whole.add(value / 1000));
    values.slice(10).forEach((value) => whole.add(value));
    expect(small.merge(large).toJSON()).toEqual(whole.toJSON());
  });

  it('handles a constant column and survives JSON', () => {
    const constant = new AlignedHistogram();
    for (let i = 0; i < 5; i++) constant.add(42);
    expect(constant.toJSON().counts).toEqual([5]);
    const copy = histogramFromJSON(JSON.parse(JSON.stringify(constant.toJSON())));
    expect(copy.toJSON()).toEqual(constant.toJSON());
    (copy as AlignedHistogram).add(-42);
    expect((copy as AlignedHistogram).toJSON().counts.reduce((a, b) => a + b)).toBe(6);
  });
});
