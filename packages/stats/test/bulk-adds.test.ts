import { describe, expect, it } from 'vitest';
import {
  AlignedHistogram,
  FixedHistogram,
  HyperLogLog,
  KllSketch,
  Moments,
  Reservoir,
  SpaceSaving,
} from '../src/sketches/index';
import type { FrequentItem } from '../src/sketches/index';
import { normal, rankIn, relativeDifference, testRandom } from './helpers';

/** Consecutive ranges [from, to) covering [0, n), including an empty and a one-value range. */
function ranges(n: number, sizes: readonly number[]): [number, number][] {
  const result: [number, number][] = [];
  let from = 0;
  for (const size of sizes) {
    const to = Math.min(n, from + size);
    result.push([from, to]);
    from = to;
  }
  if (from < n) result.push([from, n]);
  return result;
}

const SIZES = [0, 1, 0, 7, 255, 256, 257, 1, 1000, 4096];

function twoPass(values: Float64Array): { mean: number; m2: number } {
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / values.length;
  let m2 = 0;
  for (const value of values) m2 += (value - mean) ** 2;
  return { mean, m2 };
}

describe('addMany with the sum, min and max a caller already took', () => {
  /** Sum (in index order), min and max of `values[from, to)`, as ColumnProfile's gathering pass takes them. */
  function stats(values: Float64Array, from: number, to: number): [number, number, number] {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = from; i < to; i++) {
      sum += values[i] as number;
      min = Math.min(min, values[i] as number);
      max = Math.max(max, values[i] as number);
    }
    return [sum, min, max];
  }

  it('gives Moments and AlignedHistogram exactly what computing them gives', () => {
    const random = testRandom(37);
    const values = Float64Array.from({ length: 6000 }, () => Math.exp(3 * normal(random)) - 5);
    const given = { moments: new Moments(), histogram: new AlignedHistogram(16) };
    const computed = { moments: new Moments(), histogram: new AlignedHistogram(16) };
    for (const [from, to] of ranges(values.length, SIZES)) {
      if (to === from) continue;
      const [sum, min, max] = stats(values, from, to);
      given.moments.addMany(values, from, to, sum, min, max);
      given.histogram.addMany(values, from, to, min, max);
      computed.moments.addMany(values, from, to);
      computed.histogram.addMany(values, from, to);
    }
    expect(given.moments.toJSON()).toEqual(computed.moments.toJSON());
    expect(given.histogram.toJSON()).toEqual(computed.histogram.toJSON());
    expect(given.moments.count).toBe(values.length);
  });
});

