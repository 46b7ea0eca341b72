import { choleskySolve } from './cholesky';

/** A smooth, strictly convex objective of a parameter vector θ of length P. */
export interface SmoothObjective {
  /** f(θ). */
  value(theta: Float64Array): number;
  /** f(θ), ∇f(θ) (P) and the Hessian ∇²f(θ) (P × P row-major; the lower triangle suffices). */
  derivatives(theta: Float64Array): { value: number; gradient: Float64Array; hessian: Float64Array };
  /**
   * f(θ) and ∇f(θ) without the Hessian, and the Hessian alone: an objective that has both (and whose
   * `derivatives` is one pass) lets the solver skip the Hessian where an earlier one serves (see
   * `minimizeNewton`).
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
/** Relative to f, the decreases a line search over many rows may not see (see `newtonStep`). */
const ROUNDING_HIDES = 1e-9;

/** f, ∇f and, when computed there, ∇²f at one point. */
interface Point {
  value: number;
  gradient: Float64Array;
  hessian?: Float64Array | undefined;
}

/**
 * Damped Newton's method (Nocedal & Wright, Numerical Optimization, alg. 3.1 with the Newton
 * direction): at θ solve ∇²f d = −∇f by Cholesky, then halve the step t from 1 until Armijo's
 * condition f(θ + t d) ≤ f(θ) + 1e-4 · t · ∇fᵀd holds. Stops when ‖∇f‖∞ ≤ tol (converged), after
 * `maxIter` steps, or when no step decreases f or the Hessian is not positive definite in floating
 * point (not converged; θ is the last iterate). When the predicted decrease −∇fᵀd is below the
 * rounding of f (≤ 1e-14 · (1 + |f|)) the full step is taken without the test. Near the optimum t = 1 is accepted and convergence
 * is quadratic, so a handful of steps reach tol ≈ 1e-10. Deterministic: no randomness, fixed order.
 *
 * When the objective computes its gradient and Hessian apart (`gradient`, `hessian`), each trial
 * point of the line search gets f, ∇f and ∇²f in one pass over the data (`derivatives`), so the
 * accepted point needs no second pass — except after a full step that cut ‖∇f‖∞ by ≥ 100×: there the
 * quadratic model is accurate, the Hessian barely changes over the next step, and that step reuses it
 * (a chord step), its trial points getting f and ∇f only. A new Hessian is computed as soon as a step
 * gains less, or a reused Hessian's step is refused. The stopping rule is the same ‖∇f‖∞ ≤ tol at an
 * exact gradient, so the optimum is the one exact Newton reaches, to tol.
 */
export function minimizeNewton(
  objective: SmoothObjective,
  start: Float64Array,
  options: NewtonOptions,
): NewtonResult {
  const split = objective.gradient && objective.hessian ? objective : undefined;
  let theta: Float64Array = Float64Array.from(start);
  let point: Point = objective.derivatives(theta);
  let hessian = point.hessian;
  // A full step gained ≥ REUSE_GAIN: the next step reuses `hessian`, taken at an earlier point.
  let reuse = false;
  for (let iteration = 0; ;) {
    const gradientNorm = maxAbs(point.gradient);
    if (gradientNorm <= options.tol) return { theta, iterations: iteration, converged: true, gradientNorm };
    if (iteration >= options.maxIter) return { theta, iterations: iteration, converged: false, gradientNorm };
    hessian ??= split!.hessian!(theta);
    // With a split objective, trial points get the Hessian too unless the next step will reuse this one.
    const trial = (candidate: Float64Array): Point | number =>
      !split ? objective.value(candidate) : reuse ? split.gradient!(candidate) : split.derivatives(candidate);
    const step = newtonStep(trial, theta, point, hessian);
    if (!step) {
      // A reused Hessian may be what failed: try once more with the Hessian at θ.
      if (reuse) {
        reuse = false;
        hessian = undefined;
        continue;
      }
      return { theta, iterations: iteration, converged: false, gradientNorm };
    }
    iteration++;
    theta = step.theta;
    if (!split) {
      point = objective.derivatives(theta);
      hessian = point.hessian;
      continue;
    }
    // The step the line search did not test (below rounding): f and ∇f there, ∇²f as a trial gets it.
    point = step.at ?? (reuse ? split.gradient!(theta) : split.derivatives(theta));
    const gain = gradientNorm / maxAbs(point.gradient);
    // Keep the Hessian of an earlier point only for the step after a full step that gained ≥ REUSE_GAIN.
    const next = step.full && gain >= REUSE_GAIN;
    hessian = point.hessian ?? (next ? hessian : undefined);
    reuse = next;
  }
}

/**
 * One damped Newton step from θ along the Newton direction: the new θ, whether it was the full
 * step, and what `trial` computed there (a Point; a plain number is f alone).
 */
function newtonStep(
  trial: (candidate: Float64Array) => Point | number,
  theta: Float64Array,
  point: Point,
  hessian: Float64Array,
): { theta: Float64Array; full: boolean; at?: Point } | undefined {
  const { value, gradient } = point;
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
    const at = trial(candidate);
    if ((typeof at === 'number' ? at : at.value) <= value + ARMIJO * step * slope) {
      return { theta: candidate, full: step === 1, ...(typeof at === 'number' ? {} : { at }) };
    }
    // Over many rows the rounding of f can hide a predicted decrease this small; then a full step
    // that shrinks ‖∇f‖∞ is the step to take (only trial points with a gradient can tell).
    if (
      step === 1 &&
      typeof at !== 'number' &&
      -slope <= ROUNDING_HIDES * (1 + Math.abs(value)) &&
      maxAbs(at.gradient) < maxAbs(gradient)
    ) {
      return { theta: candidate, full: true, at };
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
