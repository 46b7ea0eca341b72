import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { rocAuc } from '@mlops-actions/stats';
import { describe, expect, it } from 'vitest';
import { designMatrix } from '../src/onnx/linear-model';
import type { RawColumn } from '../src/onnx/linear-model';
import { loadModel } from '../src/scoring/index';
import { trainLinearModel } from '../src/trainer/index';
import type { TrainingColumn } from '../src/trainer/index';

/** seattle-weather.csv from vega-datasets: date, precipitation, temp_max, temp_min, wind, weather; no quotes. */
function seattleWeather() {
  const path = fileURLToPath(
    new URL('../../../node_modules/vega-datasets/data/seattle-weather.csv', import.meta.url),
  );
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  expect(header).toBe('date,precipitation,temp_max,temp_min,wind,weather');
  const rows = lines.map((line) => line.split(','));
  const numeric = (index: number) => Float64Array.from(rows, (row) => Number(row[index]));
  return {
    precipitation: numeric(1),
    temp_max: numeric(2),
    temp_min: numeric(3),
    wind: numeric(4),
    weather: rows.map((row) => row[5] as string),
  };
}

const data = seattleWeather();
const numericColumn = (name: 'precipitation' | 'temp_max' | 'temp_min' | 'wind'): TrainingColumn => ({
  name,
  kind: 'numeric',
  values: data[name],
});
const weatherFeatures = [
  numericColumn('precipitation'),
  numericColumn('temp_max'),
  numericColumn('temp_min'),
  numericColumn('wind'),
];

/**
 * Reference logistic fit by iteratively reweighted least squares on the raw-scale columns standardized
 * here, each step solving (XᵀWX + Λ) β = XᵀW z by Gaussian elimination with partial pivoting —
 * independent of the trainer's Newton/Cholesky code.
 */
