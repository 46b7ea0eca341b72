import { augmentedRow } from './design';
import type { Design, LinearFit } from './design';
import { minimizeNewton } from './newton';
import type { NewtonOptions, SmoothObjective } from './newton';

/** Replaces K scores with their softmax in place, shifting by the maximum so exp cannot overflow; returns log Σ eˢ. */
export function softmaxInPlace(scores: Float64Array): number {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp((scores[k] as number) - max);
    scores[k] = e;
    sum += e;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] as number) / sum;
  return max + Math.log(sum);
}

/**
 * The multinomial (softmax) objective per row, θ = [W (D × K row-major), b (K)], so parameter
 * (j, k) sits at j·K + k with j = D the intercept:
 * f(θ) = (1/n) [Σ_i (log Σ_k e^{s_ik} − s_{i,y_i}) + (l2 / 2)‖W‖²] + ½(Σ_k b_k)², s_i = Wᵀx_i + b.
 * The loss does not change when a constant is added to every intercept, so the last term pins
 * Σ b_k = 0 — it is 0 at that minimizer, which is also a minimizer without it — and makes the
 * Hessian positive definite when l2 > 0:
 * ∇²f = (1/n) [Σ_i (diag(p_i) − p_i p_iᵀ) ⊗ x̃_i x̃_iᵀ + l2 I_W] + 1 1ᵀ on the intercepts.
 * Building it costs O(n · (nnz(x̃) · K)²) per Newton step — fine for the built-in trainer's scale.
 */
export function softmaxObjective(
  design: Design,
  labels: Int32Array,
  classes: number,
  l2: number,
): SmoothObjective {
  const d = design.columns;
  const k = classes;
  const p = (d + 1) * k;
  const n = design.rows;
  const positions = new Int32Array(d + 1);
  const values = new Float64Array(d + 1);
  const scores = new Float64Array(k);
  /** Fills `scores` with s_i and returns the row's non-zero count. */
  const score = (theta: Float64Array, row: number) => {
    const count = augmentedRow(design, row, positions, values);
    scores.fill(0);
    for (let a = 0; a < count; a++) {
      const base = (positions[a] as number) * k;
      const x = values[a] as number;
      for (let c = 0; c < k; c++) scores[c] = (scores[c] as number) + x * (theta[base + c] as number);
    }
    return count;
  };
  const extra = (theta: Float64Array) => {
    let squares = 0;
    for (let j = 0; j < d * k; j++) squares += (theta[j] as number) ** 2;
    let interceptSum = 0;
    for (let c = 0; c < k; c++) interceptSum += theta[d * k + c] as number;
    return { penalty: (l2 / 2) * squares, interceptSum };
  };
  return {
    value(theta) {
      let loss = 0;
      for (let i = 0; i < n; i++) {
        score(theta, i);
        const target = scores[labels[i] as number] as number;
        loss += softmaxInPlace(scores) - target;
      }
      const { penalty, interceptSum } = extra(theta);
      return (loss + penalty) / n + 0.5 * interceptSum * interceptSum;
    },
    derivatives(theta) {
      let loss = 0;
      const gradient = new Float64Array(p);
      const hessian = new Float64Array(p * p);
      for (let i = 0; i < n; i++) {
        const count = score(theta, i);
        const y = labels[i] as number;
        const target = scores[y] as number;
        loss += softmaxInPlace(scores) - target;
        for (let a = 0; a < count; a++) {
          const ja = positions[a] as number;
          const xa = values[a] as number;
          for (let c = 0; c < k; c++) {
            const index = ja * k + c;
            gradient[index] = (gradient[index] as number) + xa * ((scores[c] as number) - (c === y ? 1 : 0));
          }
          // Block (ja, jb) for jb ≤ ja: x_a x_b (diag(p) − p pᵀ). Only the lower triangle is read.
          for (let b = 0; b <= a; b++) {
            const xx = xa * (values[b] as number);
            const column = (positions[b] as number) * k;
            for (let c = 0; c < k; c++) {
              const pc = scores[c] as number;
              const row = (ja * k + c) * p + column;
              for (let e = 0; e < k; e++) {
                const curvature = (c === e ? pc : 0) - pc * (scores[e] as number);
                hessian[row + e] = (hessian[row + e] as number) + xx * curvature;
              }
            }
          }
        }
      }
      for (let j = 0; j < d * k; j++) {
        gradient[j] = (gradient[j] as number) + l2 * (theta[j] as number);
        hessian[j * p + j] = (hessian[j * p + j] as number) + l2;
      }
      for (let j = 0; j < p; j++) gradient[j] = (gradient[j] as number) / n;
      for (let j = 0; j < p * p; j++) hessian[j] = (hessian[j] as number) / n;
      const { penalty, interceptSum } = extra(theta);
      for (let c = 0; c < k; c++) {
        gradient[d * k + c] = (gradient[d * k + c] as number) + interceptSum;
        for (let e = 0; e < k; e++) {
          const index = (d * k + c) * p + d * k + e;
          hessian[index] = (hessian[index] as number) + 1;
        }
      }
      return { value: (loss + penalty) / n + 0.5 * interceptSum * interceptSum, gradient, hessian };
    },
  };
}

/**
 * L2-penalized multinomial logistic regression (scikit-learn's `LogisticRegression(C = 1 / l2)`
 * with the multinomial loss) by damped Newton's method on `softmaxObjective` from θ = 0.
 * Converged when the largest gradient component is ≤ tol.
 */
export function fitSoftmax(
  design: Design,
  labels: Int32Array,
  classes: number,
  l2: number,
  options: NewtonOptions,
): LinearFit {
  const objective = softmaxObjective(design, labels, classes, l2);
  const result = minimizeNewton(objective, new Float64Array((design.columns + 1) * classes), options);
  const split = design.columns * classes;
  return {
    weights: result.theta.slice(0, split),
    intercepts: result.theta.slice(split),
    iterations: result.iterations,
    converged: result.converged,
    gradientNorm: result.gradientNorm,
  };
}