describe('Moments.addMany', () => {
  it('gives exact count, min, max and sum and two-pass mean and variance over sub-ranges', () => {
    const random = testRandom(31);
    // Multiples of 2^-10 below 2^20: every partial sum is exact, so the sum cannot depend on grouping.
    const values = Float64Array.from(
      { length: 10_000 },
      () => Math.round((1000 + 50 * normal(random)) * 1024) / 1024,
    );
    const moments = new Moments();
    for (const [from, to] of ranges(values.length, SIZES)) moments.addMany(values, from, to);

    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const value of values) {
      sum += value;
      min = value < min ? value : min;
      max = value > max ? value : max;
    }
    expect([moments.count, moments.min, moments.max, moments.sum]).toEqual([values.length, min, max, sum]);
    const exact = twoPass(values);
    expect(relativeDifference(moments.mean, exact.mean)).toBeLessThan(1e-12);
    expect(relativeDifference(moments.sampleVariance(), exact.m2 / (values.length - 1))).toBeLessThan(1e-12);
  });

  it('does nothing for an empty range and takes a single value exactly', () => {
    const moments = new Moments();
    const values = Float64Array.of(3, -2.5, 8);
    moments.addMany(values, 1, 1);
    expect(moments.toJSON()).toEqual({ count: 0, mean: 0, m2: 0, sum: 0, min: null, max: null });
    moments.addMany(values, 1, 2);
    expect(moments.toJSON()).toEqual({ count: 1, mean: -2.5, m2: 0, sum: -2.5, min: -2.5, max: -2.5 });
    // Hand-worked: -2.5, 3, 8 → mean 17/6, Σ(x − mean)² = 54.541666…
    moments.addMany(values, 0, 1);
    moments.addMany(values, 2, 3);
    expect(moments.count).toBe(3);
    expect(moments.mean).toBeCloseTo(8.5 / 3, 14);
    expect(moments.m2).toBeCloseTo(2.5 ** 2 + 3 ** 2 + 8 ** 2 - 8.5 ** 2 / 3, 12);
    expect([moments.min, moments.max, moments.sum]).toEqual([-2.5, 8, 8.5]);
  });

  it('mixes add and addMany', () => {
    const random = testRandom(32);
    const values = Float64Array.from({ length: 5000 }, () => Math.exp(normal(random)));
    const moments = new Moments();
    let i = 0;
    for (const size of [3, 100, 1, 0, 1500, 2, 2000]) {
      if (size % 2 === 1) {
        for (const end = i + size; i < end; i++) moments.add(values[i] as number);
      } else {
        moments.addMany(values, i, i + size);
        i += size;
      }
    }
    moments.addMany(values, i, values.length);
    const exact = twoPass(values);
    expect(moments.count).toBe(values.length);
    expect([moments.min, moments.max]).toEqual([Math.min(...values), Math.max(...values)]);
    expect(relativeDifference(moments.sum, exact.mean * values.length)).toBeLessThan(1e-12);
    expect(relativeDifference(moments.mean, exact.mean)).toBeLessThan(1e-12);
    expect(relativeDifference(moments.sampleVariance(), exact.m2 / (values.length - 1))).toBeLessThan(1e-12);
  });

  it.each([1, -1])('keeps a finite mean for values near %d·1e308, whose plain sum overflows', (sign) => {
    const random = testRandom(33);
    const values = Float64Array.from({ length: 1000 }, () => sign * 1e308 * (1 + 0.7 * random()));
    const bulk = new Moments();
    for (const [from, to] of ranges(values.length, [0, 1, 10, 300])) bulk.addMany(values, from, to);
    const single = new Moments();
    for (const value of values) single.add(value);
    // Independent: Σ x/n never overflows.
    let mean = 0;
    for (const value of values) mean += value / values.length;
    expect(Number.isFinite(bulk.mean)).toBe(true);
    expect(relativeDifference(bulk.mean, single.mean)).toBeLessThan(1e-12);
    expect(relativeDifference(bulk.mean, mean)).toBeLessThan(1e-12);
    expect([bulk.count, bulk.min, bulk.max]).toEqual([single.count, single.min, single.max]);
  });
});

/** Counts of `values` per bin [edges[i], edges[i+1]), by brute force. */
function binByEdges(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const value of values) {
    const bin = edges.findIndex((edge, i) => i < edges.length - 1 && edge <= value && value < edges[i + 1]!);
    if (bin >= 0) counts[bin]!++;
  }
  return counts;
}

