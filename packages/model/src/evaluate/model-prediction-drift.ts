import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  predictionDrift,
  type ColumnDrift,
  type ColumnTestOverride,
  type DriftFinding,
  type Evaluation,
  type PredictionDrift,
  type PredictionOutput,
} from '@mlops-actions/stats';
import type { LoadModelOptions, ScoringSpec } from '../scoring/index';
import { profileModelPredictions } from './profile-model-predictions';

export interface ModelPredictionDriftOptions {
  /** The ONNX model whose predictions are checked. */
  model: string;
  /** The current data to score. */
  data: readonly string[];
  runtime: Pick<LoadModelOptions, 'ort' | 'runtime'>;
  /** How to score the model where it does not say (features, output kind, classes). */
  scoring?: ScoringSpec;
  /** The model's evaluation (evaluation.json), whose `predictions` are the reference; undefined when there is none. */
  evaluation: Evaluation | undefined;
  /** Where the evaluation came from (`churn@v3/evaluation.json`, a path), for messages. */
  evaluationSource: string;
  /** Method and threshold for the prediction column; default Evidently's choice. */
  test?: ColumnTestOverride;
  log?: (line: string) => void;
}

export type ModelPredictionDrift =
  | {
      tested: true;
      drift: PredictionDrift;
      referenceRows: number;
      currentRows: number;
    }
  /** Nothing to compare with: why, in one sentence for a notice. */
  | { tested: false; notice: string };

/**
 * Prediction drift of a model: scores the current data and compares the distribution of its predictions
 * with the one its evaluation recorded (`predictions` in evaluation.json). An evaluation without
 * predictions (written before they were recorded), or of another model (its sha256 differs), is not an
 * error: the result says why nothing was tested.
 */
export async function modelPredictionDrift(
  options: ModelPredictionDriftOptions,
): Promise<ModelPredictionDrift> {
  const { evaluation, evaluationSource } = options;
  if (!evaluation)
    return {
      tested: false,
      notice: `No reference predictions for ${options.model} (${evaluationSource}): prediction drift not checked — register the version with the evaluation.json that evaluate writes, or give one.`,
    };
  const reference = evaluation.predictions;
  if (!reference)
    return {
      tested: false,
      notice: `${evaluationSource} records no predictions (written by an evaluate from before they were recorded): prediction drift not checked — evaluate the model again and register it with that evaluation.json.`,
    };
  const recorded = evaluation.model.sha256;
  if (recorded) {
    const sha256 = createHash('sha256')
      .update(await readFile(options.model))
      .digest('hex');
    if (sha256 !== recorded)
      return {
        tested: false,
        notice: `${evaluationSource} evaluated another model (sha256 ${recorded.slice(0, 12)}…, not ${sha256.slice(0, 12)}… of ${options.model}): prediction drift not checked — give that model's evaluation.`,
      };
  }
  const current = await profileModelPredictions({
    model: options.model,
    data: options.data,
    runtime: options.runtime,
    ...(options.scoring ? { scoring: options.scoring } : {}),
    reference,
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    tested: true,
    drift: predictionDrift(reference, current.profile, options.test ? { test: options.test } : {}),
    referenceRows: reference.profile.count,
    currentRows: current.rows,
  };
}

/** A drift report's `predictions`: what was compared and the test on the `prediction` column, or why not. */
export interface PredictionDriftSection {
  model: { path: string; tag?: string; version?: number };
  /** `churn@v3/evaluation.json`, or the reference-predictions path. */
  referenceSource: string;
  tested: boolean;
  drifted: boolean;
  /** Why nothing was tested (no reference predictions, another model's evaluation). */
  notice?: string;
  output?: PredictionOutput;
  positiveClass?: string;
  referenceRows?: number;
  currentRows?: number;
  column?: ColumnDrift;
  /** Predicted classes with probabilities: the test on each class's probability (`probability[<class>]`). */
  probabilities?: ColumnDrift[];
  findings: DriftFinding[];
}

/** The drift report's `predictions` section of a prediction drift check (the action's and the CLI's). */
export function predictionDriftSection(
  result: ModelPredictionDrift,
  source: { model: PredictionDriftSection['model']; referenceSource: string },
): PredictionDriftSection {
  const { path, tag, version } = source.model;
  const base = {
    model: { path, ...(tag ? { tag } : {}), ...(version ? { version } : {}) },
    referenceSource: source.referenceSource,
  };
  if (!result.tested) return { ...base, tested: false, drifted: false, notice: result.notice, findings: [] };
  const { drift } = result;
  return {
    ...base,
    tested: drift.column !== undefined,
    drifted: drift.drifted,
    output: drift.output,
    ...(drift.positiveClass === undefined ? {} : { positiveClass: drift.positiveClass }),
    referenceRows: result.referenceRows,
    currentRows: result.currentRows,
    ...(drift.column ? { column: drift.column } : {}),
    ...(drift.probabilities ? { probabilities: drift.probabilities } : {}),
    findings: drift.findings,
  };
}
