import { asNumber, asRecord } from './json-file';
import { parseVersionTag, versionTag } from './naming';
import type { VersionIdentity } from './register';

export const LINEAGE_SCHEMA = 'mlops-actions/lineage';
export const LINEAGE_SCHEMA_VERSION = 1;

/**
 * `lineage.json`, one per model version: what the version is made of (each asset's digest), what
 * it was trained on, by which code and run, what it was compared with, and how it scored. A
 * program reads it to verify a download and to walk the lineage; the model card renders it.
 */
export interface Lineage {
  schema: typeof LINEAGE_SCHEMA;
  schemaVersion: typeof LINEAGE_SCHEMA_VERSION;
  model: { name: string; version: number; tag: string };
  /** Every other asset of the release (lineage.json cannot hold its own digest). */
  assets: LineageAsset[];
  /** The training data, as the run record lists it (empty without a run record). */
  data: LineageData[];
  code: CodeProvenance;
  run?: RunSummary;
  /** The version this one was compared with (the evaluation's baseline). */
  parent?: { tag: string; version?: number };
  evaluation?: EvaluationSummary;
  /**
   * How to score the version where the model does not say it itself — the feature order of a
   * one-tensor model, what its float output holds, its class labels — so evaluate, drift-check and
   * deploy-model given this version need no `features`. From the run record or the model's metadata.
   */
  scoring?: LineageScoring;
  createdAt: string;
}

/** The `scoring` block; the same shape as run.json's (`ScoringRecord` in the model package). */
export interface LineageScoring {
  features?: string[];
  outputKind?: 'probability' | 'logit';
  classes?: (string | number)[];
}

export interface LineageAsset {
  name: string;
  sha256: string;
  bytes: number;
}

export interface LineageData {
  path: string;
  sha256?: string;
  rows?: number;
  bytes?: number;
}

/** The workflow run that registered the version, from the runner's `GITHUB_*` variables. */
export interface CodeProvenance {
  repository: string;
  sha: string;
  ref: string;
  workflow: string;
  runId: number;
  runAttempt: number;
  actor: string;
  runUrl: string;
  commitUrl: string;
}

export interface RunSummary {
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  startedAt?: string;
  durationMs?: number;
}

export interface HeadlineMetric {
  name: string;
  value: number;
  baseline?: number;
  higherIsBetter?: boolean;
}

export interface EvaluationSummary {
  passed?: boolean;
  metrics: HeadlineMetric[];
}

/**
 * What lineage reads from run.json. The model package owns that format: its `RunRecord`, as
 * `parseRunRecord` returns it, is one of these.
 */
export interface LineageRunRecord {
  params: Record<string, unknown>;
  /** The training command's metrics; the numeric ones are kept. */
  metrics: Record<string, unknown>;
  data: LineageData[];
  startedAt?: string;
  durationMs?: number;
}

/**
 * What lineage reads from evaluation.json. The stats package owns that format: its `Evaluation`, as
 * `parseEvaluation` returns it, is one of these.
 */
export interface LineageEvaluation {
  passed: boolean;
  metrics: { name: string; candidate: number; baseline?: number; higherIsBetter?: boolean }[];
  /** What the candidate was compared with (`tag` when it came from the registry). */
  baseline?: { name: string; tag?: string; version?: number };
}

/** What the lineage is built from: the documents other steps wrote, parsed by their owners. */
export interface LineageSources {
  assets: LineageAsset[];
  code: CodeProvenance;
  runRecord?: LineageRunRecord;
  evaluation?: LineageEvaluation;
  scoring?: LineageScoring;
  createdAt: Date;
}

/** Builds the lineage of `identity`. Pure: the same sources give the same document. */
export function buildLineage(identity: VersionIdentity, sources: LineageSources): Lineage {
  const { runRecord, evaluation } = sources;
  const parent = evaluation?.baseline ? baselineOf(identity.modelName, evaluation.baseline) : undefined;
  return {
    schema: LINEAGE_SCHEMA,
    schemaVersion: LINEAGE_SCHEMA_VERSION,
    model: { name: identity.modelName, version: identity.version, tag: identity.tag },
    assets: sources.assets,
    data: runRecord ? runRecord.data.map(dataFile) : [],
    code: sources.code,
    ...(runRecord ? { run: runSummary(runRecord) } : {}),
    ...(parent ? { parent } : {}),
    ...(evaluation ? { evaluation: evaluationSummary(evaluation) } : {}),
    ...(sources.scoring ? { scoring: sources.scoring } : {}),
    createdAt: sources.createdAt.toISOString(),
  };
}

