import { upperGammaFraction } from './incomplete-gamma';

const SQRT_PI = Math.sqrt(Math.PI);
// x² = 1.5 is where the series and the continued fraction (for Q(½, x²)) cost about the same.
const SERIES_LIMIT = Math.sqrt(1.5);
/** erfc(x) is below the smallest double (≈ 4.9e-324) from x ≈ 27.3 on; past this, return 0 without work. */
export const UNDERFLOW_LIMIT = 30;

/**
 * The error function erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt, to about 1e-15 relative. For |x| < √1.5 it sums the
 * all-positive series erf(x) = (2/√π)·e^(−x²)·Σₙ 2ⁿ·x^(2n+1) / (1·3·…·(2n+1)) (Abramowitz & Stegun 7.1.6);
 * beyond, erf = 1 − erfc.
 *
 * @example erf(1) // 0.8427007929497149
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (Math.abs(x) < SERIES_LIMIT) return erfSeries(x);
  return x > 0 ? 1 - erfc(x) : erfc(-x) - 1;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x) = (2/√π) ∫ₓ^∞ e^(−t²) dt, accurate to about 1e-15
 * relative even deep in the tail (erfc(26) ≈ 5.7e-296), where 1 − erf would round to 0.
 *
 * @example erfc(1) // 0.15729920705028513
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < SERIES_LIMIT) {
    if (x > -SERIES_LIMIT) return 1 - erfSeries(x);
    return 2 - erfc(-x);
  }
  if (x >= UNDERFLOW_LIMIT) return 0;
  return exponentOfMinusSquare(x) * scaledErfcTail(x);
}

/**
 * e^(x²)·erfc(x) for x ≥ √1.5 — the slowly varying part of the tail, without the e^(−x²) factor, so that
 * callers who know x² exactly (the normal and chi-square tails) can supply that factor themselves.
 * Legendre's continued fraction for the upper incomplete gamma function Q(½, x²) = erfc(x)
 * (`upperGammaFraction`).
 */
export function scaledErfcTail(x: number): number {
  // Q(a, z) = e^(−z)·z^a / Γ(a) · fraction, with a = ½, z = x², Γ(½) = √π and z^½ = x.
  return (x / SQRT_PI) * upperGammaFraction(0.5, x * x);
}

/**
 * e^(−x²) without the rounding error of forming x² first (the way W. J. Cody's erfc does it): split x into
 * a part with few bits, whose square is exact, and a small remainder.
 */
export function exponentOfMinusSquare(x: number): number {
  const head = Math.trunc(x * 16) / 16;
  const remainder = (x - head) * (x + head);
  return Math.exp(-head * head) * Math.exp(-remainder);
}

function erfSeries(x: number): number {
  const z = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 100; n++) {
    term *= (2 * z) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
  }
  return (2 / SQRT_PI) * exponentOfMinusSquare(x) * sum;
}
