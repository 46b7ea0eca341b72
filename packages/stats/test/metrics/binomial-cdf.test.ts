import { describe, expect, it } from 'vitest';
import { binomialCdf } from '../../src/metrics/index';

/** Σ_{i ≤ k} C(n, i)·pⁱ·(1 − p)^(n−i) for p = a/b, exactly, as numerator / denominator BigInts. */
function exactBinomialCdf(k: number, n: number, a: bigint, b: bigint): number {
  let numerator = 0n;
  let choose = 1n;
  for (let i = 0; i <= k; i++) {
    if (i > 0) choose = (choose * BigInt(n - i + 1)) / BigInt(i);
    numerator += choose * a ** BigInt(i) * (b - a) ** BigInt(n - i);
  }
  const denominator = b ** BigInt(n);
  // Scale so the quotient carries ~80 significant bits before converting to a double.
  const shift = denominator.toString(2).length - numerator.toString(2).length + 80;
  // Two half-steps, so that 2^−shift itself cannot underflow when the result is a tiny normal number.
  const half = Math.floor(shift / 2);
  return Number((numerator << BigInt(shift)) / denominator) * 2 ** -half * 2 ** -(shift - half);
}

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('binomialCdf', () => {
  it('sums small cases by hand', () => {
    expectRelative(binomialCdf(2, 10, 0.5), 56 / 1024, 1e-15); // (1 + 10 + 45) / 2¹⁰
    expectRelative(binomialCdf(0, 3, 0.5), 1 / 8, 1e-15);
    // P(X ≤ 1) for n = 3, p = 0.3: 0.7³ + 3·0.3·0.7² = 0.343 + 0.441
    expect(binomialCdf(1, 3, 0.3)).toBeCloseTo(0.784, 15);
  });

  it('handles the ends of the support and degenerate p', () => {
    expect(binomialCdf(-1, 5, 0.5)).toBe(0);
    expect(binomialCdf(5, 5, 0.5)).toBe(1);
    expect(binomialCdf(2, 5, 0)).toBe(1);
    expect(binomialCdf(2, 5, 1)).toBe(0);
    expect(binomialCdf(2.7, 10, 0.5)).toBe(binomialCdf(2, 10, 0.5)); // P(X ≤ 2.7) = P(X ≤ 2)
  });

  it('matches exact rational arithmetic, small tails included', () => {
    for (const n of [1, 7, 24, 60, 200, 1000]) {
      for (const k of [0, 1, Math.floor(n / 3), Math.floor(n / 2), Math.floor(0.8 * n), n - 1]) {
        // Rounding in the k-term sums grows with n: ~1e-14 for McNemar's exact range (n < 25).
        const tolerance = n < 25 ? 1e-14 : 2e-12;
        expectRelative(binomialCdf(k, n, 0.5), exactBinomialCdf(k, n, 1n, 2n), tolerance);
        expectRelative(binomialCdf(k, n, 0.3), exactBinomialCdf(k, n, 3n, 10n), tolerance);
      }
    }
  });
});
