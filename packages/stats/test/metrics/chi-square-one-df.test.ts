import { describe, expect, it } from 'vitest';
import { chiSquareOneDfCdf, chiSquareOneDfSurvival, normalCdf } from '../../src/metrics/index';

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('chi-square with one degree of freedom', () => {
  it('puts the tabulated critical values at 5 %, 1 % and 0.1 %', () => {
    expectRelative(chiSquareOneDfSurvival(3.841458820694124), 0.05, 1e-14);
    expectRelative(chiSquareOneDfSurvival(6.634896601021214), 0.01, 1e-14);
    expectRelative(chiSquareOneDfSurvival(10.827566170662733), 0.001, 1e-14);
    expectRelative(chiSquareOneDfCdf(3.841458820694124), 0.95, 1e-15);
  });

  it('is the square of a standard normal: P(χ² ≤ 1) = P(|Z| ≤ 1)', () => {
    expectRelative(chiSquareOneDfCdf(1), 0.6826894921370859, 1e-15);
    expectRelative(chiSquareOneDfCdf(1), 2 * normalCdf(1) - 1, 1e-15);
    expectRelative(chiSquareOneDfSurvival(4), 2 * normalCdf(-2), 1e-14);
  });

  it('keeps relative accuracy in both tails (mpmath references)', () => {
    expectRelative(chiSquareOneDfSurvival(200), 2.088487583762545e-45, 1e-14);
    expectRelative(chiSquareOneDfCdf(1e-10), 7.978845607895674e-6, 1e-14);
  });

  it('is 0 / 1 at and below zero', () => {
    expect(chiSquareOneDfCdf(0)).toBe(0);
    expect(chiSquareOneDfSurvival(0)).toBe(1);
    expect(chiSquareOneDfSurvival(-1)).toBe(1);
    expect(chiSquareOneDfSurvival(Number.POSITIVE_INFINITY)).toBe(0);
    expect(chiSquareOneDfCdf(Number.POSITIVE_INFINITY)).toBe(1);
  });
});