describe('AlignedHistogram.addMany', () => {
  const random = testRandom(41);
  const batch = (length: number, make: () => number) => Float64Array.from({ length }, make);
  const batches = [
    batch(100, () => random()),
    batch(1, () => 0.5),
    batch(0, () => 0),
    batch(500, () => 1000 * random()),
    batch(300, () => -5000 * random()),
    // Positive only: see the negative-subnormal test below.
    Float64Array.of(1e-310, 0, 5e-324, 2.5e-308),
    batch(1000, () => Math.exp(3 * normal(random))),
    batch(50, () => 1e300 * normal(random)),
  ];
  const tinyFirst = [
    Float64Array.of(0, 0, 1e-310, 5e-324, 3e-310),
    Float64Array.of(-2e-310, 0),
    batch(200, () => random() * 1e-300),
    batch(200, () => normal(random)),
  ];

  it.each([
    ['rescaling ranges', batches, 32],
    ['rescaling ranges, 2 bins', batches, 2],
    ['subnormals first', tinyFirst, 8],
  ] as const)('equals adding one by one, batch after batch (%s)', (_, data, maxBins) => {
    const bulk = new AlignedHistogram(maxBins);
    const single = new AlignedHistogram(maxBins);
    const seen: number[] = [];
    for (const values of data) {
      // Sub-ranges of the batch, with garbage around them that must not be counted.
      const padded = new Float64Array(values.length + 4).fill(1e200);
      padded.set(values, 2);
      for (const [from, to] of ranges(values.length, [0, 1, 17, 64])) bulk.addMany(padded, from + 2, to + 2);
      for (const value of values) single.add(value);
      seen.push(...values);
      const json = bulk.toJSON();
      expect(json).toEqual(single.toJSON());
      if (seen.length === 0) continue;
      // Independently: every value counted once, in the bin its edges say.
      expect(json.counts).toEqual(binByEdges(seen, json.edges));
      expect(json.counts.reduce((a, b) => a + b, 0)).toBe(seen.length);
      expect([json.min, json.max]).toEqual([Math.min(...seen), Math.max(...seen)]);
      expect(json.counts.length).toBeLessThanOrEqual(maxBins);
    }
  });

  // value / width underflows to −0 for a negative value smaller than 2^(scale − 1075) in magnitude, and
  // floor(−0) would put it in bin [0, width) instead of [−width, 0) (a bug these tests found): `add` bins
  // such a value while the scale is still fine, addMany at the final coarse scale.
  it('equals adding one by one with a tiny negative value among larger ones', () => {
    const single = new AlignedHistogram(32);
    single.add(-5e-324);
    single.add(100);
    const bulk = new AlignedHistogram(32);
    bulk.addMany(Float64Array.of(-5e-324, 100), 0, 2);
    expect(bulk.toJSON()).toEqual(single.toJSON());
  });

  it('bins a tiny negative value below 0 when the bins are coarse', () => {
    const histogram = new AlignedHistogram(32);
    histogram.add(100);
    histogram.add(-5e-324);
    const json = histogram.toJSON();
    expect(json.min).toBe(-5e-324);
    expect(json.edges[0]).toBeLessThanOrEqual(-5e-324);
    expect(json.counts).toEqual(binByEdges([100, -5e-324], json.edges));
  });
});

describe('FixedHistogram.addMany', () => {
  it('counts a hand-worked case: bins [0, 1), [1, 2] with underflow and overflow', () => {
    const histogram = new FixedHistogram([0, 1, 2]);
    histogram.addMany(Float64Array.of(9, -1, 0, 0.5, 1, 2, 3, 9), 1, 7);
    expect(histogram.toJSON()).toEqual({
      type: 'fixed',
      edges: [0, 1, 2],
      counts: [2, 2],
      underflow: 1,
      overflow: 1,
    });
  });

  it('equals adding one by one', () => {
    const random = testRandom(51);
    const edges = [-1, 0, 0.5, 2, 10];
    const values = Float64Array.from({ length: 5000 }, (_, i) =>
      i % 10 === 0 ? (edges[i % 50 === 0 ? 4 : (i / 10) % 5] as number) : 12 * random() - 2,
    );
    const bulk = new FixedHistogram(edges);
    const single = new FixedHistogram(edges);
    for (const [from, to] of ranges(values.length, SIZES)) bulk.addMany(values, from, to);
    for (const value of values) single.add(value);
    expect(bulk.toJSON()).toEqual(single.toJSON());
    const json = bulk.toJSON();
    expect(json.counts.reduce((a, b) => a + b, json.underflow + json.overflow)).toBe(values.length);
  });

  it('bins by counting edges ≤ each value, with even, uneven and steep edges alike', () => {
    const random = testRandom(52);
    const cases = [
      // Evenly spaced (the guess lands), as data-chosen reference edges are.
      Array.from({ length: 41 }, (_, i) => -3 + i * 0.25),
      // Uneven: the guess is off by many bins and the search takes over.
      [0, 1e-9, 1e-6, 0.001, 1, 1000, 1e6],
      // Edges that are not exact in binary (0.1 steps), with values on them.
      Array.from({ length: 31 }, (_, i) => i / 10),
    ];
    for (const edges of cases) {
      const values = Float64Array.from({ length: 20_000 }, (_, i) => {
        if (i % 7 === 0) return edges[i % edges.length] as number;
        const low = edges[0] as number;
        const high = edges[edges.length - 1] as number;
        return low - 0.1 * (high - low) + 1.2 * (high - low) * random() ** (i % 3 === 0 ? 6 : 1);
      });
      const histogram = new FixedHistogram(edges);
      histogram.addMany(values, 0, values.length);
      // The definition, counted directly: the bin of v is the number of edges ≤ v, minus one.
      const counts = new Array<number>(edges.length - 1).fill(0);
      let underflow = 0;
      let overflow = 0;
      for (const value of values) {
        const below = edges.filter((edge) => edge <= value).length;
        if (below === 0) underflow++;
        else if (value === edges[edges.length - 1]) counts[edges.length - 2]!++;
        else if (below === edges.length) overflow++;
        else counts[below - 1]!++;
      }
      expect(histogram.toJSON()).toEqual({ type: 'fixed', edges, counts, underflow, overflow });
    }
  });
});

