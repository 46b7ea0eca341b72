import { logGamma } from './incomplete-gamma';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
/** SciPy's _MIN_LOG: below e^−697 the Pelz–Good series is 0 in double precision. */
const MIN_LOG = -708;
const SCALE = 2 ** 128;

/**
 * Survival function P(Dₙ ≥ x) of the two-sided one-sample Kolmogorov–Smirnov statistic — SciPy's
 * `kstwo.sf(x, n)` (scipy/stats/_ksstats.py `_kolmogn`), which `ks_2samp` uses in its asymptotic mode with
 * n = round(n₁n₂/(n₁+n₂)). The same case split as SciPy: Ruben–Gambino's closed forms at the ends,
 * 2·(one-sided Smirnov) in the upper tail, Durbin's matrix (Marsaglia, Tsang & Wang 2003) where SciPy
 * uses it — also in place of Pomeranz's recursion for n ≤ 140, both being exact — and Pelz–Good's
 * asymptotic series (1976) elsewhere.
 *
 * @example kolmogorovSurvival(0.5, 10) // 0.06878 (2·smirnov(10, 0.5))
 */
export function kolmogorovSurvival(x: number, n: number): number {
  if (!(Number.isInteger(n) && n >= 1) || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    // Ruben–Gambino: for 1/2n ≤ x ≤ 1/n, P(Dₙ < x) = n!/nⁿ·(2nx − 1)ⁿ.
    return 1 - Math.exp(logGamma(n + 1) - n * Math.log(n) + n * Math.log(2 * t - 1));
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSurvival(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 4) return clip(1 - durbinMatrixCdf(n, x));
    return clip(2 * smirnovSurvival(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSurvival(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}

/**
 * One-sided Smirnov survival P(Dₙ⁺ ≥ d) — SciPy's `scipy.special.smirnov(n, d)` — by the Birnbaum–Tingey
 * sum d·Σⱼ C(n, j)(1 − d − j/n)^(n−j)(d + j/n)^(j−1), j = 0 … ⌊n(1 − d)⌋, every term positive and taken
 * in logs so that large n neither overflows nor underflows.
 */
export function smirnovSurvival(n: number, d: number): number {
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  const last = Math.floor(n * (1 - d));
  let logChoose = 0;
  let sum = 0;
  for (let j = 0; j <= last; j++) {
    if (j > 0) logChoose += Math.log((n - j + 1) / j);
    const lower = 1 - d - j / n;
    const upper = d + j / n;
    if (lower <= 0) {
      if (n - j === 0) sum += Math.exp(logChoose + (j - 1) * Math.log(upper));
      continue;
    }
    sum += Math.exp(logChoose + (n - j) * Math.log(lower) + (j - 1) * Math.log(upper));
  }
  return d * sum;
}

/**
 * P(Dₙ < d) exactly, by Durbin's matrix formula as Marsaglia, Tsang & Wang ("Evaluating Kolmogorov's
 * distribution", J. Stat. Softw. 2003) compute it: the (k, k) entry of Hⁿ times n!/nⁿ, with k = ⌈nd⌉,
 * H of order 2k − 1, powers by squaring and a separate binary exponent against overflow (as SciPy's
 * `_kolmogn_DMTW`).
 */
export function durbinMatrixCdf(n: number, d: number): number {
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  // H[i][j] = 1/(i − j + 1)! for i − j + 1 ≥ 0, with the first column and last row corrected by powers of h.
  const inverseFactorial = new Float64Array(m + 1);
  inverseFactorial[0] = 1;
  for (let i = 1; i <= m; i++) inverseFactorial[i] = (inverseFactorial[i - 1] as number) / i;
  const v = new Float64Array(m);
  for (let i = 0; i < m; i++) v[i] = (1 - h ** (i + 1)) * (inverseFactorial[i + 1] as number);
  v[m - 1] = (1 + Math.max(2 * h - 1, 0) ** m - 2 * h ** m) * (inverseFactorial[m] as number);
  let matrix: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 1; j < m; j++) if (i - j + 1 >= 0) matrix[i * m + j] = inverseFactorial[i - j + 1] as number;
    matrix[i * m] = v[i] as number;
  }
  for (let j = 0; j < m; j++) matrix[(m - 1) * m + j] = v[m - 1 - j] as number;

  let power: Float64Array | null = null;
  let powerExponent = 0;
  let matrixExponent = 0;
  const centre = (k - 1) * m + (k - 1);
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = power ? multiply(power, matrix, m) : matrix.slice();
      powerExponent += matrixExponent;
    }
    matrix = multiply(matrix, matrix, m);
    matrixExponent *= 2;
    if (Math.abs(matrix[centre] as number) > SCALE) {
      for (let i = 0; i < matrix.length; i++) matrix[i]! /= SCALE;
      matrixExponent += 128;
    }
  }
  let p = (power as Float64Array)[centre] as number;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < 1 / SCALE) {
      p *= SCALE;
      powerExponent -= 128;
    }
  }
  return clip(p * 2 ** powerExponent);
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const product = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l] as number;
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) product[i * m + j]! += ail * (b[l * m + j] as number);
    }
  }
  return product;
}

/**
 * P(Dₙ ≤ x) by Pelz & Good's asymptotic expansion ("Approximating the lower tail-areas of the Kolmogorov–
 * Smirnov one-sample statistic", JRSS B 1976): K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^1.5 with z = x√n,
 * each Kᵢ in its Jacobi-theta form for small z — term for term as SciPy's `_kolmogn_PelzGood`.
 */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qLog = -PI2 / 8 / z2;
  if (qLog < MIN_LOG) return 0;
  const q = Math.exp(qLog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z4 * z4;
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  // Horner in q^(8k) over odd m = 2k − 1.
  for (let k = maxK; k >= 1; k--) {
    const m2 = (2 * k - 1) ** 2;
    const qPower = q ** (8 * k);
    const coefficients = [
      1,
      k1a + k1b * m2,
      k2a + k2b * m2 + k2c * m2 * m2,
      k3a + k3b * m2 + k3c * m2 * m2 + k3d * m2 * m2 * m2,
    ];
    for (let i = 0; i < 4; i++) terms[i] = (terms[i] as number) * qPower + (coefficients[i] as number);
  }
  const divisors = [z, 6 * z4, 72 * z4 * z2 * z, 6480 * z4 * z6];
  for (let i = 0; i < 4; i++) terms[i] = ((terms[i] as number) * q * SQRT_2PI) / (divisors[i] as number);
  // The sums over all integers k that K₂ and K₃ also carry.
  const qWhole = Math.exp(-PI2 / 2 / z2);
  let k2Extra = 0;
  let k3Extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxK; k >= 1; k--) {
    const k2 = k * k;
    const qPower = qWhole ** k2;
    k2Extra += k2 * qPower;
    k3Extra += (sqrt3z + Math.PI * k) * (sqrt3z - Math.PI * k) * k2 * qPower;
  }
  terms[2] = (terms[2] as number) + (k2Extra * PI2 * SQRT_2PI) / (-36 * z2 * z);
  terms[3] = (terms[3] as number) + (k3Extra * PI2 * SQRT_2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += (terms[i] as number) / n ** (i / 2);
  return sum;
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}
