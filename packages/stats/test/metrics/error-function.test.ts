import { describe, expect, it } from 'vitest';
import { erf, erfc } from '../../src/metrics/index';

/** |actual − expected| ≤ tolerance·|expected|. */
function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

// References: Abramowitz & Stegun Table 7.1 (erf 0.5, 1) and 40-digit mpmath values rounded to double.
describe('erf and erfc', () => {
  it('match tabulated values near the origin', () => {
    expectRelative(erf(0.5), 0.5204998778130465, 1e-15);
    expectRelative(erf(1), 0.8427007929497149, 1e-15);
    expectRelative(erfc(1), 0.15729920705028513, 1e-15);
    expectRelative(erf(1e-8), 1.1283791670955126e-8, 1e-15); // ≈ 2x/√π
  });

  it('keep relative accuracy deep in the upper tail', () => {
    expectRelative(erfc(3), 2.209049699858544e-5, 1e-14);
    expectRelative(erfc(10), 2.088487583762545e-45, 1e-14);
    expectRelative(erfc(26), 5.663192408856143e-296, 1e-14);
  });

  it('are odd and complementary', () => {
    expectRelative(erf(-1), -0.8427007929497149, 1e-15);
    expectRelative(erfc(-1), 1.8427007929497148, 1e-15);
    for (const x of [0.1, 0.7, 1.2, 1.3, 2, 4]) {
      expect(erf(x) + erfc(x)).toBeCloseTo(1, 15);
      expect(erf(-x)).toBe(-erf(x));
    }
    expect(erf(0)).toBe(0);
    expect(erfc(0)).toBe(1);
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erfc(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfc(Number.NEGATIVE_INFINITY)).toBe(2);
    expect(erfc(1e300)).toBe(0);
    expect(erf(Number.NaN)).toBeNaN();
  });

  it('is continuous where the series hands over to the continued fraction (x = √1.5)', () => {
    const edge = Math.sqrt(1.5);
    expectRelative(erfc(edge - 1e-12), erfc(edge + 1e-12), 1e-11);
  });
});