describe('HyperLogLog.addNumbers', () => {
  it('equals adding one by one, through the switch from exact counting to registers', () => {
    const random = testRandom(81);
    for (const lgK of [4, 8, 12]) {
      // Integers, fractions of every magnitude, ±0, repeats: past the exact limit within one call.
      const values = Float64Array.from({ length: 30_000 }, (_, i) => {
        if (i % 97 === 0) return i % 2 === 0 ? 0 : -0;
        if (i % 5 === 0) return Math.floor(random() * 5000);
        return (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
      });
      const bulk = new HyperLogLog(lgK);
      const single = new HyperLogLog(lgK);
      for (const [from, to] of ranges(values.length, SIZES)) bulk.addNumbers(values, from, to);
      for (const value of values) single.addNumber(value);
      expect(bulk.toJSON()).toEqual(single.toJSON());
      expect(bulk.estimate()).toBe(single.estimate());
    }
  });
});

describe('KllSketch.addMany', () => {
  const n = 200_000;
  const random = testRandom(61);
  // Skewed: log-normal with a heavy right tail.
  const values = Float64Array.from({ length: n }, () => Math.exp(2 * normal(random)));
  const sorted = values.slice().sort();
  // Below, at and above addMany's sorted-run length (1,024), and longer than one run (8,192).
  const chunks = [1, 7, 255, 256, 257, 0, 1000, 50_000, 3, 1024, 8193];

  function fill(k: number, seed: number): KllSketch {
    const sketch = new KllSketch(k, seed);
    for (const [from, to] of ranges(n, chunks)) sketch.addMany(values, from, to);
    return sketch;
  }

  /** Exact fraction of the data ≤ x. */
  const trueRank = (x: number) => rankIn(sorted, x);

  it.each([1024, 64])('keeps n, min, max exact and quantiles within the rank error (k = %d)', (k) => {
    const sketch = fill(k, 7);
    expect([sketch.n, sketch.min, sketch.max]).toEqual([n, sorted[0], sorted[n - 1]]);
    expect([sketch.quantile(0), sketch.quantile(1)]).toEqual([sorted[0], sorted[n - 1]]);
    let worst = 0;
    for (let i = 1; i <= 99; i++) {
      const q = i / 100;
      worst = Math.max(worst, Math.abs(trueRank(sketch.quantile(q)) - q));
    }
    expect(worst).toBeLessThanOrEqual(KllSketch.normalizedRankError(k));
    const { weights } = sketch.weightedItems();
    expect(weights.reduce((a, b) => a + b, 0)).toBe(n);
  });

  it('is deterministic for a seed', () => {
    expect(fill(1024, 9).toJSON()).toEqual(fill(1024, 9).toJSON());
  });
});

describe('Reservoir.offerMany', () => {
  /** Feeds `count` values (`base` + their stream index) one at a time. */
  function offerEach(sample: Reservoir, count: number, base = 0): void {
    for (let i = 0; i < count; i++) {
      const value = base + sample.seen;
      const slot = sample.offer();
      if (slot >= 0) sample.set(slot, value);
    }
  }

  /** The same `count` values through offerMany. */
  function offerBulk(sample: Reservoir, count: number, base = 0): void {
    const first = base + sample.seen;
    let last = -1;
    sample.offerMany(count, (offset, slot) => {
      // Offsets must come in stream order and inside the chunk.
      if (!(offset > last && offset < count)) throw new Error(`offset ${offset} after ${last} of ${count}`);
      last = offset;
      sample.set(slot, first + offset);
    });
  }

  const chunks = [1, 7, 1000, 0, 50_000, 3, 1, 250, 20_000, 99];

  function expectSame(a: Reservoir, b: Reservoir): void {
    expect(b.seen).toBe(a.seen);
    expect(b.items).toEqual(a.items);
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(a.items).toHaveLength(Math.min(a.capacity, a.seen));
    expect(new Set(a.items).size).toBe(a.items.length);
    // Items of the other side of a merge start at 1e6 (see below).
    expect(a.items.every((item) => (item as number) % 1e6 < a.seen)).toBe(true);
  }

  it.each([1, 10, 1000, 2000])(
    'makes the same choices as offer, chunk by chunk (capacity %d)',
    (capacity) => {
      const single = new Reservoir(capacity, 77);
      const bulk = new Reservoir(capacity, 77);
      for (const count of chunks) {
        offerEach(single, count);
        offerBulk(bulk, count);
        expectSame(single, bulk);
      }
    },
  );

  it.each([
    ['both sides filled', 5000, 3000],
    ['an empty side merged into', 0, 3000],
    ['a short side', 40, 3000],
  ])('makes the same choices as offer after a merge (%s)', (_, left, right) => {
    const capacity = 100;
    const single = new Reservoir(capacity, 5);
    const bulk = new Reservoir(capacity, 5);
    const singleOther = new Reservoir(capacity, 6);
    const bulkOther = new Reservoir(capacity, 6);
    offerEach(single, left);
    offerBulk(bulk, left);
    // Values of their own, so that the merged sample's items stay distinct.
    offerEach(singleOther, right, 1e6);
    offerBulk(bulkOther, right, 1e6);
    single.merge(singleOther);
    bulk.merge(bulkOther);
    expectSame(single, bulk);
    expect(single.seen).toBe(left + right);
    // Algorithm R from here on; stream indexes go on from the merged count.
    for (const count of chunks) {
      offerEach(single, count);
      offerBulk(bulk, count);
      expectSame(single, bulk);
    }
  });
});

/** The `capacity` largest counts, ties by value: the brute-force top of a count table. */
function topCounts(values: readonly string[], counts: readonly number[], capacity: number): FrequentItem[] {
  return values
    .map((value, i) => ({ value, count: counts[i] as number, error: 0 }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'en'))
    .slice(0, capacity);
}

function roundTrip(summary: SpaceSaving): SpaceSaving {
  return SpaceSaving.fromJSON(JSON.parse(JSON.stringify(summary.toJSON())));
}

describe('SpaceSaving.fromCounts', () => {
  it('is exact with at most `capacity` values, and stays exact through JSON', () => {
    const summary = SpaceSaving.fromCounts(['a', 'b', 'c'], [5, 1, 3], 3);
    expect(summary.exact).toBe(true);
    expect(summary.n).toBe(9);
    expect(summary.minimumCount).toBe(0);
    expect(summary.items()).toEqual([
      { value: 'a', count: 5, error: 0 },
      { value: 'c', count: 3, error: 0 },
      { value: 'b', count: 1, error: 0 },
    ]);
    const copy = roundTrip(summary);
    expect(copy.exact).toBe(true);
    expect(copy.items()).toEqual(summary.items());
    expect(copy.n).toBe(9);
    expect(SpaceSaving.fromCounts(['x', 'y'], Float64Array.of(2, 2), 5).exact).toBe(true);
  });

  it('keeps the `capacity` largest counts exactly, ties by value (hand-worked)', () => {
    const summary = SpaceSaving.fromCounts(['d', 'b', 'a', 'c'], [2, 3, 2, 2], 2);
    expect(summary.items()).toEqual([
      { value: 'b', count: 3, error: 0 },
      { value: 'a', count: 2, error: 0 },
    ]);
    expect([summary.exact, summary.n, summary.minimumCount]).toEqual([false, 9, 2]);
  });

  it('keeps the largest counts of many values, whatever their order, and is not exact', () => {
    const random = testRandom(71);
    const values = Array.from({ length: 300 }, (_, i) => `v${i}`);
    // Few distinct counts, so that many ties sit at the cut.
    const counts = values.map(() => 1 + Math.floor(20 * random() ** 3));
    const capacity = 40;
    const expected = topCounts(values, counts, capacity);
    const total = counts.reduce((a, b) => a + b, 0);
    const order = values.map((_, i) => i).reverse();
    for (const [v, c] of [
      [values, counts],
      [order.map((i) => values[i] as string), order.map((i) => counts[i] as number)],
    ] as const) {
      const summary = SpaceSaving.fromCounts(v, Float64Array.from(c), capacity);
      expect(summary.items()).toEqual(expected);
      expect([summary.exact, summary.n, summary.size]).toEqual([false, total, capacity]);
      const kept = new Set(expected.map((item) => item.value));
      const dropped = values.flatMap((value, i) => (kept.has(value) ? [] : [counts[i] as number]));
      expect(summary.minimumCount).toBeGreaterThanOrEqual(Math.max(...dropped));
      for (const value of values.filter((value) => !kept.has(value))) {
        expect(summary.has(value)).toBe(false);
      }

      // A lossy summary must not come back from JSON declared exact.
      const copy = roundTrip(summary);
      expect(copy.exact).toBe(false);
      expect([copy.n, copy.minimumCount]).toEqual([total, summary.minimumCount]);
      expect(copy.items()).toEqual(expected);
    }
  });

  it('merges two exact summaries into an inexact one when their union overflows, also through JSON', () => {
    const left = SpaceSaving.fromCounts(['a', 'b', 'c'], [4, 3, 1], 4);
    const right = SpaceSaving.fromCounts(['c', 'd', 'e'], [2, 5, 1], 4);
    expect([left.exact, right.exact]).toEqual([true, true]);
    const merged = left.merge(right);
    // Union a4 b3 c3 d5 e1: five values for four counters, so e (the smallest) goes.
    expect(merged.items()).toEqual([
      { value: 'd', count: 5, error: 0 },
      { value: 'a', count: 4, error: 0 },
      { value: 'b', count: 3, error: 0 },
      { value: 'c', count: 3, error: 0 },
    ]);
    expect([merged.exact, merged.n]).toEqual([false, 16]);
    expect(roundTrip(merged).exact).toBe(false);

    // A union that fits stays exact, through JSON too.
    const fits = SpaceSaving.fromCounts(['a', 'b'], [4, 3], 4).merge(
      SpaceSaving.fromCounts(['b', 'c'], [1, 2], 4),
    );
    expect(fits.exact).toBe(true);
    expect(fits.items()).toEqual([
      { value: 'a', count: 4, error: 0 },
      { value: 'b', count: 4, error: 0 },
      { value: 'c', count: 2, error: 0 },
    ]);
    const copy = roundTrip(fits);
    expect([copy.exact, copy.n]).toEqual([true, 10]);
  });
});
