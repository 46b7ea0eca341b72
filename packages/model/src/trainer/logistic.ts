import { augmentedRow, BLOCK, mostlyNonZero } from './design';
import type { Design, LinearFit } from './design';
import { sigmoid, softplus } from './link';
import { LogisticHalves } from './logistic-halves';
import { minimizeNewton } from './newton';
import type { NewtonOptions, SmoothObjective } from './newton';

export { sigmoid, softplus } from './link';

/**
 * The binary logistic objective per row, θ = [w (D), b]:
 * f(θ) = (1/n) [Σ_i (log(1 + e^{s_i}) − y_i s_i) + (l2 / 2)‖w‖²], s_i = x_iᵀw + b, y_i ∈ {0, 1};
 * ∇f = (1/n) [Σ (p_i − y_i) x̃_i + l2 w]; ∇²f = (1/n) [Σ p_i(1 − p_i) x̃_i x̃_iᵀ + l2 I_w].
 * Strictly convex when l2 > 0. Dividing by n keeps `tol` meaningful across data sizes.
 */
export function logisticObjective(
  design: Design,
  labels: Int32Array,
  l2: number,
): SmoothObjective & { close?(): void } {
  if (mostlyNonZero(design)) return blockedLogisticObjective(design, labels, l2);
  const d = design.columns;
  const p = d + 1;
  const n = design.rows;
  const positions = new Int32Array(p);
  const values = new Float64Array(p);
  const logit = (theta: Float64Array, count: number) => {
    let s = 0;
    for (let a = 0; a < count; a++) s += (values[a] as number) * (theta[positions[a] as number] as number);
    return s;
  };
  const penalty = (theta: Float64Array) => {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += (theta[j] as number) ** 2;
    return (l2 / 2) * sum;
  };
  return {
    value(theta) {
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const s = logit(theta, augmentedRow(design, i, positions, values));
        loss += softplus(s) - (labels[i] as number) * s;
      }
      return (loss + penalty(theta)) / n;
    },
    derivatives(theta) {
      let loss = 0;
      const gradient = new Float64Array(p);
      const hessian = new Float64Array(p * p);
      for (let i = 0; i < n; i++) {
        const count = augmentedRow(design, i, positions, values);
        const s = logit(theta, count);
        const y = labels[i] as number;
        loss += softplus(s) - y * s;
        const probability = sigmoid(s);
        const residual = probability - y;
        const weight = probability * (1 - probability);
        for (let a = 0; a < count; a++) {
          const ja = positions[a] as number;
          const xa = values[a] as number;
          gradient[ja] = (gradient[ja] as number) + residual * xa;
          for (let b = 0; b <= a; b++) {
            const index = ja * p + (positions[b] as number);
            hessian[index] = (hessian[index] as number) + weight * xa * (values[b] as number);
          }
        }
      }
      for (let j = 0; j < d; j++) {
        gradient[j] = (gradient[j] as number) + l2 * (theta[j] as number);
        hessian[j * p + j] = (hessian[j * p + j] as number) + l2;
      }
      for (let j = 0; j < p; j++) gradient[j] = (gradient[j] as number) / n;
      for (let j = 0; j < p * p; j++) hessian[j] = (hessian[j] as number) / n;
      return { value: (loss + penalty(theta)) / n, gradient, hessian };
    },
  };
}

/**
 * `logisticObjective` for a mostly dense design (standardized numerics): rows in blocks, each block
 * loaded column-major with the intercept's 1s, so the logits, the gradient and XᵀWX are loops over
 * contiguous arrays — the same terms as the sparse path, in blocks instead of one row at a time, summed
 * over two halves of the rows (`LogisticHalves`: on a worker thread too, where one can run). The
 * gradient and the Hessian are separate passes, so Newton pays for XᵀWX only when it needs one.
 */
