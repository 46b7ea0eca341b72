import { copyFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@mlops-actions/cli';
import { scoreModel, type Scores } from '@mlops-actions/model';
import { repoRoot } from '../harness/run-action';
import { captureIO } from '../support/cli';

// Models made by real exporters (torch.onnx.export; skl2onnx's and onnxmltools' layouts), with the
// predictions the exporter computed and scikit-learn's metrics on them: test/fixtures/exporters/README.md.
const fixtures = join(repoRoot, 'test/fixtures/exporters');

interface FixtureModel {
  name: string;
  file: string;
  dataset: string;
  target: string;
  task: 'binary' | 'multiclass' | 'regression';
  features: string[];
  inputs: { name: string; type: string; shape: (number | string | null)[] }[];
  outputs: { name: string; holds: string }[];
  class_labels?: (string | number)[];
  predictions: string;
  prediction_columns: string[];
  metrics: string;
}

const manifest = JSON.parse(readFileSync(join(fixtures, 'manifest.json'), 'utf8')) as {
  models: FixtureModel[];
};
const byName = new Map(manifest.models.map((model) => [model.name, model]));
const fixture = (name: string) => byName.get(name)!;

/** Our metric names for scikit-learn's, as the fixture script calls them. */
const SKLEARN_NAMES: Record<string, Record<string, string>> = {
  binary: {
    roc_auc_score: 'roc_auc',
    accuracy_score: 'accuracy',
    log_loss: 'log_loss',
    f1_score: 'f1',
    precision_score: 'precision',
    recall_score: 'recall',
    average_precision_score: 'average_precision',
    brier_score_loss: 'brier_score',
  },
  multiclass: {
    accuracy_score: 'accuracy',
    log_loss: 'log_loss',
    f1_score: 'f1_macro',
    f1_score_weighted: 'f1_weighted',
  },
  regression: { r2_score: 'r2', mean_absolute_error: 'mae', root_mean_squared_error: 'rmse' },
};

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  return { header: head!.split(','), rows: lines.map((line) => line.split(',')) };
}

/** The data's columns as numbers, keyed by name (the fixtures' data is all numeric but iris's target). */
function numericColumns(path: string): Map<string, Float64Array> {
  const { header, rows } = readCsv(path);
  return new Map(header.map((name, c) => [name, Float64Array.from(rows, (row) => Number(row[c]))]));
}

/** The exporter's own predictions, one array per column of the predictions file. */
function exporterPredictions(model: FixtureModel): Map<string, string[]> {
  const { header, rows } = readCsv(join(fixtures, model.predictions));
  return new Map(header.map((name, c) => [name, rows.map((row) => row[c]!)]));
}

function sklearnMetrics(model: FixtureModel): Record<string, number> {
  return (
    JSON.parse(readFileSync(join(fixtures, model.metrics), 'utf8')) as { metrics: Record<string, number> }
  ).metrics;
}

/** float32 agreement: 1e-5 absolute up to 1, relative above (one rounding step of a float32). */
function expectFloat32Close(actual: number, expected: number, what: string) {
  expect(Math.abs(actual - expected) / Math.max(1, Math.abs(expected)), what).toBeLessThanOrEqual(1e-5);
}

