import { ColumnProfile } from '../column-profile';
import { DatasetProfile } from '../dataset-profile';
import { PREDICTION_COLUMN } from '../evaluation/prediction-profile';
import type { PredictionOutput, PredictionProfile } from '../evaluation/prediction-profile';
import type { ColumnTestOverride } from './column-tests';
import { validateColumnTests } from './column-tests';
import { driftBetweenProfiles } from './drift-between-profiles';
import type { ColumnDrift, DriftFinding } from './drift-between-profiles';

export interface PredictionDriftOptions {
  /** The method and threshold for the prediction column, as a `tests` entry; default Evidently's choice. */
  readonly test?: ColumnTestOverride;
}

/**
 * Prediction drift: the model's predictions on current data against its predictions on the evaluation
 * rows. Reported on its own, never counted in the data's drifted share (Evidently tests a prediction in
 * `TargetDriftPreset` with its own `ColumnDriftMetric`).
 */
export interface PredictionDrift {
  output: PredictionOutput;
  positiveClass?: string;
  /** The test on the `prediction` column, chosen and thresholded as for a data column; absent when not tested. */
  column?: ColumnDrift;
  drifted: boolean;
  /** Why the predictions were not (fully) compared: another output or positive class, no values. */
  findings: DriftFinding[];
}

/**
 * Tests the current predictions against the reference predictions with the per-column test Evidently
 * would choose for that column (n = reference predictions, u = distinct values on both sides): scores and
 * regression values are numeric (KS for n ≤ 1000, else normed Wasserstein), classes categorical
 * (chi-square or z, else Jensen–Shannon). Profiles that predict different things are a finding, not a test.
 */
export function predictionDrift(
  reference: PredictionProfile,
  current: PredictionProfile,
  options: PredictionDriftOptions = {},
): PredictionDrift {
  const base = {
    output: reference.output,
    ...(reference.positiveClass === undefined ? {} : { positiveClass: reference.positiveClass }),
  };
  const notComparable = (message: string): PredictionDrift => ({
    ...base,
    drifted: false,
    findings: [{ kind: 'predictions-not-comparable', column: PREDICTION_COLUMN, message }],
  });
  if (reference.output !== current.output)
    return notComparable(
      `the reference predictions are ${describeOutput(reference.output)} but the model's predictions on the current data are ${describeOutput(current.output)}: not tested — compare with an evaluation of the same model`,
    );
  if (reference.output === 'score' && reference.positiveClass !== current.positiveClass)
    return notComparable(
      `the reference scores are probabilities of class "${reference.positiveClass}" but the current ones of "${current.positiveClass}": not tested — compare with an evaluation of the same model`,
    );
  const tests = validateColumnTests(
    options.test === undefined ? undefined : { [PREDICTION_COLUMN]: options.test },
    [PREDICTION_COLUMN],
  );
  const report = driftBetweenProfiles(asDataset(reference), asDataset(current), { tests });
  const column = report.columns[0];
  return {
    ...base,
    ...(column ? { column } : {}),
    drifted: column?.drifted ?? false,
    findings: report.findings,
  };
}

function describeOutput(output: PredictionOutput): string {
  return output === 'score' ? 'class scores' : output === 'class' ? 'predicted classes' : 'regression values';
}

/** A one-column dataset profile of the predictions, which is what the drift tests read. */
function asDataset(predictions: PredictionProfile): DatasetProfile {
  const dataset = new DatasetProfile();
  dataset.rows = predictions.profile.count;
  dataset.columns.set(PREDICTION_COLUMN, ColumnProfile.fromJSON(PREDICTION_COLUMN, predictions.profile));
  return dataset;
}
