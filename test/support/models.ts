import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeModel, encodeModel, type LinearModel } from '@mlops-actions/model';

/** Files a training job leaves behind, as register-model receives them. */
export interface TrainingOutputs {
  dir: string;
  model: string;
  modelBytes: Buffer;
  runRecord: string;
  evaluation: string;
  profile: string;
}

export function writeTrainingOutputs(
  options: { seed?: string; metrics?: Record<string, unknown>; baseline?: Record<string, unknown> } = {},
): TrainingOutputs {
  const dir = mkdtempSync(join(tmpdir(), 'training-'));
  const modelBytes = Buffer.from(`ONNX model ${options.seed ?? Math.random()}`);
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  return {
    dir,
    model: write('model.onnx', modelBytes),
    modelBytes,
    runRecord: write(
      'run.json',
      JSON.stringify({
        params: { C: 0.5, max_iter: 200 },
        metrics: { accuracy: 0.9 },
        data: [{ path: 'data/train.csv', sha256: 'd'.repeat(64), rows: 1000 }],
        startedAt: '2026-01-02T03:00:00Z',
        durationMs: 4200,
      }),
    ),
    evaluation: write(
      'evaluation.json',
      // The shape `evaluate` writes (evaluation.json v1): metrics as a list.
      JSON.stringify({
        schema: 'mlops-actions/evaluation',
        schemaVersion: 1,
        model: { name: 'churn' },
        task: 'binary',
        rows: 1000,
        passed: true,
        gates: [],
        slices: [],
        ...(options.baseline ? { baseline: options.baseline } : {}),
        metrics: evaluationMetrics(
          options.metrics ?? { accuracy: { candidate: 0.91, baseline: 0.88, higherIsBetter: true } },
        ),
        createdAt: '2026-01-02T03:05:00Z',
      }),
    ),
    profile: write('profile.json', JSON.stringify({ schemaVersion: 1, columns: {} })),
  };
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `{ accuracy: { candidate, baseline }, auc: 0.9 }` → evaluation.json's list of metrics. */
function evaluationMetrics(metrics: Record<string, unknown>) {
  return Object.entries(metrics).map(([name, value]) => {
    const entry = (typeof value === 'number' ? { candidate: value } : value) as {
      candidate: number;
      baseline?: number;
      higherIsBetter?: boolean;
    };
    return {
      name,
      title: name,
      higherIsBetter: entry.higherIsBetter ?? true,
      candidate: entry.candidate,
      ...(entry.baseline === undefined
        ? {}
        : { baseline: entry.baseline, delta: entry.candidate - entry.baseline }),
      warnings: [],
    };
  });
}

/**
 * A logistic "is it a rainy day?" model on Seattle's weather (vega-datasets seattle-weather.csv),
 * classes no/yes: p(yes) = σ(−0.3 + 2.5·(precipitation − 3)/6.5 − 0.6·(temp_max − 16)/7.3).
 */
export const RAINY_DAY_MODEL: LinearModel = {
  task: 'binary',
  features: [
    { kind: 'numeric', name: 'precipitation', mean: 3, std: 6.5 },
    { kind: 'numeric', name: 'temp_max', mean: 16, std: 7.3 },
  ],
  weights: Float64Array.from([2.5, -0.6]),
  intercepts: Float64Array.from([-0.3]),
  classes: ['no', 'yes'],
};

/** RAINY_DAY_MODEL by hand on a seattle-weather CSV line: expected values independent of onnxruntime. */
export function rainyDayScore(line: string): number {
  const [, precipitation, tempMax] = line.split(',').map(Number);
  const z = -0.3 + 2.5 * ((precipitation! - 3) / 6.5) - 0.6 * ((tempMax! - 16) / 7.3);
  return 1 / (1 + Math.exp(-z));
}

/**
 * A softmax "what kind of day?" model on Seattle's weather, classes dry/wet/cold: logits over the
 * standardized precipitation p = (precipitation − 3)/6.5 and temperature t = (temp_max − 16)/7.3 —
 * dry 0.5 − 2p + 0.5t, wet −0.2 + 2.5p, cold −0.5 − 2t.
 */
export const KIND_OF_DAY_MODEL: LinearModel = {
  task: 'multiclass',
  features: [
    { kind: 'numeric', name: 'precipitation', mean: 3, std: 6.5 },
    { kind: 'numeric', name: 'temp_max', mean: 16, std: 7.3 },
  ],
  // Row-major D × K: precipitation's weights for dry, wet, cold, then temp_max's.
  weights: Float64Array.from([-2, 2.5, 0, 0.5, 0, -2]),
  intercepts: Float64Array.from([0.5, -0.2, -0.5]),
  classes: ['dry', 'wet', 'cold'],
};

/** KIND_OF_DAY_MODEL's class probabilities by hand on a seattle-weather CSV line (dry, wet, cold). */
export function kindOfDayProbabilities(line: string): [number, number, number] {
  const [, precipitation, tempMax] = line.split(',').map(Number);
  const p = (precipitation! - 3) / 6.5;
  const t = (tempMax! - 16) / 7.3;
  const logits = [0.5 - 2 * p + 0.5 * t, -0.2 + 2.5 * p, -0.5 - 2 * t];
  const top = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum) as [number, number, number];
}

/**
 * `model` with its first double initializer moved out to ONNX external data at `location` (as
 * `onnx.save(..., save_as_external_data=True)` writes it): the model and the bytes of that file.
 */
export function withExternalWeights(
  model: Uint8Array,
  location: string,
): { model: Uint8Array; weights: Buffer; tensor: string } {
  const proto = decodeModel(model);
  const tensor = proto.graph?.initializer?.find((t) => (t.double_data?.length ?? 0) > 0);
  if (!tensor) throw new Error('the model has no double initializer to move out');
  const weights = Buffer.from(Float64Array.from(tensor.double_data!).buffer);
  const external = tensor as typeof tensor & {
    data_location?: number;
    external_data?: { key: string; value: string }[];
  };
  external.double_data = [];
  external.data_location = 1;
  external.external_data = [
    { key: 'location', value: location },
    { key: 'length', value: String(weights.length) },
  ];
  return { model: encodeModel(proto), weights, tensor: tensor.name ?? '' };
}
