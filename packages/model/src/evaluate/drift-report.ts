import type { DatasetProfile, DriftReport, ReferenceSource } from '@mlops-actions/stats';
import type { PredictionDriftSection } from './model-prediction-drift';

/**
 * The drift report JSON (schemas/drift-report.schema.json): drift-check's `report` output, the summary
 * committed on a retraining branch (`.mlops/retrain/<model>.json`), and `mlops-actions drift --report`.
 * This module is its one writer and reader.
 */
export const DRIFT_REPORT_SCHEMA = 'mlops-actions/drift-report';
export const DRIFT_REPORT_SCHEMA_VERSION = 1;

/** The statistics' `DriftReport` with what was compared, and which workflow run compared it. */
export interface DriftReportDocument extends DriftReport {
  schema: typeof DRIFT_REPORT_SCHEMA;
  schemaVersion: typeof DRIFT_REPORT_SCHEMA_VERSION;
  /** The model whose data was checked (drift-check's `model-name`; absent from the CLI's report). */
  model?: string;
  checkedAt: string;
  /** The workflow run that checked (absent outside GitHub Actions). */
  run?: { id: number; attempt: number; url: string; sha: string };
  reference: ReferenceSource & { rows: number };
  current: { paths: string[]; rows: number; files: { path: string; rows: number; sha256: string }[] };
  /** Prediction drift, when a model was given. Not counted in `driftedShare` or `datasetDrift`. */
  predictions?: PredictionDriftSection;
  pullRequest?: { operation: 'created' | 'updated'; number: number; url: string; commitSha: string };
  dispatch?: { workflow: string; ref: string; inputs: Record<string, string> };
}

export interface DriftReportSources {
  report: DriftReport;
  reference: { source: ReferenceSource; profile: Pick<DatasetProfile, 'rows'> };
  current: { paths: string[]; profile: Pick<DatasetProfile, 'rows' | 'files'> };
  modelName?: string;
  run?: DriftReportDocument['run'];
  predictions?: PredictionDriftSection;
  now?: Date;
}

/** Builds the drift report document. */
export function driftReportDocument(input: DriftReportSources): DriftReportDocument {
  const { report, reference, current } = input;
  return {
    schema: DRIFT_REPORT_SCHEMA,
    schemaVersion: DRIFT_REPORT_SCHEMA_VERSION,
    ...(input.modelName ? { model: input.modelName } : {}),
    checkedAt: (input.now ?? new Date()).toISOString(),
    ...(input.run ? { run: input.run } : {}),
    reference: { ...reference.source, rows: reference.profile.rows },
    current: {
      paths: current.paths,
      rows: current.profile.rows,
      files: current.profile.files.map(({ path, rows, sha256 }) => ({ path, rows, sha256 })),
    },
    ...report,
    ...(input.predictions ? { predictions: input.predictions } : {}),
  };
}

/** The report as written: two-space JSON and a final newline. */
export function serializeDriftReport(document: DriftReportDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Reads a drift report back, checking the schema, its version and the fields readers rely on.
 * `source` (a file path) starts every error message.
 */
export function parseDriftReport(text: string, source: string): DriftReportDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${source}: not valid JSON — ${(error as Error).message}`);
  }
  const doc = raw as Partial<DriftReportDocument> | null;
  if (doc === null || typeof doc !== 'object' || doc.schema !== DRIFT_REPORT_SCHEMA)
    throw new Error(
      `${source}: not a drift report (expected "schema": "${DRIFT_REPORT_SCHEMA}") — give the file written by drift-check.`,
    );
  if (doc.schemaVersion !== DRIFT_REPORT_SCHEMA_VERSION)
    throw new Error(
      `${source}: drift report schema version ${String(doc.schemaVersion)}, but this release reads version ${DRIFT_REPORT_SCHEMA_VERSION} — use matching versions of mlops-actions.`,
    );
  if (!Array.isArray(doc.columns)) throw new Error(`${source}: "columns" must be a list.`);
  if (!Array.isArray(doc.findings)) throw new Error(`${source}: "findings" must be a list.`);
  if (typeof doc.datasetDrift !== 'boolean')
    throw new Error(`${source}: "datasetDrift" must be true or false.`);
  for (const field of ['testedColumns', 'driftedColumns', 'driftedShare', 'driftShare'] as const)
    if (typeof doc[field] !== 'number') throw new Error(`${source}: "${field}" must be a number.`);
  if (typeof doc.reference?.kind !== 'string') throw new Error(`${source}: "reference.kind" is missing.`);
  if (!Array.isArray(doc.current?.paths)) throw new Error(`${source}: "current.paths" must be a list.`);
  return doc as DriftReportDocument;
}
