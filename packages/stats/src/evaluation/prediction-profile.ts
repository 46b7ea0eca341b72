import { CellType } from '@mlops-actions/data';
import type { DataBatch } from '@mlops-actions/data';
import { ColumnProfile } from '../column-profile';
import type { ColumnProfileJSON, SketchOptions } from '../column-profile';
import { predictedClasses } from '../metrics/index';
import type { MetricTask } from '../metrics/index';
import type { Predictions } from './predictions';

/** The name of the one column a prediction profile describes (in drift reports and findings). */
export const PREDICTION_COLUMN = 'prediction';

/**
 * What a prediction profile holds per row: the probability of the positive class (binary), the
 * predicted class (multiclass), or the predicted value (regression).
 */
export type PredictionOutput = 'score' | 'class' | 'value';

/**
 * The `predictions` block of `evaluation.json`: the distribution of the candidate's predictions on the
 * evaluation rows, kept with the model version so that `drift-check` can compare the predictions on
 * current data with it (prediction drift). Optional in evaluation.json v1: evaluations written before it
 * existed have none.
 */
export interface PredictionProfile {
  output: PredictionOutput;
  /** Binary: the class whose probability the score is (the second of the model's two classes). */
  positiveClass?: string;
  /** Classifiers: the model's classes, in its order. */
  classes?: string[];
  /**
   * One column in profile.json's column format: numeric for scores and values (moments, histogram, KLL
   * quantiles, sample), categorical for classes (frequent values, sample).
   */
  profile: ColumnProfileJSON;
}

export const PREDICTION_OUTPUTS: Readonly<Record<MetricTask, PredictionOutput>> = {
  binary: 'score',
  multiclass: 'class',
  regression: 'value',
};

export interface PredictionProfileOptions {
  /** Class labels in the order of the prediction's classes (default: "0", "1", …). */
  classes?: readonly string[];
  /**
   * The reference predictions this profile will be compared with: a numeric profile then uses the
   * reference's histogram edges, so both compare bin by bin (as current data uses the training profile's).
   */
  reference?: PredictionProfile;
  sketch?: SketchOptions;
}

/**
 * Profiles a model's predictions as one column: binary → the positive class's score (numeric),
 * multiclass → the predicted class, the first most probable one as `np.argmax` picks it (categorical,
 * what Evidently tests for a multiclass prediction), regression → the prediction (numeric).
 *
 * @example profilePredictions({ task: 'binary', scores: [0.1, 0.8] }, { classes: ['no', 'yes'] })
 * // → { output: 'score', positiveClass: 'yes', classes: ['no', 'yes'], profile: { kind: 'numeric', count: 2, … } }
 */
export function profilePredictions(
  predictions: Predictions,
  options: PredictionProfileOptions = {},
): PredictionProfile {
  const classes = options.classes ? [...options.classes] : undefined;
  switch (predictions.task) {
    case 'binary':
      return {
        output: 'score',
        positiveClass: classes?.[1] ?? '1',
        ...(classes ? { classes } : {}),
        profile: profileNumbers(Float64Array.from(predictions.scores), options),
      };
    case 'multiclass': {
      const indexes = predictedClasses(predictions.probabilities);
      const labels = Array.from(indexes, (index) => classes?.[index] ?? String(index));
      return {
        output: 'class',
        ...(classes ? { classes } : {}),
        profile: profileColumn('categorical', labels, options),
      };
    }
    case 'regression':
      return { output: 'value', profile: profileNumbers(Float64Array.from(predictions.values), options) };
  }
}

/** Profiles predicted class labels directly (a classifier scored without probabilities). */
export function profilePredictedClasses(
  labels: readonly string[],
  options: PredictionProfileOptions = {},
): PredictionProfile {
  return {
    output: 'class',
    ...(options.classes ? { classes: [...options.classes] } : {}),
    profile: profileColumn('categorical', labels, options),
  };
}

function profileNumbers(values: Float64Array, options: PredictionProfileOptions): ColumnProfileJSON {
  return profileColumn('numeric', values, options);
}

function profileColumn(
  kind: 'numeric' | 'categorical',
  values: Float64Array | readonly string[],
  options: PredictionProfileOptions,
): ColumnProfileJSON {
  const reference = options.reference?.profile;
  const edges =
    kind === 'numeric' && reference?.kind === 'numeric' && reference.histogram
      ? reference.histogram.edges
      : undefined;
  const column = new ColumnProfile(
    PREDICTION_COLUMN,
    kind,
    options.sketch,
    edges && edges.length >= 2 ? edges : undefined,
  );
  const batch = new ValuesBatch(values);
  column.addBatch(batch, 0, new Uint8Array(batch.length), new Float64Array(batch.length));
  return column.toJSON();
}

/**
 * One column of in-memory values as a `DataBatch`, so predictions are profiled by the same code as data:
 * finite numbers are integers or fractions, NaN is null, strings are strings.
 */
class ValuesBatch implements DataBatch {
  readonly file = '<predictions>';
  readonly columns = [PREDICTION_COLUMN];
  readonly length: number;
  readonly lines: Int32Array;
  readonly firstLine: number;

  constructor(private readonly data: Float64Array | readonly string[]) {
    this.length = data.length;
    this.lines = Int32Array.from({ length: data.length }, (_, row) => row + 1);
    this.firstLine = data.length > 0 ? 1 : 0;
  }

  scanColumn(_column: number, types: Uint8Array, values: Float64Array): void {
    for (let row = 0; row < this.length; row++) {
      const value = this.data[row]!;
      if (typeof value === 'string') {
        types[row] = CellType.String;
        values[row] = Number.NaN;
      } else if (Number.isNaN(value)) {
        types[row] = CellType.Null;
        values[row] = Number.NaN;
      } else {
        types[row] = Number.isInteger(value) ? CellType.Integer : CellType.Fractional;
        values[row] = value;
      }
    }
  }

  text(row: number): string {
    return String(this.data[row]);
  }

  values(): (string | null)[] {
    const data: ArrayLike<number | string> = this.data;
    return Array.from(data, (value) =>
      typeof value === 'number' && Number.isNaN(value) ? null : String(value),
    );
  }
}
