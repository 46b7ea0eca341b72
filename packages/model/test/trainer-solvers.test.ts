import { Xoshiro128 } from '@mlops-actions/stats';
import { describe, expect, it } from 'vitest';
import { designColumns, designMatrix } from '../src/onnx/linear-model';
import type { RawColumn } from '../src/onnx/linear-model';
import { trainLinearModel } from '../src/trainer/index';
import type { TrainingColumn } from '../src/trainer/index';

/** n rows: two numeric features and a three-level categorical one, from a seeded generator. */
function synthetic(n: number, seed: number) {
  const random = new Xoshiro128(seed);
  const normal = () => Math.sqrt(-2 * Math.log(random.next())) * Math.cos(2 * Math.PI * random.next());
  const age = Float64Array.from({ length: n }, () => 40 + 12 * normal());
  const income = Float64Array.from({ length: n }, () => 50 + 20 * normal());
  const plan = Array.from({ length: n }, () => ['basic', 'pro', 'team'][random.nextIndex(3)] as string);
  const noise = Float64Array.from({ length: n }, () => normal());
  const features: TrainingColumn[] = [
    { name: 'age', kind: 'numeric', values: age },
    { name: 'income', kind: 'numeric', values: income },
    { name: 'plan', kind: 'categorical', values: plan },
  ];
  return { age, income, plan, noise, features, random };
}

/** The trainer's design for some rows (rebuilt from its fitted encodings) as plain arrays. */
function designRows(
  result: ReturnType<typeof trainLinearModel>,
  columns: Record<string, RawColumn>,
  rows: Int32Array,
): number[][] {
  const subset = new Map<string, RawColumn>(
    Object.entries(columns).map(([name, values]) => [name, Array.from(rows, (r) => values[r] as never)]),
  );
  const width = designColumns(result.model.features).length;
  const x = designMatrix(result.model.features, subset, rows.length);
  return Array.from(rows, (_, i) => Array.from(x.subarray(i * width, (i + 1) * width)));
}

/** Gaussian elimination with partial pivoting on a copy of A. */
function gaussianSolve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = col + 1; r < n; r++) {
      const factor = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c] = m[r]![c]! - factor * m[col]![c]!;
    }
  }
  const solution = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= m[r]![c]! * solution[c]!;
    solution[r] = sum / m[r]![r]!;
  }
  return solution;
}

/** Textbook IRLS: β ← (XᵀWX + Λ)⁻¹ XᵀW z, z = η + (y − p)/w, Λ = l2 on all but the intercept (β₀). */
function irls(x: number[][], y: number[], l2: number): number[] {
  const p = (x[0]?.length ?? 0) + 1;
  let beta = new Array<number>(p).fill(0);
  for (let iteration = 0; iteration < 100; iteration++) {
    const a = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const b = new Array<number>(p).fill(0);
    x.forEach((row, i) => {
      const f = [1, ...row];
      const eta = f.reduce((s, v, j) => s + v * beta[j]!, 0);
      const prob = 1 / (1 + Math.exp(-eta));
      const w = prob * (1 - prob);
      const z = eta + (y[i]! - prob) / w;
      for (let j = 0; j < p; j++) {
        b[j] = b[j]! + w * f[j]! * z;
        for (let k = 0; k < p; k++) a[j]![k] = a[j]![k]! + w * f[j]! * f[k]!;
      }
    });
    for (let j = 1; j < p; j++) a[j]![j] = a[j]![j]! + l2;
    const next = gaussianSolve(a, b);
    const change = Math.max(...next.map((v, j) => Math.abs(v - beta[j]!)));
    beta = next;
    if (change < 1e-13) break;
  }
  return beta;
}

