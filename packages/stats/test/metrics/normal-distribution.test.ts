import { describe, expect, it } from 'vitest';
import { normalCdf, normalSurvival } from '../../src/metrics/index';

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('normalCdf', () => {
  it('matches Abramowitz & Stegun Table 26.1', () => {
    expectRelative(normalCdf(1), 0.8413447460685429, 1e-15);
    expectRelative(normalCdf(2), 0.9772498680518208, 1e-15);
    expectRelative(normalCdf(3), 0.9986501019683699, 1e-15);
    expect(normalCdf(0)).toBe(0.5);
  });

  it('gives the familiar 1.96 → 97.5 %', () => {
    expectRelative(normalCdf(1.96), 0.9750021048517795, 1e-15);
    expectRelative(normalCdf(1.959963984540054), 0.975, 1e-15);
  });

  it('keeps relative accuracy in the far lower tail (mpmath references)', () => {
    expectRelative(normalCdf(-5), 2.866515718791939e-7, 1e-14);
    expectRelative(normalCdf(-10), 7.619853024160525e-24, 1e-14);
    expectRelative(normalCdf(-20), 2.7536241186062337e-89, 1e-14);
    expectRelative(normalCdf(-37.5), 4.605353009581955e-308, 1e-13);
  });

  it('has an upper tail that does not round to 0', () => {
    expectRelative(normalSurvival(8.5), 9.479534822203318e-18, 1e-14);
    expectRelative(normalSurvival(1), 0.15865525393145705, 1e-15);
    for (const z of [-3, -0.5, 0.5, 3]) expect(normalSurvival(z)).toBeCloseTo(1 - normalCdf(z), 15);
    expect(normalSurvival(Number.POSITIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
  });
});
