import type { OnnxFileInfo } from '../onnx/inspect';
import { parseScoringRecord, type ScoringRecord } from '../scoring/scoring-spec';
import type { Params } from './params';

/**
 * `run.json` (schemas/run.schema.json): what a training run was — the exact data, code, parameters
 * and environment behind a model — so "what exactly runs in production?" has an answer.
 * Schema-versioned; this module is its one writer and reader.
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

/** run.json as written: two-space JSON and a final newline. */
export function serializeRunRecord(record: RunRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * Reads run.json text, checking the schema, its version and the fields readers rely on (params,
 * metrics, data, timing, the model's digest and the `scoring` block). A record without `schema`
 * and `schemaVersion` (hand-written, say) is read as version 1.
 * `source` (a file path) starts every error message.
 */
export function parseRunRecord(text: string, source: string): RunRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${source}: not valid JSON — ${(error as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new Error(`${source}: not a run record (a JSON object written by train).`);
  const doc = raw as Record<string, unknown>;
  if (doc['schema'] !== undefined && doc['schema'] !== RUN_RECORD_SCHEMA)
    throw new Error(
      `${source}: not a run record (expected "schema": "${RUN_RECORD_SCHEMA}") — give the run.json train wrote.`,
    );
  const version = doc['schemaVersion'] ?? RUN_RECORD_SCHEMA_VERSION;
  if (version !== RUN_RECORD_SCHEMA_VERSION)
    throw new Error(
      `${source}: run record schema version ${String(version)}, but this release reads version ${RUN_RECORD_SCHEMA_VERSION} — use matching versions of train and this action.`,
    );
  const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
  for (const field of ['params', 'metrics'] as const)
    if (doc[field] !== undefined && !isObject(doc[field]))
      throw new Error(`${source}: "${field}" must be an object.`);
  const data = doc['data'] ?? [];
  if (!Array.isArray(data)) throw new Error(`${source}: "data" must be a list of files.`);
  data.forEach((file: unknown, index) => {
    if (!isObject(file) || typeof (file as { path?: unknown }).path !== 'string')
      throw new Error(`${source}: data[${index}] needs a "path".`);
  });
  if (doc['startedAt'] !== undefined && typeof doc['startedAt'] !== 'string')
    throw new Error(`${source}: "startedAt" must be an ISO 8601 time.`);
  if (doc['durationMs'] !== undefined && typeof doc['durationMs'] !== 'number')
    throw new Error(`${source}: "durationMs" must be a number.`);
  const model = doc['model'];
  if (model !== undefined && (!isObject(model) || typeof (model as { sha256?: unknown }).sha256 !== 'string'))
    throw new Error(`${source}: "model" needs a "sha256".`);
  const scoring = parseScoringRecord(doc['scoring'], source);
  return {
    ...doc,
    schema: RUN_RECORD_SCHEMA,
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    params: (doc['params'] ?? {}) as Params,
    metrics: (doc['metrics'] ?? {}) as Record<string, unknown>,
    data,
    ...(scoring ? { scoring } : {}),
  } as RunRecord;
}
