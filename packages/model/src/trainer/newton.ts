import { choleskySolve } from './cholesky';

/** A smooth, strictly convex objective of a parameter vector θ of length P. */
export interface SmoothObjective {
  /** f(θ). */
  value(theta: Float64Array): number;
  /** f(θ), ∇f(θ) (P) and the Hessian ∇²f(θ) (P × P row-major; the lower triangle suffices). */
  derivatives(theta: Float64Array): { value: number; gradient: Float64Array; hessian: Float64Array };
  /**
   * f(θ) and ∇f(θ) without the Hessian, and the Hessian alone: when an objective has both, the
   * solver asks for the Hessian only on the steps that need a new one (see `minimizeNewton`).
   */
  gradient?(theta: Float64Array): { value: number; gradient: Float64Array };
  hessian?(theta: Float64Array): Float64Array;
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
 * A Newton step that cut ‖∇f‖∞ by at least this factor was taken where the quadratic model is
 * accurate: the Hessian barely changes over the next step, so that step reuses it.
 */
const REUSE_GAIN = 100;

/**
 * Damped Newton's method (Nocedal & Wright, Numerical Optimization, alg. 3.1 with the Newton
 * direction): at θ solve ∇²f d = −∇f by Cholesky, then halve the step t from 1 until Armijo's
 * condition f(θ + t d) ≤ f(θ) + 1e-4 · t · ∇fᵀd holds. Stops when ‖∇f‖∞ ≤ tol (converged), after
 * `maxIter` steps, or when no step decreases f or the Hessian is not positive definite in floating
 * point (not converged; θ is the last iterate). When the predicted decrease −∇fᵀd is below the
 * rounding of f (≤ 1e-14 · (1 + |f|)) the full step is taken without the test. Near the optimum t = 1 is accepted and convergence
 * is quadratic, so a handful of steps reach tol ≈ 1e-10. Deterministic: no randomness, fixed order.
 *
 * When the objective computes its gradient and Hessian apart (`gradient`, `hessian`), a full step
 * that cut ‖∇f‖∞ by ≥ 100× is followed by a step with the same Hessian (a chord step, which costs a
 * gradient instead of a Hessian); a new Hessian is computed as soon as a step gains less, or a stale
 * Hessian's direction is refused. The stopping rule is the same ‖∇f‖∞ ≤ tol at an exact gradient,
 * so the optimum is the one exact Newton reaches, to tol.
 */
export function minimizeNewton(
  objective: SmoothObjective,
  start: Float64Array,
  options: NewtonOptions,
): NewtonResult {
  const split = objective.gradient && objective.hessian ? objective : undefined;
  const evaluate = (theta: Float64Array) =>
    split ? split.gradient!(theta) : { value: objective.value(theta), gradient: undefined };
  let theta: Float64Array = Float64Array.from(start);
  let current: { value: number; gradient: Float64Array | undefined } = split
    ? evaluate(theta)
    : { value: 0, gradient: undefined };
  let hessian: Float64Array | undefined;
  let stale = false;
  for (let iteration = 0; ;) {
    let value = current.value;
    let gradient = current.gradient;
    if (!split) ({ value, gradient, hessian } = objective.derivatives(theta));
    const gradientNorm = maxAbs(gradient!);
    if (gradientNorm <= options.tol) return { theta, iterations: iteration, converged: true, gradientNorm };
    if (iteration >= options.maxIter) return { theta, iterations: iteration, converged: false, gradientNorm };
    if (split && (!stale || !hessian)) hessian = split.hessian!(theta);
    const step = newtonStep(objective, split ? evaluate : undefined, theta, value, gradient!, hessian!);
    if (!step) {
      // A reused Hessian may be what failed: try once more with the Hessian at θ.
      if (stale) {
        stale = false;
        continue;
      }
      return { theta, iterations: iteration, converged: false, gradientNorm };
    }
    iteration++;
    theta = step.theta;
    if (split) {
      current = step.at ?? evaluate(theta);
      stale = step.full && maxAbs(current.gradient!) * REUSE_GAIN <= gradientNorm;
    }
  }
}

/**
 * One damped Newton step from θ: the new θ, whether it was the full step, and f and ∇f there when
 * the line search computed them (with a split objective, each trial point gets both in one pass).
 */
function newtonStep(
  objective: SmoothObjective,
  evaluate: ((theta: Float64Array) => { value: number; gradient: Float64Array | undefined }) | undefined,
  theta: Float64Array,
  value: number,
  gradient: Float64Array,
  hessian: Float64Array,
):
  | { theta: Float64Array; full: boolean; at?: { value: number; gradient: Float64Array | undefined } }
  | undefined {
  const direction = choleskySolve(
    hessian,
    gradient.map((g) => -g),
  );
  if (!direction) return undefined;
  const slope = dot(gradient, direction);
  // Below rounding of f the line search cannot see a decrease; there the quadratic model is exact.
  if (-slope <= 1e-14 * (1 + Math.abs(value))) {
    return { theta: theta.map((t, i) => t + (direction[i] as number)), full: true };
  }
  for (let step = 1; step >= MIN_STEP; step /= 2) {
    const candidate = theta.map((t, i) => t + step * (direction[i] as number));
    const at = evaluate?.(candidate);
    if ((at ? at.value : objective.value(candidate)) <= value + ARMIJO * step * slope) {
      return { theta: candidate, full: step === 1, ...(at ? { at } : {}) };
    }
  }
  return undefined;
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