function blockedLogisticObjective(
  design: Design,
  labels: Int32Array,
  l2: number,
): SmoothObjective & { close(): void } {
  const d = design.columns;
  const p = d + 1;
  const n = design.rows;
  const halves = new LogisticHalves(design, labels);
  const penalty = (theta: Float64Array) => {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += theta[j]! ** 2;
    return (l2 / 2) * sum;
  };
  /** f and ∇f, and ∇²f with `withHessian`, in one pass over the design. */
  const pass = (theta: Float64Array, withHessian: boolean) => {
    const sums = halves.run(theta, withHessian ? 'hessian' : 'gradient');
    const g = sums.slice(1, 1 + p);
    for (let j = 0; j < d; j++) g[j] = g[j]! + l2 * theta[j]!;
    for (let j = 0; j < p; j++) g[j] = g[j]! / n;
    const point = { value: (sums[0]! + penalty(theta)) / n, gradient: g };
    if (!withHessian) return { ...point, hessian: undefined };
    const h = sums.slice(1 + p);
    for (let j = 0; j < d; j++) h[j * p + j] = h[j * p + j]! + l2;
    for (let j = 0; j < p * p; j++) h[j] = h[j]! / n;
    return { ...point, hessian: h };
  };
  const derivatives = (theta: Float64Array) => {
    const { value, gradient, hessian } = pass(theta, true);
    return { value, gradient, hessian: hessian! };
  };
  return {
    value: (theta) => (halves.run(theta, 'value')[0]! + penalty(theta)) / n,
    gradient: (theta) => pass(theta, false),
    hessian: (theta) => derivatives(theta).hessian,
    derivatives,
    close: () => halves.close(),
  };
}

/** Designs with more rows than this start Newton from the fit on a sample of them (`warmStart`). */
const WARM_START_ROWS = 1 << 18;
/** The sample: this many evenly spaced runs of this many consecutive rows (whole blocks). */
const SAMPLE_RUNS = 64;
const SAMPLE_RUN_ROWS = 4 * BLOCK;

/**
 * L2-penalized binary logistic regression (scikit-learn's `LogisticRegression(C = 1 / l2)`) by
 * damped Newton's method on `logisticObjective` — for this loss Newton's step is the IRLS step.
 * Converged when the largest gradient component is ≤ tol. From θ = 0, or on a large dense design
 * from `warmStart`'s θ: the same optimum (the objective is strictly convex and the stopping rule
 * the same), reached in fewer passes over all the rows.
 */
export function fitLogistic(
  design: Design,
  labels: Int32Array,
  l2: number,
  options: NewtonOptions,
): LinearFit {
  // Made first: its worker thread (on large data) starts while the warm start runs here.
  const objective = logisticObjective(design, labels, l2);
  let result: ReturnType<typeof minimizeNewton>;
  try {
    const start =
      design.rows > WARM_START_ROWS && objective.hessian
        ? warmStart(design, labels, l2, options)
        : new Float64Array(design.columns + 1);
    result = minimizeNewton(objective, start, options);
  } finally {
    objective.close?.();
  }
  return {
    weights: result.theta.slice(0, design.columns),
    intercepts: result.theta.slice(design.columns),
    iterations: result.iterations,
    converged: result.converged,
    gradientNorm: result.gradientNorm,
  };
}

/**
 * θ fitted on a fixed sample of the rows — SAMPLE_RUNS evenly spaced runs of SAMPLE_RUN_ROWS
 * consecutive rows (65,536), with l2 scaled to the sample's share so the penalty weighs the same per
 * row. Newton from θ = 0 spends most of its passes far from the optimum; from here, within sampling
 * error of it, a couple of steps over all the rows reach tol. θ = 0 if the sample's fit fails.
 */
function warmStart(design: Design, labels: Int32Array, l2: number, options: NewtonOptions): Float64Array {
  const spacing = Math.floor(design.rows / SAMPLE_RUNS);
  const starts = Array.from({ length: SAMPLE_RUNS }, (_, run) => run * spacing);
  const rows = SAMPLE_RUNS * SAMPLE_RUN_ROWS;
  const sample: Design = {
    rows,
    columns: design.columns,
    load(start, count, out, stride) {
      for (let done = 0; done < count;) {
        const row = start + done;
        const within = row % SAMPLE_RUN_ROWS;
        const take = Math.min(count - done, SAMPLE_RUN_ROWS - within);
        const from = starts[Math.floor(row / SAMPLE_RUN_ROWS)]! + within;
        design.load(from, take, done === 0 ? out : out.subarray(done), stride);
        done += take;
      }
    },
    get x(): Float64Array {
      throw new Error('the warm-start sample is read in blocks only');
    },
  };
  const sampleLabels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    sampleLabels[i] = labels[starts[Math.floor(i / SAMPLE_RUN_ROWS)]! + (i % SAMPLE_RUN_ROWS)]!;
  }
  const objective = blockedLogisticObjective(sample, sampleLabels, (l2 * rows) / design.rows);
  const result = minimizeNewton(
    objective,
    new Float64Array(design.columns + 1),
    // A sample that does not converge soon (separable, with l2 = 0) is no help: start from zero.
    { ...options, maxIter: Math.min(options.maxIter, 30) },
  );
  objective.close();
  return result.converged ? result.theta : new Float64Array(design.columns + 1);
}
