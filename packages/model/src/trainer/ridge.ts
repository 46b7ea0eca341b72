import { choleskySolve } from './cholesky';
import { augmentedRow, BLOCK, mostlyNonZero } from './design';
import type { Design, LinearFit } from './design';
import { gramBlock } from './gram';
import { TrainerError } from './trainer-error';

/**
 * Ridge regression in closed form: minimizes Σ_i ½(y_i − x_iᵀw − b)² + (l2 / 2)‖w‖² (intercept not
 * penalized; scikit-learn's `Ridge(alpha=l2)`) by solving the normal equations
 * (X̃ᵀX̃ + diag(l2, …, l2, 0)) θ = X̃ᵀy, X̃ = [X 1], with one Cholesky factorization. The sufficient
 * statistics X̃ᵀX̃ and X̃ᵀy take one pass over the design. Exact up to rounding, so it reports one
 * iteration, converged, gradient 0.
 */
export function fitRidge(design: Design, target: Float64Array, l2: number): LinearFit {
  const p = design.columns + 1;
  const { normal, rhs } = mostlyNonZero(design)
    ? blockedNormalEquations(design, target)
    : sparseNormalEquations(design, target);
  for (let j = 0; j < design.columns; j++) normal[j * p + j] = (normal[j * p + j] as number) + l2;
  const theta = choleskySolve(normal, rhs);
  if (!theta) {
    throw new TrainerError(
      'params.l2',
      `the normal equations are singular with l2 = ${l2} (collinear or constant features)`,
      'give l2 > 0',
    );
  }
  return {
    weights: theta.slice(0, design.columns),
    intercepts: theta.slice(design.columns),
    iterations: 1,
    converged: true,
    gradientNorm: 0,
  };
}

/** X̃ᵀX̃ (lower triangle) and X̃ᵀy over column-major blocks of a mostly dense design. */
function blockedNormalEquations(
  design: Design,
  target: Float64Array,
): { normal: Float64Array; rhs: Float64Array } {
  const d = design.columns;
  const p = d + 1;
  const rhs = new Float64Array(p);
  const block = gramBlock(p, BLOCK);
  const columns = block.columns;
  columns.fill(1, d * BLOCK, p * BLOCK);
  for (let start = 0; start < design.rows; start += BLOCK) {
    const count = Math.min(BLOCK, design.rows - start);
    design.load(start, count, columns, BLOCK);
    for (let a = 0; a < p; a++) {
      const offset = a * BLOCK;
      let sum = 0;
      for (let i = 0; i < count; i++) sum += columns[offset + i]! * target[start + i]!;
      rhs[a] = rhs[a]! + sum;
    }
    block.add(count, true);
  }
  return { normal: Float64Array.from(block.gram), rhs };
}

/** The same sums one row at a time over the non-zero entries (one-hot heavy designs). */
function sparseNormalEquations(
  design: Design,
  target: Float64Array,
): { normal: Float64Array; rhs: Float64Array } {
  const p = design.columns + 1;
  const normal = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  const positions = new Int32Array(p);
  const values = new Float64Array(p);
  for (let i = 0; i < design.rows; i++) {
    const count = augmentedRow(design, i, positions, values);
    const y = target[i] as number;
    for (let a = 0; a < count; a++) {
      const ja = positions[a] as number;
      const xa = values[a] as number;
      rhs[ja] = (rhs[ja] as number) + xa * y;
      for (let b = 0; b <= a; b++) {
        const index = ja * p + (positions[b] as number);
        normal[index] = (normal[index] as number) + xa * (values[b] as number);
      }
    }
  }
  return { normal, rhs };
}