/** The metrics a model card leads with: the evaluation's when there is one, else the run's. */
export function headlineMetrics(lineage: Lineage): HeadlineMetric[] {
  if (lineage.evaluation && lineage.evaluation.metrics.length > 0) return lineage.evaluation.metrics;
  return Object.entries(lineage.run?.metrics ?? {}).map(([name, value]) => ({ name, value }));
}

function runSummary(runRecord: LineageRunRecord): RunSummary {
  const { startedAt, durationMs } = runRecord;
  return {
    params: runRecord.params,
    metrics: numericMetrics(runRecord.metrics),
    ...(startedAt ? { startedAt } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}

/**
 * The numeric metrics of a training command's metrics file, which may hold anything:
 * `{ "auc": 0.9 }` or `{ "auc": { "value": 0.9 } }` → `{ auc: 0.9 }`.
 */
function numericMetrics(value: Record<string, unknown>): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [name, entry] of Object.entries(value)) {
    const number = asNumber(entry) ?? asNumber(asRecord(entry)?.['value']);
    if (number !== undefined) metrics[name] = number;
  }
  return metrics;
}

/** A data file as lineage lists it: only the fields it keeps. */
function dataFile({ path, sha256, rows, bytes }: LineageData): LineageData {
  return {
    path,
    ...(sha256 ? { sha256 } : {}),
    ...(rows !== undefined ? { rows } : {}),
    ...(bytes !== undefined ? { bytes } : {}),
  };
}

function evaluationSummary(evaluation: LineageEvaluation): EvaluationSummary {
  return {
    passed: evaluation.passed,
    metrics: evaluation.metrics.map(({ name, candidate, baseline, higherIsBetter }) => ({
      name,
      value: candidate,
      ...(baseline !== undefined ? { baseline } : {}),
      ...(higherIsBetter !== undefined ? { higherIsBetter } : {}),
    })),
  };
}

/** The version the evaluation compared with: by its tag (`churn@v3`), else its version number. */
function baselineOf(
  modelName: string,
  baseline: NonNullable<LineageEvaluation['baseline']>,
): Lineage['parent'] {
  const { tag, version } = baseline;
  if (tag) {
    const tagged = parseVersionTag(modelName, tag) ?? version;
    return { tag, ...(tagged !== undefined ? { version: tagged } : {}) };
  }
  return version === undefined ? undefined : { tag: versionTag(modelName, version), version };
}

/** Reads a lineage.json back, refusing documents of another schema or a newer schema version. */
export function parseLineage(text: string, where: string): Lineage {
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${where}: not valid JSON — ${(error as Error).message}.`);
  }
  const record = asRecord(doc);
  if (record?.['schema'] !== LINEAGE_SCHEMA) {
    throw new Error(`${where}: not a lineage document (schema is not "${LINEAGE_SCHEMA}").`);
  }
  if (record['schemaVersion'] !== LINEAGE_SCHEMA_VERSION) {
    throw new Error(
      `${where}: schemaVersion ${String(record['schemaVersion'])} is not ${LINEAGE_SCHEMA_VERSION} — use the mlops-actions release that wrote it.`,
    );
  }
  if (!Array.isArray(record['assets'])) throw new Error(`${where}: "assets" is missing.`);
  const scoring = record['scoring'];
  if (scoring !== undefined) {
    const features = asRecord(scoring)?.['features'];
    if (
      !asRecord(scoring) ||
      (features !== undefined &&
        !(Array.isArray(features) && features.every((name) => typeof name === 'string')))
    ) {
      throw new Error(`${where}: "scoring" is not { features: [column names], … }.`);
    }
  }
  return doc as Lineage;
}