describe('models from real exporters, scored as their exporter scored them', () => {
  it.each(manifest.models.map((m) => m.name))('%s', async (name) => {
    const model = fixture(name);
    const data = numericColumns(join(fixtures, model.dataset));
    data.delete(model.target);
    const scores: Scores = await scoreModel(join(fixtures, model.file), data, {
      ort,
      // The named model records its own order; the others are told it.
      ...(name === 'torch-binary-named' ? {} : { featureOrder: model.features }),
      outputs: {
        ...(model.outputs.some((o) => o.holds.startsWith('logit')) ? { outputKind: 'logit' } : {}),
        ...(model.class_labels && model.task !== 'regression' ? { classes: model.class_labels } : {}),
      },
    });
    const expected = exporterPredictions(model);
    const rows = expected.values().next().value!.length;
    expect(scores.rows).toBe(rows);
    if (scores.task === 'regression') {
      const prediction = expected.get('prediction')!;
      prediction.forEach((value, row) =>
        expectFloat32Close(scores.predictions[row]!, Number(value), `row ${row}`),
      );
      return;
    }
    const k = scores.classes.length;
    expect(scores.classes.map(String)).toEqual(model.class_labels!.map(String));
    for (let row = 0; row < rows; row++) {
      if (expected.has('probability') || expected.has('logit')) {
        const p = expected.has('probability')
          ? Number(expected.get('probability')![row])
          : 1 / (1 + Math.exp(-Number(expected.get('logit')![row])));
        expectFloat32Close(scores.probabilities![row * 2 + 1]!, p, `${name} row ${row}`);
        continue;
      }
      const columns = model.class_labels!.map((label) =>
        expected.get(`p_${label}`) ? Number(expected.get(`p_${label}`)![row]) : undefined,
      );
      const logits = model.class_labels!.map((label) => Number(expected.get(`logit_${label}`)?.[row]));
      const probabilities = columns.every((p) => p !== undefined) ? columns : softmax(logits);
      probabilities.forEach((p, c) =>
        expectFloat32Close(scores.probabilities![row * k + c]!, p!, `${name} row ${row} class ${c}`),
      );
      if (expected.has('label')) {
        expect(String(scores.classes[scores.labels[row]!])).toBe(expected.get('label')![row]);
      }
    }
  });
});

function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

