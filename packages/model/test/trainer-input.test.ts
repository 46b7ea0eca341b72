import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../src/scoring/index';
import { TrainerError, trainLinearModel } from '../src/trainer/index';
import type { TrainingColumn } from '../src/trainer/index';

/** 200 rows: x drives the class, city is categorical with a rare value and some nulls. */
function customers() {
  const x = Float64Array.from({ length: 200 }, (_, i) => ((i * 37) % 101) / 10);
  const cities = ['oslo', 'rome', 'lima'];
  const city = Array.from({ length: 200 }, (_, i) => (i % 17 === 0 ? null : (cities[(i * 7) % 3] as string)));
  const label = Array.from(x, (v, i) =>
    v + (city[i] === 'rome' ? 2 : 0) + ((i * 13) % 7) / 2 > 7 ? 'yes' : 'no',
  );
  const features: TrainingColumn[] = [
    { name: 'x', kind: 'numeric', values: x },
    { name: 'city', kind: 'categorical', values: city },
  ];
  return {
    x,
    city,
    label,
    features,
    target: { name: 'label', kind: 'categorical', values: label } as TrainingColumn,
  };
}

describe('the built-in trainer: determinism, splits, missing values and bad input', () => {
  it('two runs give identical ONNX bytes; another seed gives another split', () => {
    const { features, target } = customers();
    const first = trainLinearModel({ features, target });
    const second = trainLinearModel({ features, target });
    expect(Buffer.from(second.onnx).equals(Buffer.from(first.onnx))).toBe(true);
    expect(Array.from(second.model.weights)).toEqual(Array.from(first.model.weights));
    const reseeded = trainLinearModel({ features, target, params: { seed: 1 } });
    expect(reseeded.rows.validation.length).toBe(first.rows.validation.length);
    expect(Array.from(reseeded.rows.validation)).not.toEqual(Array.from(first.rows.validation));
    // Another split measures differently, but the shipped model is refitted on every row either way.
    expect(reseeded.metrics.validation).not.toEqual(first.metrics.validation);
    expect(Buffer.from(reseeded.onnx).equals(Buffer.from(first.onnx))).toBe(true);
    const splitOnly = (seed: number) =>
      trainLinearModel({ features, target, params: { seed, refit: 0 } }).onnx;
    expect(Buffer.from(splitOnly(1)).equals(Buffer.from(splitOnly(0)))).toBe(false);
  });

  it('refits on every row by default: the shipped model is the validation_fraction 0 fit, metrics say on which rows', () => {
    const { features, target } = customers();
    const refitted = trainLinearModel({ features, target, params: { validation_fraction: 0.25 } });
    const allRows = trainLinearModel({ features, target, params: { validation_fraction: 0 } });
    const splitOnly = trainLinearModel({ features, target, params: { validation_fraction: 0.25, refit: 0 } });
    // Stratified: each class rounds its own 25 %.
    expect(refitted.rows.validation.length).toBeGreaterThanOrEqual(49);
    expect(refitted.rows.validation.length).toBeLessThanOrEqual(51);
    expect(refitted.rows.train.length + refitted.rows.validation.length).toBe(200);
    expect(refitted.rows.fit.length).toBe(200);
    expect(splitOnly.rows.fit).toEqual(splitOnly.rows.train);
    // The same rows, preprocessing and solver: bit-identical weights and ONNX bytes.
    expect(Array.from(refitted.model.weights)).toEqual(Array.from(allRows.model.weights));
    expect(Array.from(refitted.model.intercepts)).toEqual(Array.from(allRows.model.intercepts));
    expect(Buffer.from(refitted.onnx).equals(Buffer.from(allRows.onnx))).toBe(true);
    expect(Array.from(refitted.model.weights)).not.toEqual(Array.from(splitOnly.model.weights));
    // Validation metrics are the split model's on the held-out rows (the refit never saw them apart);
    // train metrics are the shipped model's on the rows it was fitted on.
    expect(refitted.metrics.validation).toEqual(splitOnly.metrics.validation);
    expect(refitted.metrics.train).toEqual(allRows.metrics.train);
    expect(refitted.metrics.train).not.toEqual(splitOnly.metrics.train);
    expect(() => trainLinearModel({ features, target, params: { refit: 2 } })).toThrow(
      /params\.refit: is 2 — give 1 \(refit on all rows\) or 0/,
    );
  });

  it('the split is stratified: each class puts round(20 %) of its rows in validation', () => {
    const { features, target, label } = customers();
    const result = trainLinearModel({ features, target, params: { validation_fraction: 0.2, seed: 9 } });
    for (const cls of ['yes', 'no']) {
      const total = label.filter((l) => l === cls).length;
      const held = Array.from(result.rows.validation).filter((r) => label[r] === cls).length;
      expect(held).toBe(Math.round(total * 0.2));
    }
    expect(result.params).toMatchObject({ l2: 1, validation_fraction: 0.2, seed: 9, max_iter: 100 });
  });

  it('rows missing a number or the target are dropped; missing and unseen categories score as zeros in onnxruntime too', async () => {
    const { x, city, label } = customers();
    const withGaps = Array.from(x, (v, i) => (i === 4 || i === 50 ? null : v));
    const target = label.map((l, i) => (i === 77 ? null : l));
    const result = trainLinearModel({
      features: [
        { name: 'x', kind: 'numeric', values: withGaps },
        { name: 'city', kind: 'categorical', values: city },
      ],
      target: { name: 'label', kind: 'categorical', values: target },
      // The shipped model is then the one whose validation predictions the result holds; seed 2 puts
      // four of the twelve missing cities in validation, which the scoring check below needs.
      params: { max_categories: 2, refit: 0, seed: 2 },
    });
    expect(Array.from(result.rows.dropped)).toEqual([4, 50, 77]);
    expect(result.rows.train.length + result.rows.validation.length).toBe(197);
    // max_categories = 2 keeps the two most frequent cities; the third is then "unseen".
    const cityEncoding = result.model.features[1];
    expect(cityEncoding?.kind === 'categorical' && cityEncoding.categories.length).toBe(2);

    const model = await loadModel(result.onnx, { ort });
    const rows = result.rows.validation;
    const scores = await model.score({
      x: Float64Array.from(rows, (r) => withGaps[r] as number),
      city: Array.from(rows, (r) => city[r] ?? null),
    });
    if (scores.task !== 'classification' || result.predictions.task === 'regression')
      throw new Error('a classifier');
    const probabilities = scores.probabilities!;
    expect(Array.from(rows).some((r) => city[r] === null)).toBe(true);
    result.predictions.probabilities.forEach((p, i) =>
      expect(Math.abs(p - probabilities[i]!)).toBeLessThan(1e-6),
    );
  });

  it('typed columns (one scan for the checks, the usable rows and the means) train the model plain arrays train', () => {
    const { x, city, label } = customers();
    const target: TrainingColumn = { name: 'label', kind: 'categorical', values: label };
    const train = (values: ArrayLike<number | null>, params = {}) =>
      trainLinearModel({
        features: [
          { name: 'x', kind: 'numeric', values },
          { name: 'city', kind: 'categorical', values: city },
        ],
        target,
        params,
      });
    const same = (a: ReturnType<typeof train>, b: ReturnType<typeof train>) => {
      expect(Array.from(a.rows.dropped)).toEqual(Array.from(b.rows.dropped));
      expect(a.model.features).toEqual(b.model.features);
      expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    };
    // Every row (the scan's sum is the mean's) and a split (the means over the training rows).
    same(train(x, { validation_fraction: 0 }), train(Array.from(x), { validation_fraction: 0 }));
    same(train(x), train(Array.from(x)));
    const gaps = Float64Array.from(x, (v, i) => (i === 4 || i === 50 ? Number.NaN : v));
    const typed = train(gaps, { validation_fraction: 0 });
    expect(Array.from(typed.rows.dropped)).toEqual([4, 50]);
    same(
      typed,
      train(
        Array.from(gaps, (v) => (Number.isNaN(v) ? null : v)),
        { validation_fraction: 0 },
      ),
    );
    // ±Infinity is refused at its first row, also past a NaN.
    const infinite = (at: number, value: number) => Float64Array.from(gaps, (v, i) => (i === at ? value : v));
    expect(() => train(infinite(9, Infinity))).toThrow(
      /column "x" row 9: holds Infinity where a finite number/,
    );
    expect(() => train(infinite(120, -Infinity))).toThrow(/column "x" row 120: holds -Infinity/);
  });

  it('infers the task: 0/1 numbers → binary, three strings → multiclass, many reals → regression', () => {
    const { features, x } = customers();
    const numericTarget = (values: ArrayLike<number>): TrainingColumn => ({
      name: 't',
      kind: 'numeric',
      values,
    });
    expect(
      trainLinearModel({ features, target: numericTarget(Array.from(x, (v) => (v > 5 ? 1 : 0))) }).task,
    ).toBe('binary');
    const three: TrainingColumn = {
      name: 't',
      kind: 'categorical',
      values: Array.from(x, (v) => (v > 6 ? 'a' : v > 3 ? 'b' : 'c')),
    };
    expect(trainLinearModel({ features, target: three }).task).toBe('multiclass');
    const real = trainLinearModel({
      features: features.slice(1),
      target: numericTarget(Array.from(x, (v) => v * 1.5 + 0.25)),
    });
    expect(real.task).toBe('regression');
    expect(Object.keys(real.metrics.validation)).toEqual(['rmse', 'mae', 'r2']);
  });

  it('bad input fails with the place and what to do', () => {
    const { features, target } = customers();
    const expectError = (run: () => unknown, message: RegExp) => {
      expect(run).toThrow(TrainerError);
      expect(run).toThrow(message);
    };
    const text = Array.from({ length: 200 }, (_, i) => (i === 12 ? 'n/a' : 1)) as unknown as number[];
    expectError(
      () => trainLinearModel({ features: [{ name: 'age', kind: 'numeric', values: text }], target }),
      /column "age" row 12: holds "n\/a" where a number is needed — fix the value/,
    );
    expectError(
      () => trainLinearModel({ features, target, params: { learning_rate: 1 } as never }),
      /params\.learning_rate/,
    );
    expectError(
      () => trainLinearModel({ features, target, params: { validation_fraction: 1 } }),
      /params\.validation_fraction: is 1 — give a share in \[0, 1\)/,
    );
    expectError(
      () => trainLinearModel({ features: [...features, target], target }),
      /is both the target and a feature/,
    );
    const three: TrainingColumn = {
      name: 't',
      kind: 'categorical',
      values: Array.from({ length: 200 }, (_, i) => String(i % 3)),
    };
    expectError(
      () => trainLinearModel({ features, target: three, task: 'binary' }),
      /has 3 classes .* use task multiclass/,
    );
    expectError(
      () => trainLinearModel({ features, target, task: 'regression' }),
      /target "label": is categorical/,
    );
    expectError(
      () => trainLinearModel({ features: [{ name: 'x', kind: 'numeric', values: [1, 2, 3] }], target }),
      /has 3 rows but the target has 200/,
    );
  });
});
