import { readFileSync } from 'node:fs';
import type { MetricRow } from '@mlops-actions/report';

/**
 * The part of `evaluation.json` the comment reads. Provisional: the evaluate action owns this
 * format (schema `mlops-actions/evaluation`), and this reader follows it.
 */
export interface EvaluationSummary {
  modelName: string;
  passed?: boolean;
  metrics: MetricRow[];
}

export function readEvaluation(path: string): EvaluationSummary {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot read the evaluation JSON — ${(error as Error).message}`);
  }
  const doc = raw as { model?: { name?: unknown }; passed?: unknown; metrics?: unknown };
  const modelName = doc.model?.name;
  if (typeof modelName !== 'string' || modelName === '') {
    throw new Error(`${path}: missing "model.name" — is this an evaluation.json written by evaluate?`);
  }
  if (typeof doc.metrics !== 'object' || doc.metrics === null) {
    throw new Error(`${path}: missing "metrics" object.`);
  }
  const metrics: MetricRow[] = [];
  for (const [name, value] of Object.entries(doc.metrics as Record<string, unknown>)) {
    const metric = value as { candidate?: unknown; baseline?: unknown; higherIsBetter?: unknown };
    if (typeof metric?.candidate !== 'number') {
      throw new Error(`${path}: metrics.${name}.candidate must be a number.`);
    }
    metrics.push({
      name,
      candidate: metric.candidate,
      ...(typeof metric.baseline === 'number' ? { baseline: metric.baseline } : {}),
      ...(typeof metric.higherIsBetter === 'boolean' ? { higherIsBetter: metric.higherIsBetter } : {}),
    });
  }
  return { modelName, ...(typeof doc.passed === 'boolean' ? { passed: doc.passed } : {}), metrics };
}
