import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { exportLinearModel } from '../src/onnx/export-linear';
import { designColumns, designMatrix } from '../src/onnx/linear-model';
import type { LinearModel } from '../src/onnx/linear-model';
import { decodeModel } from '../src/onnx/proto';
import { METADATA } from '../src/onnx/metadata';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

// age: mean 40, std 10; income: mean 50, std 20; plan: basic | pro (anything else → zeros).
const features: LinearModel['features'] = [
  { kind: 'numeric', name: 'age', mean: 40, std: 10 },
  { kind: 'categorical', name: 'plan', categories: ['basic', 'pro'] },
  { kind: 'numeric', name: 'income', mean: 50, std: 20 },
];
const rows = { age: [30, 40, 62.5], income: [50, 90, 10], plan: ['pro', 'basic', 'enterprise'] };

function feeds(numericType: 'float32' | 'float64' = 'float32') {
  const numeric = (values: number[]) =>
    new ort.Tensor(
      numericType,
      numericType === 'float32' ? Float32Array.from(values) : Float64Array.from(values),
      [values.length, 1],
    );
  return {
    age: numeric(rows.age),
    income: numeric(rows.income),
    plan: new ort.Tensor('string', rows.plan, [3, 1]),
  };
}

async function run(bytes: Uint8Array, input = feeds()) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run(input);
  } finally {
    await session.release();
  }
}

describe('linear models exported with their preprocessing', () => {
  it('a binary logistic model reproduces hand-computed probabilities, unknown category as all zeros', async () => {
    // Design columns: age_std, income_std, plan=basic, plan=pro.
    const model: LinearModel = {
      task: 'binary',
      features,
      weights: Float64Array.from([0.8, -0.5, 0.3, 1.2]),
      intercepts: Float64Array.from([-0.25]),
      classes: ['stays', 'churns'],
    };
    const expected = [
      sigmoid(0.8 * -1 + -0.5 * 0 + 1.2 - 0.25), // 30, 50, pro
      sigmoid(0.8 * 0 + -0.5 * 2 + 0.3 - 0.25), // 40, 90, basic
      sigmoid(0.8 * 2.25 + -0.5 * -2 - 0.25), // 62.5, 10, enterprise (unseen)
    ];
    const result = await run(exportLinearModel(model));
    const probabilities = result['probabilities']!;
    expect(probabilities.dims).toEqual([3, 2]);
    expected.forEach((p, row) => {
      expect(probabilities.data[row * 2 + 1]).toBeCloseTo(p, 6);
      expect(probabilities.data[row * 2]).toBeCloseTo(1 - p, 6);
    });
    expect(Array.from(result['label']!.data as BigInt64Array)).toEqual(
      expected.map((p) => BigInt(p > 0.5 ? 1 : 0)),
    );
  });

  it('a linear regression reproduces hand-computed predictions as float [N, 1]', async () => {
    const model: LinearModel = {
      task: 'regression',
      features,
      weights: Float64Array.from([2, 3, -1, 4]),
      intercepts: Float64Array.from([100]),
    };
    const result = await run(exportLinearModel(model));
    expect(result['prediction']!.dims).toEqual([3, 1]);
    expect(Array.from(result['prediction']!.data as Float32Array)).toEqual([
      Math.fround(100 + 2 * -1 + 4),
      Math.fround(100 + 3 * 2 - 1),
      Math.fround(100 + 2 * 2.25 + 3 * -2),
    ]);
  });

  it('a softmax model gives hand-computed class probabilities and the argmax label', async () => {
    // K = 3 classes; weights row-major D × K.
    const weights = [
      [1, 0, -1], // age_std
      [0, 1, 0], // income_std
      [0.5, 0, 0], // plan=basic
      [0, 0, 2], // plan=pro
    ];
    const intercepts = [0, 0.1, -0.1];
    const model: LinearModel = {
      task: 'multiclass',
      features,
      weights: Float64Array.from(weights.flat()),
      intercepts: Float64Array.from(intercepts),
      classes: ['a', 'b', 'c'],
    };
    const design = [
      [-1, 0, 0, 1],
      [0, 2, 1, 0],
      [2.25, -2, 0, 0],
    ];
    const result = await run(exportLinearModel(model));
    design.forEach((x, row) => {
      const scores = intercepts.map((b, k) => b + x.reduce((s, xi, d) => s + xi * weights[d]![k]!, 0));
      const total = scores.reduce((s, z) => s + Math.exp(z), 0);
      const expected = scores.map((z) => Math.exp(z) / total);
      expected.forEach((p, k) => expect(result['probabilities']!.data[row * 3 + k]).toBeCloseTo(p, 6));
      expect(Number(result['label']!.data[row])).toBe(expected.indexOf(Math.max(...expected)));
    });
  });

  it('double numeric inputs make the export exact, and metadata carries task, classes and encodings', async () => {
    const model: LinearModel = {
      task: 'binary',
      features,
      weights: Float64Array.from([0.8, -0.5, 0.3, 1.2]),
      intercepts: Float64Array.from([-0.25]),
      classes: [0, 1],
    };
    const bytes = exportLinearModel(model, { numericType: 'double' });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputMetadata).toEqual([
      { name: 'age', isTensor: true, type: 'float64', shape: ['N', 1] },
      { name: 'plan', isTensor: true, type: 'string', shape: ['N', 1] },
      { name: 'income', isTensor: true, type: 'float64', shape: ['N', 1] },
    ]);
    const result = await session.run(feeds('float64'));
    expect(result['probabilities']!.data[1]).toBeCloseTo(sigmoid(0.8 * -1 + 1.2 - 0.25), 7);
    const metadata = Object.fromEntries(decodeModel(bytes).metadata_props!.map((p) => [p.key, p.value]));
    expect(metadata[METADATA.task]).toBe('binary');
    expect(JSON.parse(metadata[METADATA.classes]!)).toEqual([0, 1]);
    expect(JSON.parse(metadata[METADATA.features]!)).toEqual(features);
  });

  it('refuses a model whose weights do not fit its design, or a column named like an output', () => {
    const bad: LinearModel = {
      task: 'regression',
      features,
      weights: new Float64Array(3),
      intercepts: new Float64Array(1),
    };
    expect(() => exportLinearModel(bad)).toThrow(
      /weights hold 3 values .* the design has 4 columns × 1 outputs/,
    );
    const clash: LinearModel = {
      task: 'regression',
      features: [{ kind: 'numeric', name: 'prediction', mean: 0, std: 1 }],
      weights: new Float64Array(1),
      intercepts: new Float64Array(1),
    };
    expect(() => exportLinearModel(clash)).toThrow(/feature "prediction" has the name of a model output/);
  });

  it('lays out design columns as the graph does: numerics, then one-hot blocks', () => {
    expect(designColumns(features)).toEqual(['age', 'income', 'plan=basic', 'plan=pro']);
    const columns = new Map<string, number[] | string[]>(Object.entries(rows));
    expect(Array.from(designMatrix(features, columns, 3))).toEqual([
      -1,
      0,
      0,
      1, // 30, 50, pro
      0,
      2,
      1,
      0, // 40, 90, basic
      2.25,
      -2,
      0,
      0, // 62.5, 10, enterprise
    ]);
  });
});
