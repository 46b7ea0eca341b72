import { choleskySolve } from './cholesky';

/** A smooth, strictly convex objective of a parameter vector θ of length P. */
export interface SmoothObjective {
  /** f(θ). */
  value(theta: Float64Array): number;
  /** f(θ), ∇f(θ) (P) and the Hessian ∇²f(θ) (P × P row-major; the lower triangle suffices). */
  derivatives(theta: Float64Array): { value: number; gradient: Float64Array; hessian: Float64Array };
}

export interface NewtonOptions {
  maxIter: number;
  /** Converged when ‖∇f(θ)‖∞ ≤ tol. */
  tol: number;
}

export interface NewtonResult {
  theta: Float64Array;
  /** Newton steps taken. */
  iterations: number;
  converged: boolean;
  /** ‖∇f(θ)‖∞ at the returned θ. */
  gradientNorm: number;
}

/** Armijo's sufficient-decrease constant and the smallest step tried before giving up. */
const ARMIJO = 1e-4;
const MIN_STEP = 2 ** -30;

/**
 * Damped Newton's method (Nocedal & Wright, Numerical Optimization, alg. 3.1 with the Newton
 * direction): at θ solve ∇²f d = −∇f by Cholesky, then halve the step t from 1 until Armijo's
 * condition f(θ + t d) ≤ f(θ) + 1e-4 · t · ∇fᵀd holds. Stops when ‖∇f‖∞ ≤ tol (converged), after
 * `maxIter` steps, or when no step decreases f or the Hessian is not positive definite in floating
 * point (not converged; θ is the last iterate). When the predicted decrease −∇fᵀd is below the
 * rounding of f (≤ 1e-14 · (1 + |f|)) the full step is taken without the test. Near the optimum t = 1 is accepted and convergence
 * is quadratic, so a handful of steps reach tol ≈ 1e-10. Deterministic: no randomness, fixed order.
 */
export function minimizeNewton(
  objective: SmoothObjective,
  start: Float64Array,
  options: NewtonOptions,
): NewtonResult {
  let theta: Float64Array = Float64Array.from(start);
  for (let iteration = 0; ; iteration++) {
    const { value, gradient, hessian } = objective.derivatives(theta);
    const gradientNorm = maxAbs(gradient);
    if (gradientNorm <= options.tol) return { theta, iterations: iteration, converged: true, gradientNorm };
    if (iteration >= options.maxIter) return { theta, iterations: iteration, converged: false, gradientNorm };
    const direction = choleskySolve(
      hessian,
      gradient.map((g) => -g),
    );
    if (!direction) return { theta, iterations: iteration, converged: false, gradientNorm };
    const slope = dot(gradient, direction);
    let step = 1;
    let next: Float64Array | undefined;
    // Below rounding of f the line search cannot see a decrease; there the quadratic model is exact.
    if (-slope <= 1e-14 * (1 + Math.abs(value))) next = theta.map((t, i) => t + (direction[i] as number));
    while (!next && step >= MIN_STEP) {
      const candidate = theta.map((t, i) => t + step * (direction[i] as number));
      if (objective.value(candidate) <= value + ARMIJO * step * slope) {
        next = candidate;
        break;
      }
      step /= 2;
    }
    if (!next) return { theta, iterations: iteration, converged: false, gradientNorm };
    theta = next;
  }
}

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  return max;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