describe('mlops-actions evaluate on models from real exporters', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'exporters-'));
    for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(dir, file));
  });

  async function evaluate(args: string[]) {
    const { cli, out } = captureIO(dir);
    const code = await runCli(['evaluate', '--bootstrap', '0', ...args], cli);
    return { code, ...out };
  }

  /** The arguments a user types for a fixture: the data, its target and the feature order. */
  function argsFor(model: FixtureModel, extra: string[] = []): string[] {
    return [
      '--model',
      model.file,
      '--data',
      model.dataset,
      '--target',
      model.target,
      ...(model.name === 'torch-binary-named' ? [] : ['--features', model.features.join(',')]),
      ...extra,
    ];
  }

  const cases: [string, string[]][] = [
    ['torch-binary', []],
    ['torch-binary-fixed-batch', []],
    ['torch-binary-logit', ['--output-kind', 'logit']],
    ['torch-binary-named', []],
    ['skl2onnx-logreg', []],
    ['torch-multiclass', ['--classes', 'setosa,versicolor,virginica']],
    ['torch-multiclass-logits', ['--output-kind', 'logit', '--classes', 'setosa,versicolor,virginica']],
    ['onnxmltools-tree', []],
    ['skl2onnx-svc', []],
    ['torch-regressor', []],
    ['torch-regressor-float64', []],
    ['torch-regressor-int64', []],
  ];

  it.each(cases)("%s: the metrics are scikit-learn's on the exporter's predictions", async (name, extra) => {
    const model = fixture(name);
    const output = `${name}.evaluation.json`;
    const result = await evaluate(argsFor(model, [...extra, '--output', output]));
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const evaluation = JSON.parse(readFileSync(join(dir, output), 'utf8')) as {
      task: string;
      rows: number;
      metrics: { name: string; candidate: number }[];
    };
    expect(evaluation.task).toBe(model.task);
    const ours = new Map(evaluation.metrics.map((m) => [m.name, m.candidate]));
    const names = SKLEARN_NAMES[model.task]!;
    const reference = sklearnMetrics(model);
    let compared = 0;
    for (const [sklearn, value] of Object.entries(reference)) {
      const mine = names[sklearn];
      if (!mine) continue;
      expect(ours.get(mine), `${name}: ${mine} vs scikit-learn's ${sklearn}`).toBeCloseTo(value, 4);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  });

  it('scores a model whose batch axis was exported as a fixed 1 row by row, and says how to export it faster', async () => {
    const result = await evaluate(argsFor(fixture('torch-binary-fixed-batch')));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /input "input" has a fixed batch size of 1, so rows are scored one at a time — export with a dynamic batch axis/,
    );
  });

  it('refuses logits read as probabilities, naming the output and the setting that says what it holds', async () => {
    const binary = await evaluate(argsFor(fixture('torch-binary-logit')));
    expect(binary.code).toBe(1);
    expect(binary.stderr).toMatch(
      /torch-binary-logit\.onnx: output "logit" holds -?[\d.]+ at row \d+, outside \[0, 1\], so it is not a probability — if it holds a logit \(before the sigmoid\), set output-kind to logit \(--output-kind logit\)/,
    );
    const multiclass = await evaluate(
      argsFor(fixture('torch-multiclass-logits'), ['--classes', 'setosa,versicolor,virginica']),
    );
    expect(multiclass.code).toBe(1);
    expect(multiclass.stderr).toMatch(
      /output "logits" (holds -?[\d.]+ at row \d+, outside \[0, 1\]|row \d+ sums to [\d.]+, not 1).* set output-kind to logit/,
    );
  });

  it('without a feature order, names the input, its width and the data columns to choose from', async () => {
    const model = fixture('torch-binary');
    const error = await evaluate(['--model', model.file, '--data', model.dataset, '--target', 'target']);
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(
      /torch-binary\.onnx: input "input" \(float32 \[batch, 30\]\) takes 30 features as one tensor, and nothing says which columns go where — set `features` \(--features\) to the columns in the model's input order \(the data's columns: worst_fractal_dimension, worst_symmetry,/,
    );
    // The target is not offered as a feature.
    expect(error.stderr).not.toMatch(/columns: target|, target[,)]/);
  });

  it('refuses a feature order of the wrong width, naming the input and what was given', async () => {
    const model = fixture('skl2onnx-logreg');
    const error = await evaluate([
      '--model',
      model.file,
      '--data',
      model.dataset,
      '--target',
      'target',
      '--features',
      model.features.slice(0, 29).join(','),
    ]);
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(
      /input "float_input" is float32 \[, 30\] but --features names 29 columns \(mean_radius, .*\) — give exactly 30, in the model's input order/,
    );
  });

  it('refuses a text column fed to a float tensor, naming the file, line, column and input', async () => {
    const model = fixture('torch-multiclass');
    const features = ['sepal_length', 'sepal_width', 'petal_length', 'target'];
    const error = await evaluate([
      '--model',
      model.file,
      '--data',
      model.dataset,
      '--target',
      'target',
      '--features',
      features.join(','),
      '--classes',
      'setosa,versicolor,virginica',
    ]);
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(
      /iris_test\.csv:2:5: column "target" holds "virginica", but the model's input "input" \(float32\) takes numbers there — fix the value, or check `features`/,
    );
  });

  it('without class names, a model whose outputs carry none reads its classes as 0..K−1 and says how to name them', async () => {
    const model = fixture('torch-multiclass');
    const result = await evaluate(argsFor(model));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /iris_test\.csv:2:1: the label "virginica" is not one of the model's classes \(0, 1, 2\) — .*name them with `classes` \(--classes\) in output order/,
    );
    const wrongCount = await evaluate(argsFor(model, ['--classes', 'setosa,versicolor']));
    expect(wrongCount.code).toBe(1);
    expect(wrongCount.stderr).toMatch(
      /output "probabilities" \(float32 \[batch, 3\]\) scores 3 classes but 2 class labels are given \(setosa, versicolor\)/,
    );
  });

  it('refuses an output kind it does not know, before reading anything', async () => {
    const result = await evaluate(argsFor(fixture('torch-binary'), ['--output-kind', 'sigmoid']));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--output-kind is "sigmoid"; use probability or logit/);
  });

  it('refuses a feature that is not a column of the data', async () => {
    const model = fixture('torch-regressor');
    const features = [...model.features.slice(0, 9), 'glucose'];
    const error = await evaluate([
      '--model',
      model.file,
      '--data',
      model.dataset,
      '--target',
      'target',
      '--features',
      features.join(','),
    ]);
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(
      /diabetes_test\.csv:1:1: there is no column "glucose" — the columns are age, sex/,
    );
  });
});
