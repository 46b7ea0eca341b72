import type { MetricTask } from '../metrics/index';
import type { PredictionProfile } from './prediction-profile';

/**
 * `evaluation.json`: what `evaluate` writes and `metrics-comment`, `register-model` and
 * `deploy-model` read. Schema-versioned; a reader refuses another major version.
 */
export const EVALUATION_SCHEMA = 'mlops-actions/evaluation';
export const EVALUATION_SCHEMA_VERSION = 1;

/** The resampling behind the paired intervals. */
export type BootstrapMethod = 'poisson' | 'multinomial';

export interface Evaluation {
  schema: typeof EVALUATION_SCHEMA;
  schemaVersion: typeof EVALUATION_SCHEMA_VERSION;
  model: ModelReference;
  /** What the candidate was compared with, when there was a baseline. */
  baseline?: ModelReference;
  task: MetricTask;
  rows: number;
  /** Decision threshold of the thresholded binary metrics. */
  threshold?: number;
  metrics: EvaluatedMetric[];
  /** The paired test that fits the task (McNemar for classifiers, Wilcoxon for regression). */
  pairedTest?: PairedTestResult;
  gates: GateResult[];
  /** True when every gate passed (true when there are no gates). */
  passed: boolean;
  slices: SliceResult[];
  /**
   * How the intervals were drawn. `method` is `poisson` (each row weighted by a Poisson(1) draw per
   * resample); files written before it was recorded omit it and used the multinomial bootstrap.
   */
  bootstrap?: { method?: BootstrapMethod; resamples: number; confidence: number; seed: number };
  /**
   * The distribution of the candidate's predictions on these rows (optional in v1, so a file
   * without it still reads): the reference of `drift-check`'s prediction drift.
   */
  predictions?: PredictionProfile;
  createdAt: string;
}

export interface ModelReference {
  name: string;
  path?: string;
  sha256?: string;
  /** Registry identity, when the model came from the registry (`churn@v7`). */
  tag?: string;
  version?: number;
}

export interface EvaluatedMetric {
  name: string;
  title: string;
  higherIsBetter: boolean;
  candidate: number;
  baseline?: number;
  /** candidate − baseline. */
  delta?: number;
  /** Paired bootstrap percentile interval of the delta. */
  interval?: { lower: number; upper: number; confidence: number };
  /** True when the interval excludes 0. */
  significant?: boolean;
  /** Why a value is 0 or NaN by convention (zero division, one class absent, …). */
  warnings: string[];
}

export interface PairedTestResult {
  test: 'mcnemar' | 'wilcoxon';
  method: string;
  statistic: number;
  pValue: number;
  /** McNemar: rows only the candidate got right / only the baseline got right. */
  candidateOnly?: number;
  baselineOnly?: number;
}

export type GateRule = 'min' | 'max' | 'max-regression' | 'max-relative-regression';

export interface GateResult {
  metric: string;
  rule: GateRule;
  limit: number;
  /** The value the rule looked at: the metric, or its regression against the baseline. */
  actual: number;
  passed: boolean;
  /** One sentence a reviewer understands, for failed and passed gates alike. */
  reason: string;
}

export interface SliceResult {
  column: string;
  /** The slice's value; `null` for missing values, `"(other)"` for the values folded together. */
  value: string | null;
  rows: number;
  metrics: { name: string; candidate: number; baseline?: number }[];
}
