/**
 * Poisson(1) bootstrap weights: in resample b, row r counts wᵣ times, with every wᵣ an independent
 * Poisson(1) draw (Hanley & MacGibbon 2006; Chamandy et al. 2012, "Estimating uncertainty for massive
 * data streams", Google). For n rows this is the multinomial bootstrap (n draws with replacement)
 * without the constraint Σwᵣ = n; the two give the same intervals to within O(1/n) and Monte Carlo
 * error. What it buys: a row's weight depends on nothing but (seed, resample, row), so any pass can draw
 * it in any order — a walk over rows sorted by score draws the weights as it goes, and resamples split
 * across threads give the same weights as on one thread.
 *
 * The uniform of (seed, resample, row) is a counter-based hash: the row index through an odd multiplier
 * and an offset drawn per resample (SplitMix32 of seed and resample), then the lowbias32 finalizer
 * (Wellons); the weight is the Poisson(1) quantile of its top 16 bits.
 */

/**
 * The Poisson(1) quantile of each 16-bit uniform (the middle of its 1/65,536 slice): P(weight = k) is
 * e⁻¹/k! rounded to a multiple of 2⁻¹⁶ (|error| < 2⁻¹⁶ per k; the mean and variance of a weight are 1 to
 * within 10⁻⁴). A table lookup with no branch — an exact 32-bit quantile with a fallback branch made the
 * resample walk ~2.5× slower — and far below the Monte Carlo error of any interval.
 */
export const POISSON_OF_UNIFORM16 = (() => {
  const table = new Uint8Array(65536);
  let cumulative = Math.exp(-1);
  let probability = Math.exp(-1);
  let k = 0;
  for (let slice = 0; slice < 65536; slice++) {
    while ((slice + 0.5) / 65536 >= cumulative) {
      k++;
      probability /= k;
      cumulative += probability;
    }
    table[slice] = k;
  }
  return table;
})();

/** The largest weight a row can get. */
export const MAX_POISSON_WEIGHT = POISSON_OF_UNIFORM16[65535]!;

/** The two per-resample constants of the row hash (see the module comment). */
export interface ResampleKey {
  readonly multiplier: number;
  readonly offset: number;
}

export function resampleKey(seed: number, resample: number): ResampleKey {
  const mix = (value: number): number => {
    let z = (value + 0x9e3779b9) | 0;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) | 0;
  };
  const multiplier = mix(mix(seed | 0) ^ mix(resample + 0x632be5ab)) | 1;
  return { multiplier, offset: mix(multiplier ^ 0x5bd1e995) };
}

/**
 * The weight of `row` in the resample of `multiplier` and `offset` (its `ResampleKey`): a Poisson(1)
 * draw, 0 with probability 1/e. Plain numbers, so hot loops inline it with the key in registers.
 */
export function poissonWeight(multiplier: number, offset: number, row: number): number {
  let h = (Math.imul(row, multiplier) + offset) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return POISSON_OF_UNIFORM16[h >>> 16]!;
}

/** Every row's weight in one resample, in row order. */
export function fillPoissonWeights(seed: number, resample: number, out: Uint8Array): Uint8Array {
  const { multiplier, offset } = resampleKey(seed, resample);
  for (let row = 0; row < out.length; row++) out[row] = poissonWeight(multiplier, offset, row);
  return out;
}