describe('the trainer solvers against independent methods', () => {
  it('logistic regression with a one-hot feature matches a separate IRLS fit to 1e-6, for l2 = 1 and l2 = 10', () => {
    const data = synthetic(600, 7);
    const logit = (i: number) =>
      0.08 * ((data.age[i] as number) - 40) -
      0.03 * ((data.income[i] as number) - 50) +
      (data.plan[i] === 'pro' ? 1 : 0);
    const churned = Array.from({ length: 600 }, (_, i) =>
      data.random.next() < 1 / (1 + Math.exp(-logit(i))) ? 'yes' : 'no',
    );
    for (const l2 of [1, 10]) {
      const result = trainLinearModel({
        features: data.features,
        target: { name: 'churned', kind: 'categorical', values: churned },
        params: { l2, seed: 3 },
      });
      expect(result.converged).toBe(true);
      expect(result.gradientNorm).toBeLessThanOrEqual(1e-10);
      expect(result.iterations).toBeLessThan(15);
      // One-hot categories in order of frequency in the rows fitted on (ties by value).
      const counts = new Map<string, number>();
      for (const r of result.rows.fit) counts.set(data.plan[r]!, (counts.get(data.plan[r]!) ?? 0) + 1);
      const byFrequency = [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([c]) => c);
      expect(result.model.features[2]).toEqual({
        kind: 'categorical',
        name: 'plan',
        categories: byFrequency,
      });
      const x = designRows(result, { age: data.age, income: data.income, plan: data.plan }, result.rows.fit);
      const y = Array.from(result.rows.fit, (r) => (churned[r] === 'yes' ? 1 : 0));
      const beta = irls(x, y, l2);
      expect(Math.abs((result.model.intercepts[0] as number) - beta[0]!)).toBeLessThan(1e-6);
      // The train metrics (from the class-1 probabilities alone) against the fitted model by hand:
      // accuracy at 0.5, log loss, and ROC AUC by counting pairs.
      const positiveClass = result.model.classes![1];
      const truth = Array.from(result.rows.fit, (r) => (churned[r] === positiveClass ? 1 : 0));
      const probability = x.map((row) => {
        const eta = row.reduce(
          (sum, v, j) => sum + v * result.model.weights[j]!,
          result.model.intercepts[0]!,
        );
        return 1 / (1 + Math.exp(-eta));
      });
      const n = truth.length;
      const correct = truth.filter((t, i) => (probability[i]! >= 0.5 ? 1 : 0) === t).length;
      const logLoss =
        -truth.reduce((sum: number, t, i) => sum + Math.log(t ? probability[i]! : 1 - probability[i]!), 0) /
        n;
      let won = 0;
      let pairs = 0;
      truth.forEach((t, i) => {
        if (t !== 1) return;
        truth.forEach((u, j) => {
          if (u !== 0) return;
          pairs++;
          won += probability[i]! > probability[j]! ? 1 : probability[i] === probability[j] ? 0.5 : 0;
        });
      });
      expect(result.metrics.train['accuracy']).toBe(correct / n);
      expect(result.metrics.train['log_loss']).toBeCloseTo(logLoss, 12);
      expect(result.metrics.train['roc_auc']).toBeCloseTo(won / pairs, 12);
      beta
        .slice(1)
        .forEach((b, j) => expect(Math.abs((result.model.weights[j] as number) - b)).toBeLessThan(1e-6));
    }
  });

  it('ridge regression with a one-hot feature matches Gaussian elimination on the augmented normal equations', () => {
    const data = synthetic(400, 11);
    const y = Float64Array.from(
      { length: 400 },
      (_, i) => 3 + 0.5 * (data.age[i] as number) + (data.plan[i] === 'team' ? 4 : 0) + data.noise[i]!,
    );
    const result = trainLinearModel({
      features: data.features,
      target: { name: 'y', kind: 'numeric', values: y },
      params: { l2: 5 },
    });
    expect(result.task).toBe('regression');
    const x = designRows(result, { age: data.age, income: data.income, plan: data.plan }, result.rows.fit);
    // [1 X]ᵀ[1 X] + diag(0, 5, …, 5), solved with pivoting instead of Cholesky.
    const p = x[0]!.length + 1;
    const a = Array.from({ length: p }, (_, j) =>
      Array.from(
        { length: p },
        (_, k) =>
          x.reduce((s, row) => s + ([1, ...row][j] as number) * ([1, ...row][k] as number), 0) +
          (j === k && j > 0 ? 5 : 0),
      ),
    );
    const b = Array.from({ length: p }, (_, j) =>
      x.reduce((s, row, i) => s + ([1, ...row][j] as number) * (y[result.rows.fit[i]!] as number), 0),
    );
    const theta = gaussianSolve(a, b);
    expect(Math.abs((result.model.intercepts[0] as number) - theta[0]!)).toBeLessThan(1e-9);
    theta
      .slice(1)
      .forEach((t, j) => expect(Math.abs((result.model.weights[j] as number) - t)).toBeLessThan(1e-9));
    expect(result.metrics.validation['r2']).toBeGreaterThan(0.9);
  });

  it('softmax on separable-ish blobs recovers the classes, and its penalized gradient at the solution is ~0', () => {
    const random = new Xoshiro128(5);
    const normal = () => Math.sqrt(-2 * Math.log(random.next())) * Math.cos(2 * Math.PI * random.next());
    const centers = { north: [0, 6], east: [6, 0], west: [-6, 0] } as const;
    const names = Object.keys(centers) as (keyof typeof centers)[];
    const label = Array.from({ length: 450 }, (_, i) => names[i % 3]!);
    const u = Float64Array.from(label, (c) => centers[c][0] + normal());
    const v = Float64Array.from(label, (c) => centers[c][1] + normal());
    const result = trainLinearModel({
      features: [
        { name: 'u', kind: 'numeric', values: u },
        { name: 'v', kind: 'numeric', values: v },
      ],
      target: { name: 'direction', kind: 'categorical', values: label },
      params: { l2: 0.1 },
    });
    expect(result.task).toBe('multiclass');
    expect(result.converged).toBe(true);
    expect(result.metrics.train['accuracy']).toBeGreaterThan(0.99);
    expect(result.metrics.validation['accuracy']).toBeGreaterThan(0.99);

    // Gradient of Σ_i (log Σ_k e^{s_ik} − s_{i,y_i}) + (l2/2)‖W‖², computed here from the weights.
    const k = 3;
    const x = designRows(result, { u, v }, result.rows.fit);
    const gradient = new Array<number>(3 * k).fill(0);
    x.forEach((row, i) => {
      const s = [0, 1, 2].map(
        (c) =>
          result.model.intercepts[c]! +
          row.reduce((acc, value, j) => acc + value * result.model.weights[j * k + c]!, 0),
      );
      const z = s.reduce((acc, value) => acc + Math.exp(value), 0);
      const y = result.model.classes!.indexOf(label[result.rows.fit[i]!]!);
      [...row, 1].forEach((value, j) => {
        for (let c = 0; c < k; c++)
          gradient[j * k + c] = gradient[j * k + c]! + value * (Math.exp(s[c]!) / z - (c === y ? 1 : 0));
      });
    });
    for (let j = 0; j < 2 * k; j++) gradient[j] = gradient[j]! + 0.1 * result.model.weights[j]!;
    expect(Math.max(...gradient.map(Math.abs)) / x.length).toBeLessThan(1e-8);
    // The flat directions of the loss are pinned: intercepts and each feature's weights sum to 0.
    expect(Math.abs(result.model.intercepts.reduce((s, b) => s + b, 0))).toBeLessThan(1e-9);
    expect(
      Math.abs(result.model.weights[0]! + result.model.weights[1]! + result.model.weights[2]!),
    ).toBeLessThan(1e-9);
  });

  it('softmax on two classes with l2 = 2 is the logistic fit with l2 = 1 (W₁ − W₀ = w)', () => {
    const data = synthetic(300, 21);
    const target: TrainingColumn = {
      name: 'high',
      kind: 'categorical',
      values: Array.from(data.age, (a, i) => (a + 5 * data.noise[i]! > 42 ? 'high' : 'low')),
    };
    const logistic = trainLinearModel({ features: data.features, target, params: { l2: 1 } });
    const softmax = trainLinearModel({
      features: data.features,
      target,
      task: 'multiclass',
      params: { l2: 2 },
    });
    expect(logistic.task).toBe('binary');
    expect(Array.from(softmax.rows.train)).toEqual(Array.from(logistic.rows.train));
    const d = designColumns(logistic.model.features).length;
    for (let j = 0; j < d; j++) {
      expect(
        Math.abs(
          softmax.model.weights[j * 2 + 1]! - softmax.model.weights[j * 2]! - logistic.model.weights[j]!,
        ),
      ).toBeLessThan(1e-8);
    }
    expect(
      Math.abs(softmax.model.intercepts[1]! - softmax.model.intercepts[0]! - logistic.model.intercepts[0]!),
    ).toBeLessThan(1e-8);
  });
});
