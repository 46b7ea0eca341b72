import type { OnnxFileInfo } from '../onnx/inspect';
import type { ScoringRecord } from '../scoring/scoring-spec';
import type { Params } from './params';

/**
 * `run.json`: what a training run was — the exact data, code, parameters and environment behind
 * a model — so "what exactly runs in production?" has an answer. Schema-versioned.
 */
export const RUN_RECORD_SCHEMA = 'mlops-actions/run';
export const RUN_RECORD_SCHEMA_VERSION = 1;

export interface RunRecord {
  schema: typeof RUN_RECORD_SCHEMA;
  schemaVersion: typeof RUN_RECORD_SCHEMA_VERSION;
  modelName: string;
  params: Params;
  metrics: Record<string, unknown>;
  data: { path: string; sha256: string; bytes: number; rows: number; format: string }[];
  /** Path of the data profile written next to the record (profile.json). */
  profile?: string;
  code: {
    repository: string;
    sha: string;
    ref: string;
    workflow: string;
    runId: number;
    runAttempt: number;
    actor: string;
    runUrl: string;
  };
  environment: {
    runnerOs: string;
    runnerArch: string;
    node: string;
    python?: string;
    onnxruntime?: string;
  };
  /** The training command, or "built-in" for the built-in trainer. */
  command: string;
  startedAt: string;
  durationMs: number;
  /** How to score the model where it does not say so itself (train's `features`, …). */
  scoring?: ScoringRecord;
  model: Pick<OnnxFileInfo, 'path' | 'bytes' | 'sha256' | 'inputs' | 'outputs' | 'opsets' | 'producer'>;
}
