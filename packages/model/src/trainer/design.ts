/** A row-major N × D design matrix (standardized numerics, then one-hot blocks). */
export interface Design {
  x: Float64Array;
  rows: number;
  columns: number;
}

/** What every solver returns: D × K row-major weights, K intercepts, and how the solve went. */
export interface LinearFit {
  weights: Float64Array;
  intercepts: Float64Array;
  /** Newton steps (1 for the closed-form ridge solve). */
  iterations: number;
  converged: boolean;
  /** ‖∇f‖∞ of the per-row mean objective at the solution (0 for ridge, which is exact). */
  gradientNorm: number;
}

/**
 * Row `row` of the design with a trailing 1 for the intercept, as the positions and values of its
 * non-zero entries: one-hot blocks are mostly zeros, and the Hessians skip them.
 */
export function augmentedRow(
  design: Design,
  row: number,
  positions: Int32Array,
  values: Float64Array,
): number {
  let count = 0;
  const base = row * design.columns;
  for (let j = 0; j < design.columns; j++) {
    const value = design.x[base + j] as number;
    if (value !== 0) {
      positions[count] = j;
      values[count++] = value;
    }
  }
  positions[count] = design.columns;
  values[count++] = 1;
  return count;
}
