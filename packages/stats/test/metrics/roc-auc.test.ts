import { describe, expect, it } from 'vitest';
import { prepareRocAuc, rocAuc, type MetricWarning } from '../../src/metrics/index';
import { randomBinaryData, randomIntegers, repeatRows } from './random-data';

/** The definition itself: every (positive, negative) pair, a win counting 1 and a tie ½. O(n²). */
function pairCountingAuc(labels: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((positiveLabel, i) => {
    if (positiveLabel !== 1) return;
    labels.forEach((negativeLabel, j) => {
      if (negativeLabel !== 0) return;
      pairs++;
      if (scores[i]! > scores[j]!) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    });
  });
  return wins / pairs;
}

describe('rocAuc', () => {
  it("matches scikit-learn's roc_auc_score docstring example", () => {
    // Positives .35 and .8 against negatives .1 and .4: wins .35>.1, .8>.1, .8>.4 → 3 of 4 pairs.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it('counts a tie between a positive and a negative as one half', () => {
    // positives .5, .9, .1 vs negatives .2, .5, .9:
    //   .5 → 1 (>.2) + ½ (=.5) + 0 = 1.5;  .9 → 1 + 1 + ½ = 2.5;  .1 → 0.   (1.5 + 2.5) / 9
    expect(rocAuc([0, 0, 1, 1, 0, 1], [0.2, 0.5, 0.5, 0.9, 0.9, 0.1])).toBeCloseTo(4 / 9, 15);
  });

  it('is ½ when every score is equal, 1 when perfect and 0 when reversed', () => {
    expect(rocAuc([0, 1, 1, 0, 1], [0.3, 0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expect(rocAuc([0, 1, 1, 0], [0.1, 0.8, 0.9, 0.2])).toBe(1);
    expect(rocAuc([0, 1, 1, 0], [0.9, 0.2, 0.1, 0.8])).toBe(0);
  });

  it('equals brute-force pair counting on random data with many ties', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { labels, scores } = randomBinaryData(seed, 5 + seed * 3, seed % 2 === 0 ? 1 : 2);
      if (!labels.includes(0) || !labels.includes(1)) continue;
      expect(rocAuc(labels, scores)).toBeCloseTo(pairCountingAuc(labels, scores), 14);
    }
  });

  it('treats integer weights as repeated rows', () => {
    const { labels, scores } = randomBinaryData(7, 60);
    const weights = randomIntegers(8, 60, 4);
    expect(rocAuc(labels, scores, { weights })).toBeCloseTo(
      pairCountingAuc(repeatRows(labels, weights), repeatRows(scores, weights)),
      14,
    );
  });

  it('is NaN with an "undefined" warning when one class is absent', () => {
    const warnings: MetricWarning[] = [];
    expect(rocAuc([1, 1, 1], [0.2, 0.5, 0.9], { onWarning: (warning) => warnings.push(warning) })).toBeNaN();
    expect(rocAuc([0, 0], [0.2, 0.5])).toBeNaN();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ metric: 'roc_auc', code: 'undefined' });
  });

  it('prepared once, gives the same value under any weights', () => {
    const { labels, scores } = randomBinaryData(11, 80);
    const prepared = prepareRocAuc(labels, scores);
    const weights = randomIntegers(12, 80, 3);
    expect(prepared(undefined)).toBe(rocAuc(labels, scores));
    expect(prepared(weights)).toBe(rocAuc(labels, scores, { weights }));
  });
});