function irlsReference(x: number[][], y: number[], l2: number): number[] {
  const p = (x[0]?.length ?? 0) + 1;
  let beta: number[] = new Array<number>(p).fill(0);
  for (let iteration = 0; iteration < 100; iteration++) {
    const a = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const b = new Array<number>(p).fill(0);
    x.forEach((row, i) => {
      const features = [1, ...row];
      const eta = features.reduce((s, v, j) => s + v * (beta[j] as number), 0);
      const prob = 1 / (1 + Math.exp(-eta));
      const w = Math.max(prob * (1 - prob), 1e-300);
      const z = eta + ((y[i] as number) - prob) / w;
      for (let j = 0; j < p; j++) {
        b[j] = (b[j] as number) + w * (features[j] as number) * z;
        for (let k = 0; k < p; k++)
          a[j]![k] = (a[j]![k] as number) + w * (features[j] as number) * (features[k] as number);
      }
    });
    for (let j = 1; j < p; j++) a[j]![j] = (a[j]![j] as number) + l2;
    const next = gaussianSolve(a, b);
    const change = Math.max(...next.map((v, j) => Math.abs(v - (beta[j] as number))));
    beta = next;
    if (change < 1e-13) break;
  }
  return beta;
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

/** The trainer's standardized design for some rows, rebuilt from its encodings as plain arrays. */
function designRows(features: Parameters<typeof designMatrix>[0], rows: Int32Array): number[][] {
  const columns = new Map<string, RawColumn>(
    features.map((f) => [f.name, Float64Array.from(rows, (r) => data[f.name as 'wind'][r] as number)]),
  );
  const x = designMatrix(features, columns, rows.length);
  const width = features.length;
  return Array.from(rows, (_, i) => Array.from(x.subarray(i * width, (i + 1) * width)));
}

/** Raw feature columns of some rows, as `ScoringModel.score` takes them. */
function scoringColumns(names: readonly string[], rows: Int32Array): Record<string, Float64Array> {
  return Object.fromEntries(
    names.map((name) => [name, Float64Array.from(rows, (r) => data[name as 'wind'][r] as number)]),
  );
}

const isRain = data.weather.map((w) => (w === 'rain' ? 'rain' : 'other'));

describe('the built-in trainer on seattle-weather (vega-datasets)', () => {
  it('rain vs not: validation ROC AUC within 0.01 of a reference IRLS fit (Gaussian elimination) on the same split', () => {
    const result = trainLinearModel({
      features: weatherFeatures,
      target: { name: 'rain', kind: 'categorical', values: isRain },
    });
    expect(result.task).toBe('binary');
    expect(result.model.classes).toEqual(['other', 'rain']);
    expect(result.converged).toBe(true);
    expect(result.rows.train.length + result.rows.validation.length).toBe(data.weather.length);
    expect(result.rows.validation.length).toBe(Math.round(641 * 0.2) + Math.round((1461 - 641) * 0.2));

    // Reference: the test's own standardization of the rows fitted on (mean, population std) …
    const names = weatherFeatures.map((f) => f.name as 'wind');
    const statsOf = (rows: Int32Array) =>
      names.map((name) => {
        const values = Array.from(rows, (r) => data[name][r] as number);
        const mean = values.reduce((s, v) => s + v, 0) / values.length;
        const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
        return { mean, std };
      });
    const standardize = (rows: Int32Array, stats: { mean: number; std: number }[]) =>
      Array.from(rows, (r) =>
        names.map((name, j) => ((data[name][r] as number) - stats[j]!.mean) / stats[j]!.std),
      );
    const label = (rows: Int32Array) => Array.from(rows, (r) => (isRain[r] === 'rain' ? 1 : 0));
    // … and IRLS with l2 = 1 on the summed loss, as the trainer's default. The validation metrics
    // are of the model fitted on the training rows only.
    const splitStats = statsOf(result.rows.train);
    const splitBeta = irlsReference(standardize(result.rows.train, splitStats), label(result.rows.train), 1);
    const referenceScores = standardize(result.rows.validation, splitStats).map((row) =>
      row.reduce((s, v, j) => s + v * (splitBeta[j + 1] as number), splitBeta[0] as number),
    );
    const referenceAuc = rocAuc(label(result.rows.validation), referenceScores);

    expect(referenceAuc).toBeGreaterThan(0.85);
    expect(Math.abs((result.metrics.validation['roc_auc'] as number) - referenceAuc)).toBeLessThan(0.01);
    // The shipped model is refitted on every row (training and validation): the same optimum as the
    // reference on those rows, so the weights agree far beyond what the AUC needs.
    expect(result.rows.fit.length).toBe(data.weather.length);
    const stats = statsOf(result.rows.fit);
    const beta = irlsReference(standardize(result.rows.fit, stats), label(result.rows.fit), 1);
    result.model.features.forEach((f, j) => {
      expect(f).toMatchObject({ kind: 'numeric', mean: expect.closeTo(stats[j]!.mean, 12) });
      expect(result.model.weights[j]).toBeCloseTo(beta[j + 1] as number, 6);
    });
    expect(result.model.intercepts[0]).toBeCloseTo(beta[0] as number, 6);
  });

  it('the exported rain model, run in onnxruntime-node, reproduces the trainer probabilities to 1e-6 (float inputs)', async () => {
    const result = trainLinearModel({
      features: weatherFeatures,
      target: { name: 'rain', kind: 'categorical', values: isRain },
      // Without the refit the shipped model is the one whose validation predictions the result holds.
      params: { refit: 0 },
    });
    const model = await loadModel(result.onnx, { ort });
    const scores = await model.score(
      scoringColumns(
        weatherFeatures.map((f) => f.name),
        result.rows.validation,
      ),
    );
    if (scores.task !== 'classification' || result.predictions.task === 'regression')
      throw new Error('a classifier');
    expect(scores.classes).toEqual(['other', 'rain']);
    expect(maxAbsDifference(scores.probabilities!, result.predictions.probabilities)).toBeLessThan(1e-6);
    expect(Array.from(scores.labels)).toEqual(Array.from(result.predictions.labels));
  });

  it('weather (5 classes): softmax beats the majority class, and onnxruntime reproduces its probabilities to 1e-6', async () => {
    const result = trainLinearModel({
      features: weatherFeatures,
      target: { name: 'weather', kind: 'categorical', values: data.weather },
      params: { refit: 0 },
    });
    expect(result.task).toBe('multiclass');
    expect(result.model.classes).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
    expect(result.converged).toBe(true);
    const validationWeather = Array.from(result.rows.validation, (r) => data.weather[r]);
    const majorityShare = Math.max(
      ...['rain', 'sun'].map(
        (w) => validationWeather.filter((v) => v === w).length / validationWeather.length,
      ),
    );
    expect(result.metrics.validation['accuracy']).toBeGreaterThan(majorityShare + 0.1);
    expect(Object.keys(result.metrics.train)).toEqual(['accuracy', 'f1_macro', 'log_loss']);

    const model = await loadModel(result.onnx, { ort });
    const scores = await model.score(
      scoringColumns(
        weatherFeatures.map((f) => f.name),
        result.rows.validation,
      ),
    );
    if (scores.task !== 'classification' || result.predictions.task === 'regression')
      throw new Error('a classifier');
    expect(maxAbsDifference(scores.probabilities!, result.predictions.probabilities)).toBeLessThan(1e-6);
    expect(Array.from(scores.labels)).toEqual(Array.from(result.predictions.labels));
  });

  it('temp_max from the others: ridge equals a centered normal-equations solve, and onnxruntime (double in and out) reproduces it to 1e-6', async () => {
    const features = weatherFeatures.filter((f) => f.name !== 'temp_max');
    const result = trainLinearModel({
      features,
      target: numericColumn('temp_max'),
      // float32 outputs round temperatures near 30 by up to 1e-6, so this export keeps doubles.
      export: { numericType: 'double', outputType: 'double' },
    });
    expect(result.task).toBe('regression');
    expect(result.metrics.validation['r2']).toBeGreaterThan(0.75);

    // Reference: center X and y, solve (XcᵀXc + l2 I) w = Xcᵀ yc by Gaussian elimination, b = ȳ − x̄ᵀw.
    const x = designRows(result.model.features, result.rows.fit);
    const y = Array.from(result.rows.fit, (r) => data.temp_max[r] as number);
    const d = features.length;
    const xMean = Array.from(
      { length: d },
      (_, j) => x.reduce((s, row) => s + (row[j] as number), 0) / x.length,
    );
    const yMean = y.reduce((s, v) => s + v, 0) / y.length;
    const a = Array.from({ length: d }, (_, j) =>
      Array.from(
        { length: d },
        (_, k) =>
          x.reduce((s, row) => s + ((row[j] as number) - xMean[j]!) * ((row[k] as number) - xMean[k]!), 0) +
          (j === k ? 1 : 0),
      ),
    );
    const b = Array.from({ length: d }, (_, j) =>
      x.reduce((s, row, i) => s + ((row[j] as number) - xMean[j]!) * (y[i]! - yMean), 0),
    );
    const w = gaussianSolve(a, b);
    w.forEach((value, j) => expect(Math.abs((result.model.weights[j] as number) - value)).toBeLessThan(1e-9));
    const intercept = yMean - w.reduce((s, v, j) => s + v * xMean[j]!, 0);
    expect(Math.abs((result.model.intercepts[0] as number) - intercept)).toBeLessThan(1e-9);

    // The exported (refitted) model on the rows it was fitted on, against the reference's predictions.
    const model = await loadModel(result.onnx, { ort });
    const scores = await model.score(
      scoringColumns(
        features.map((f) => f.name),
        result.rows.fit,
      ),
    );
    if (scores.task !== 'regression') throw new Error('a regressor');
    const reference = x.map((row) => row.reduce((s, v, j) => s + v * w[j]!, intercept));
    expect(maxAbsDifference(scores.predictions, reference)).toBeLessThan(1e-6);
  });
});

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}
