import { describe, expect, it } from 'vitest';
import { SpaceSaving } from '../src/sketches/index';
import { testRandom } from './helpers';

/** A Zipf-like stream: value i appears with probability ∝ 1/(i+1). */
function zipfStream(length: number, distinct: number, seed: number): string[] {
  const random = testRandom(seed);
  const weights = Array.from({ length: distinct }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b);
  const cumulative: number[] = [];
  weights.reduce((sum, weight) => (cumulative.push((sum + weight) / total), sum + weight), 0);
  return Array.from({ length }, () => {
    const u = random();
    let low = 0;
    let high = distinct - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) >= u) high = middle;
      else low = middle + 1;
    }
    return `v${low}`;
  });
}

function trueCounts(stream: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of stream) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function expectGuarantees(summary: SpaceSaving, truth: Map<string, number>, n: number): void {
  const bound = n / summary.capacity;
  const tracked = new Set(summary.items().map((item) => item.value));
  for (const item of summary.items()) {
    const count = truth.get(item.value) ?? 0;
    expect(item.count).toBeGreaterThanOrEqual(count);
    expect(item.count - item.error).toBeLessThanOrEqual(count);
    expect(item.count - count).toBeLessThanOrEqual(bound);
  }
  for (const [value, count] of truth) if (count > bound) expect(tracked.has(value), value).toBe(true);
}

describe('SpaceSaving', () => {
  const stream = zipfStream(200_000, 20_000, 4);
  const truth = trueCounts(stream);

  it('finds the true heavy hitters, each count within n/capacity above the truth', () => {
    const summary = new SpaceSaving(256);
    stream.forEach((value) => summary.add(value));
    expectGuarantees(summary, truth, stream.length);
    const top = [...truth.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([value]) => value);
    expect(summary.items(5).map((item) => item.value)).toEqual(top);
  });

  it('keeps the guarantees through merges of shards', () => {
    const shards = [0, 1, 2].map((shard) => {
      const summary = new SpaceSaving(256);
      stream.filter((_, i) => i % 3 === shard).forEach((value) => summary.add(value));
      return summary;
    });
    const merged = (shards[0] as SpaceSaving).merge(shards[1] as SpaceSaving).merge(shards[2] as SpaceSaving);
    expect(merged.n).toBe(stream.length);
    expectGuarantees(merged, truth, stream.length);
  });

  it('is exact while the values fit, also through merges and JSON', () => {
    const left = new SpaceSaving(8);
    const right = new SpaceSaving(8);
    ['a', 'b', 'a', 'c'].forEach((value) => left.add(value));
    ['c', 'c', 'd'].forEach((value) => right.add(value));
    const merged = SpaceSaving.fromJSON(JSON.parse(JSON.stringify(left.merge(right).toJSON())));
    expect(merged.exact).toBe(true);
    expect(merged.items()).toEqual([
      { value: 'c', count: 3, error: 0 },
      { value: 'a', count: 2, error: 0 },
      { value: 'b', count: 1, error: 0 },
      { value: 'd', count: 1, error: 0 },
    ]);
    expect(merged.estimate('zzz')).toBe(0);
  });
});
