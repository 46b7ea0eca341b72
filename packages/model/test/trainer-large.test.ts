import { Xoshiro128 } from '@mlops-actions/stats';
import { describe, expect, it } from 'vitest';
import { rowMajorDesign } from '../src/trainer/design';
import { addWeightedGram, gramBlock } from '../src/trainer/gram';
import { fitLogistic, logisticObjective } from '../src/trainer/logistic';
import { minimizeNewton } from '../src/trainer/newton';
import type { SmoothObjective } from '../src/trainer/newton';

/** n rows × d standardized-looking features and a 0/1 label drawn from a logistic model. */
function logisticData(n: number, d: number, seed: number) {
  const random = new Xoshiro128(seed);
  const normal = () => Math.sqrt(-2 * Math.log(random.next())) * Math.cos(2 * Math.PI * random.next());
  const weights = Array.from({ length: d }, (_, j) => (j % 2 ? 0.7 : -0.4) / (1 + j / 3));
  const x = new Float64Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0.3;
    for (let j = 0; j < d; j++) {
      const value = normal() * (1 + j / 2);
      x[i * d + j] = value;
      s += weights[j]! * value;
    }
    labels[i] = random.next() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
  }
  return { design: rowMajorDesign(x, n, d), labels };
}

/** Newton with the Hessian at every iterate: the objective without its separate gradient and Hessian. */
function plainNewton(objective: SmoothObjective): SmoothObjective {
  return { value: objective.value, derivatives: objective.derivatives };
}

describe('the trainer at scale: XᵀWX kernels, chord steps, warm start', () => {
  it('the WebAssembly and JavaScript XᵀWX kernels equal a naive triple loop (odd counts, P not a multiple of 4)', () => {
    const random = new Xoshiro128(3);
    for (const [p, count, stride] of [
      [7, 255, 256],
      [31, 256, 256],
      [2, 1, 8],
      [13, 100, 128],
    ] as const) {
      const block = gramBlock(p, stride);
      const columns = Float64Array.from({ length: p * stride }, () => random.next() * 4 - 2);
      const weights = Float64Array.from({ length: stride }, () => random.next());
      const weighted = columns.map((value, k) => value * weights[k % stride]!);
      block.columns.set(columns);
      block.weighted.set(weighted);
      block.gram.fill(0);
      block.add(count);
      block.add(count); // accumulates
      const js = new Float64Array(p * p);
      addWeightedGram(weighted, columns, p, count, stride, js);
      for (let a = 0; a < p; a++) {
        for (let b = 0; b <= a; b++) {
          let naive = 0;
          for (let i = 0; i < count; i++)
            naive += weights[i]! * columns[a * stride + i]! * columns[b * stride + i]!;
          expect(js[a * p + b]).toBeCloseTo(naive, 10);
          expect(block.gram[a * p + b]).toBeCloseTo(2 * naive, 10);
        }
        // Only the lower triangle is written.
        for (let b = a + 1; b < p; b++) expect(block.gram[a * p + b]).toBe(0);
      }
      // XᵀX: the columns as their own weights.
      block.gram.fill(0);
      block.add(count, true);
      let diagonal = 0;
      for (let i = 0; i < count; i++) diagonal += columns[(p - 1) * stride + i]! ** 2;
      expect(block.gram[(p - 1) * p + p - 1]).toBeCloseTo(diagonal, 10);
    }
  });

  it('Newton with one-pass trial points and chord steps reaches the optimum plain Newton reaches', () => {
    const { design, labels } = logisticData(20_000, 6, 5);
    const options = { maxIter: 100, tol: 1e-10 };
    const objective = logisticObjective(design, labels, 1);
    expect(objective.hessian).toBeDefined(); // the dense, blocked path
    const fast = minimizeNewton(objective, new Float64Array(7), options);
    const plain = minimizeNewton(plainNewton(objective), new Float64Array(7), options);
    expect(fast.converged).toBe(true);
    expect(plain.converged).toBe(true);
    expect(fast.gradientNorm).toBeLessThanOrEqual(1e-10);
    for (let j = 0; j < 7; j++) expect(Math.abs(fast.theta[j]! - plain.theta[j]!)).toBeLessThan(1e-9);
  });

  it('a large design starts from the fit on a sample of its rows and ends at the same optimum as from zero', () => {
    const { design, labels } = logisticData(300_000, 4, 9);
    const options = { maxIter: 100, tol: 1e-10 };
    const warm = fitLogistic(design, labels, 1, options);
    // From zero with the same solver (plain Newton's line search cannot see the last decreases of f
    // over this many rows, and stops just short of tol).
    const cold = minimizeNewton(logisticObjective(design, labels, 1), new Float64Array(5), options);
    expect(warm.converged).toBe(true);
    expect(cold.converged).toBe(true);
    // From the sample's θ a few steps suffice; from zero Newton takes more.
    expect(warm.iterations).toBeLessThan(cold.iterations);
    const theta = [...warm.weights, ...warm.intercepts];
    for (let j = 0; j < 5; j++) expect(Math.abs(theta[j]! - cold.theta[j]!)).toBeLessThan(1e-9);
  });
});
