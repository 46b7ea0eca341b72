import { describe, expect, it } from 'vitest';
import { KllSketch } from '../src/sketches/index';
import { normal, rankIn, testRandom } from './helpers';

const n = 1_000_000;
const random = testRandom(21);
const values = Float64Array.from({ length: n }, () => Math.exp(normal(random)));
const sorted = values.slice().sort();

/** Exact fraction of the data ≤ x. */
const trueRank = (x: number) => rankIn(sorted, x);

function maxRankError(sketch: KllSketch): number {
  let worst = 0;
  for (let i = 1; i < 1000; i++) {
    const q = i / 1000;
    worst = Math.max(worst, Math.abs(trueRank(sketch.quantile(q)) - q));
  }
  return worst;
}

describe('KllSketch', () => {
  it('states the published rank error for its k', () => {
    expect(KllSketch.normalizedRankError(200)).toBeCloseTo(0.0133, 4);
    expect(new KllSketch().normalizedRankError).toBeCloseTo(0.00272, 5);
  });

  it('answers quantiles of 1e6 values within the stated rank error of the exact sorted quantiles', () => {
    const sketch = new KllSketch(1024, 3);
    for (const value of values) sketch.add(value);
    expect(sketch.n).toBe(n);
    expect(maxRankError(sketch)).toBeLessThanOrEqual(sketch.normalizedRankError);
    expect([sketch.quantile(0), sketch.quantile(1)]).toEqual([sorted[0], sorted[n - 1]]);
    for (const q of [0.1, 0.5, 0.9]) {
      const x = sorted[Math.floor(q * n)] as number;
      expect(Math.abs(sketch.rank(x) - trueRank(x))).toBeLessThanOrEqual(sketch.normalizedRankError);
    }
  });

  it('merges shards within the same error, deterministically for a seed', () => {
    const shards = [0, 1, 2, 3].map((shard) => {
      const sketch = new KllSketch(1024, 10 + shard);
      for (let i = shard; i < n; i += 4) sketch.add(values[i] as number);
      return sketch;
    });
    const merged = new KllSketch(1024, 99);
    shards.forEach((shard) => merged.merge(shard));
    expect(merged.n).toBe(n);
    expect(maxRankError(merged)).toBeLessThanOrEqual(merged.normalizedRankError);

    const again = new KllSketch(1024, 99);
    shards.forEach((shard) => again.merge(shard));
    expect(again.quantiles([0.01, 0.25, 0.5, 0.75, 0.99])).toEqual(
      merged.quantiles([0.01, 0.25, 0.5, 0.75, 0.99]),
    );
  });

  it('survives JSON and goes on exactly as the original', () => {
    const original = new KllSketch(256, 5);
    for (let i = 0; i < 50_000; i++) original.add(values[i] as number);
    const copy = KllSketch.fromJSON(JSON.parse(JSON.stringify(original.toJSON())));
    for (let i = 50_000; i < 80_000; i++) {
      original.add(values[i] as number);
      copy.add(values[i] as number);
    }
    expect(copy.toJSON()).toEqual(original.toJSON());
    expect(new KllSketch().quantile(0.5)).toBeNaN();
  });
});

describe('KllSketch.addCounts', () => {
  it('adds counted values with no error of its own: ranks are exact while nothing is compacted', () => {
    const values = Float64Array.from({ length: 73 }, (_, i) => 18 + i);
    const counts = Float64Array.from(values, (value) => 1 + ((value * 37) % 500));
    const sketch = new KllSketch(1024, 3);
    sketch.addCounts(values, counts);
    const total = counts.reduce((sum, count) => sum + count, 0);
    expect(sketch.n).toBe(total);
    expect([sketch.min, sketch.max]).toEqual([18, 90]);
    let below = 0;
    values.forEach((value, i) => {
      below += counts[i] as number;
      expect(sketch.rank(value)).toBeCloseTo(below / total, 12);
    });
  });

  it('stays within the rank error when counts overflow into compactions', () => {
    const values = Float64Array.from({ length: 4000 }, (_, i) => i);
    const counts = Float64Array.from(values, (value) => 1 + (value % 97));
    const sketch = new KllSketch(64, 5);
    sketch.addCounts(values, counts);
    sketch.addCounts(values, counts);
    const total = 2 * counts.reduce((sum, count) => sum + count, 0);
    let below = 0;
    let worst = 0;
    values.forEach((value, i) => {
      below += 2 * (counts[i] as number);
      worst = Math.max(worst, Math.abs(sketch.rank(value) - below / total));
    });
    expect(worst).toBeLessThan(KllSketch.normalizedRankError(64));
  });
});
