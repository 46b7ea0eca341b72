import { ColumnProfile, type ColumnProfileJSON } from '../profiles/column-profile';
import { DatasetProfile } from '../profiles/dataset-profile';
import { PREDICTION_COLUMN, probabilityColumn } from '../evaluation/prediction-profile';
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
  /**
   * Predicted classes with probabilities on both sides: the test on each class's probability
   * (`probability[<class>]`, numeric), in the reference's class order, as Evidently's `TargetDriftPreset`
   * tests each probability column.
   */
  probabilities?: ColumnDrift[];
  /** Whether the `prediction` column or any class's probability drifted. */
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
  const probabilityFindings: DriftFinding[] = [];
  const probabilities = reference.output === 'class' ? pairProbabilities(reference, current) : [];
  if (reference.probabilities && probabilities.length < reference.probabilities.length)
    probabilityFindings.push({
      kind: 'predictions-not-comparable',
      column: PREDICTION_COLUMN,
      message: current.probabilities
        ? 'the current predictions lack some of the reference classes: only the probabilities of the classes both have are tested'
        : 'the current predictions have no class probabilities: only the predicted classes are tested',
    });
  const names = [PREDICTION_COLUMN, ...probabilities.map(({ name }) => name)];
  const tests = validateColumnTests(
    options.test === undefined ? undefined : { [PREDICTION_COLUMN]: options.test },
    names,
  );
  const report = driftBetweenProfiles(
    asDataset(reference.profile, probabilities, 'reference'),
    asDataset(current.profile, probabilities, 'current'),
    { tests },
  );
  const column = report.columns.find((tested) => tested.column === PREDICTION_COLUMN);
  const classes = report.columns.filter((tested) => tested.column !== PREDICTION_COLUMN);
  return {
    ...base,
    ...(column ? { column } : {}),
    ...(probabilities.length > 0 ? { probabilities: classes } : {}),
    drifted: (column?.drifted ?? false) || classes.some((tested) => tested.drifted),
    findings: [...report.findings, ...probabilityFindings],
  };
}

interface ProbabilityPair {
  /** The report's column name, `probability[<class>]`. */
  name: string;
  reference: ColumnProfileJSON;
  current: ColumnProfileJSON;
}

/** The class probability profiles both sides have, matched by class name (by position when unnamed). */
function pairProbabilities(reference: PredictionProfile, current: PredictionProfile): ProbabilityPair[] {
  const pairs: ProbabilityPair[] = [];
  if (!reference.probabilities || !current.probabilities) return pairs;
  reference.probabilities.forEach((profile, position) => {
    const label = reference.classes?.[position] ?? String(position);
    const index = current.classes ? current.classes.indexOf(label) : position;
    const other = index < 0 ? undefined : current.probabilities![index];
    if (other) pairs.push({ name: probabilityColumn(label), reference: profile, current: other });
  });
  return pairs;
}

function describeOutput(output: PredictionOutput): string {
  return output === 'score' ? 'class scores' : output === 'class' ? 'predicted classes' : 'regression values';
}

/** The dataset profile the drift tests read: the `prediction` column, then each paired class probability. */
function asDataset(
  prediction: ColumnProfileJSON,
  probabilities: readonly ProbabilityPair[],
  side: 'reference' | 'current',
): DatasetProfile {
  const dataset = new DatasetProfile();
  dataset.rows = prediction.count;
  dataset.columns.set(PREDICTION_COLUMN, ColumnProfile.fromJSON(PREDICTION_COLUMN, prediction));
  for (const pair of probabilities)
    dataset.columns.set(pair.name, ColumnProfile.fromJSON(pair.name, pair[side]));
  return dataset;
}
