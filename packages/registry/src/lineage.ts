import { asNumber, asRecord, asString } from './json-file';
import { parseVersionNumber, parseVersionTag, versionTag } from './naming';
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

/** What the lineage is built from: the documents other steps wrote, already parsed. */
export interface LineageSources {
  assets: LineageAsset[];
  code: CodeProvenance;
  runRecord?: unknown;
  evaluation?: unknown;
  scoring?: LineageScoring;
  createdAt: Date;
}

/** Builds the lineage of `identity`. Pure: the same sources give the same document. */
export function buildLineage(identity: VersionIdentity, sources: LineageSources): Lineage {
  const run = sources.runRecord === undefined ? undefined : runSummary(sources.runRecord);
  const evaluation = sources.evaluation === undefined ? undefined : evaluationSummary(sources.evaluation);
  const parent =
    sources.evaluation === undefined ? undefined : baselineOf(identity.modelName, sources.evaluation);
  return {
    schema: LINEAGE_SCHEMA,
    schemaVersion: LINEAGE_SCHEMA_VERSION,
    model: { name: identity.modelName, version: identity.version, tag: identity.tag },
    assets: sources.assets,
    data: sources.runRecord === undefined ? [] : dataFiles(sources.runRecord),
    code: sources.code,
    ...(run ? { run } : {}),
    ...(parent ? { parent } : {}),
    ...(evaluation ? { evaluation } : {}),
    ...(sources.scoring ? { scoring: sources.scoring } : {}),
    createdAt: sources.createdAt.toISOString(),
  };
}

/** The metrics a model card leads with: the evaluation's when there is one, else the run's. */
export function headlineMetrics(lineage: Lineage): HeadlineMetric[] {
  if (lineage.evaluation && lineage.evaluation.metrics.length > 0) return lineage.evaluation.metrics;
  return Object.entries(lineage.run?.metrics ?? {}).map(([name, value]) => ({ name, value }));
}

// The run record (`train`) and evaluation (`evaluate`) formats belong to those actions and are
// still settling, so the readers below take what they recognise and skip what they do not.

function runSummary(runRecord: unknown): RunSummary {
  const doc = asRecord(runRecord) ?? {};
  const startedAt = asString(doc['startedAt']) ?? asString(doc['started']) ?? asString(doc['start']);
  const durationMs =
    asNumber(doc['durationMs']) ?? secondsToMs(asNumber(doc['durationSeconds']) ?? asNumber(doc['duration']));
  return {
    params: asRecord(doc['params']) ?? {},
    metrics: numericMetrics(doc['metrics']),
    ...(startedAt ? { startedAt } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

/** `{ "auc": 0.9 }` or `{ "auc": { "value": 0.9 } }` → `{ auc: 0.9 }`. */
function numericMetrics(value: unknown): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [name, entry] of Object.entries(asRecord(value) ?? {})) {
    const number = asNumber(entry) ?? asNumber(asRecord(entry)?.['value']);
    if (number !== undefined) metrics[name] = number;
  }
  return metrics;
}

/** `data: [...]` or `data: { files: [...] }`, each `{ path, sha256, rows, bytes }`. */
function dataFiles(runRecord: unknown): LineageData[] {
  const data = asRecord(runRecord)?.['data'];
  const list = Array.isArray(data) ? data : asRecord(data)?.['files'];
  if (!Array.isArray(list)) return [];
  const files: LineageData[] = [];
  for (const item of list) {
    const file = asRecord(item);
    const path = asString(file?.['path']) ?? asString(file?.['file']) ?? asString(file?.['name']);
    if (!file || !path) continue;
    const sha256 = asString(file['sha256']);
    const rows = asNumber(file['rows']);
    const bytes = asNumber(file['bytes']);
    files.push({
      path,
      ...(sha256 ? { sha256 } : {}),
      ...(rows !== undefined ? { rows } : {}),
      ...(bytes !== undefined ? { bytes } : {}),
    });
  }
  return files;
}

/**
 * The metrics of an evaluation: `evaluate` writes `metrics` as a list of
 * `{ name, candidate, baseline, higherIsBetter }` (evaluation.json v1); a mapping of name →
 * entry or number is read too, for hand-written files.
 */
function evaluationSummary(evaluation: unknown): EvaluationSummary {
  const doc = asRecord(evaluation) ?? {};
  const metrics: HeadlineMetric[] = [];
  const raw = doc['metrics'];
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.flatMap((entry) => {
        const name = asString(asRecord(entry)?.['name']);
        return name ? [[name, entry] as [string, unknown]] : [];
      })
    : Object.entries(asRecord(raw) ?? {});
  for (const [name, entry] of entries) {
    const metric = asRecord(entry);
    const value = asNumber(entry) ?? asNumber(metric?.['candidate']) ?? asNumber(metric?.['value']);
    if (value === undefined) continue;
    const baseline = asNumber(metric?.['baseline']);
    const higherIsBetter = metric?.['higherIsBetter'];
    metrics.push({
      name,
      value,
      ...(baseline !== undefined ? { baseline } : {}),
      ...(typeof higherIsBetter === 'boolean' ? { higherIsBetter } : {}),
    });
  }
  const passed = doc['passed'];
  return { ...(typeof passed === 'boolean' ? { passed } : {}), metrics };
}

/** The evaluation's `baseline.tag` (`churn@v3`) or `baseline.version` (`3`, `"v3"`), when it names one. */
function baselineOf(modelName: string, evaluation: unknown): Lineage['parent'] {
  const baseline = asRecord(asRecord(evaluation)?.['baseline']);
  if (!baseline) return undefined;
  const tag = asString(baseline['tag']);
  const rawVersion = baseline['version'];
  const version =
    (tag ? parseVersionTag(modelName, tag) : undefined) ??
    (typeof rawVersion === 'number' || typeof rawVersion === 'string'
      ? safeVersion(String(rawVersion))
      : undefined);
  if (tag) return { tag, ...(version !== undefined ? { version } : {}) };
  return version === undefined ? undefined : { tag: versionTag(modelName, version), version };
}

function safeVersion(text: string): number | undefined {
  try {
    return parseVersionNumber(text);
  } catch {
    return undefined;
  }
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
