import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
