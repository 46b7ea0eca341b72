import { predictionDriftSection, type PredictionDriftSection } from '@mlops-actions/model';
import type { DatasetProfile, DriftReport, ReferenceSource } from '@mlops-actions/stats';
import type { PredictionCheck } from './predictions';

export const DRIFT_REPORT_SCHEMA = 'mlops-actions/drift-report';
export const DRIFT_REPORT_SCHEMA_VERSION = 1;

/**
 * The drift report JSON: the `report` output, and (as committed on the retraining branch) the
 * summary `.mlops/retrain/<model>.json` that asked for retraining. It extends the statistics'
 * `DriftReport` with what was compared and which run compared it.
 */
export interface DriftDocument extends DriftReport {
  schema: typeof DRIFT_REPORT_SCHEMA;
  schemaVersion: typeof DRIFT_REPORT_SCHEMA_VERSION;
  model: string;
  checkedAt: string;
  run: { id: number; attempt: number; url: string; sha: string };
  reference: ReferenceSource & { rows: number };
  current: { paths: string[]; rows: number; files: { path: string; rows: number; sha256: string }[] };
  /** Prediction drift, when `model` was given. Not counted in `driftedShare` or `datasetDrift`. */
  predictions?: PredictionDriftSection;
  pullRequest?: { operation: 'created' | 'updated'; number: number; url: string; commitSha: string };
  dispatch?: { workflow: string; ref: string; inputs: Record<string, string> };
}

export function driftDocument(input: {
  modelName: string;
  report: DriftReport;
  reference: { source: ReferenceSource; profile: DatasetProfile };
  current: { paths: string[]; profile: DatasetProfile };
  predictions?: PredictionCheck;
  run: DriftDocument['run'];
  now?: Date;
}): DriftDocument {
  const { report, reference, current } = input;
  return {
    schema: DRIFT_REPORT_SCHEMA,
    schemaVersion: DRIFT_REPORT_SCHEMA_VERSION,
    model: input.modelName,
    checkedAt: (input.now ?? new Date()).toISOString(),
    run: input.run,
    reference: { ...reference.source, rows: reference.profile.rows },
    current: {
      paths: current.paths,
      rows: current.profile.rows,
      files: current.profile.files.map(({ path, rows, sha256 }) => ({ path, rows, sha256 })),
    },
    ...report,
    ...(input.predictions
      ? {
          predictions: predictionDriftSection(input.predictions.result, {
            model: input.predictions.model,
            referenceSource: input.predictions.evaluationSource,
          }),
        }
      : {}),
  };
}
