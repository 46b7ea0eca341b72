import { CellType } from '@mlops-actions/data';
import type { DataBatch } from '@mlops-actions/data';
import { ColumnProfile } from '../profiles/column-profile';
import type { ColumnProfileJSON, SketchOptions } from '../profiles/column-profile';
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
 * current data with it (prediction drift). Optional in evaluation.json v1, so an evaluation without it
 * still reads.
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
  /**
   * Multiclass with class probabilities: each class's probability as a numeric column, in `classes`
   * order (Evidently's `TargetDriftPreset` tests every probability column besides the predicted class:
   * a model that grows unsure can keep its argmax and still drift here). Absent for a classifier scored
   * without probabilities (and optional in v1, so an evaluation without it still reads).
   */
  probabilities?: ColumnProfileJSON[];
}

/**
 * Classes up to which a multiclass profile also holds each class's probability. A numeric column profile
 * is ~50 KB of JSON (its sample and quantile sketch), so 32 classes add ~1.7 MB to evaluation.json; a
 * model with more classes records its predicted class only.
 */
export const MAX_PROBABILITY_CLASSES = 32;

/** The drift report's name of class `label`'s probability column. */
export function probabilityColumn(label: string): string {
  return `probability[${label}]`;
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
 * what Evidently tests for a multiclass prediction) and, up to `MAX_PROBABILITY_CLASSES`, each class's
 * probability (numeric, `probabilities`), regression → the prediction (numeric).
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
      const rows = predictions.probabilities;
      const indexes = predictedClasses(rows);
      const labels = Array.from(indexes, (index) => classes?.[index] ?? String(index));
      const width = rows[0]?.length ?? classes?.length ?? 0;
      const names = Array.from({ length: width }, (_, k) => classes?.[k] ?? String(k));
      if (width > MAX_PROBABILITY_CLASSES) return profilePredictedClasses(labels, options);
      return {
        output: 'class',
        ...(classes ? { classes } : {}),
        profile: profileColumn('categorical', labels, options.reference?.profile, options.sketch),
        probabilities: names.map((label, k) =>
          profileColumn(
            'numeric',
            Float64Array.from(rows, (row) => row[k] ?? Number.NaN),
            referenceProbability(options.reference, label, k),
            options.sketch,
          ),
        ),
      };
    }
    case 'regression':
      return { output: 'value', profile: profileNumbers(Float64Array.from(predictions.values), options) };
  }
}

/** The reference's profile of class `label`'s probability (by name; by position when it names no classes). */
function referenceProbability(
  reference: PredictionProfile | undefined,
  label: string,
  position: number,
): ColumnProfileJSON | undefined {
  if (!reference?.probabilities) return undefined;
  const index = reference.classes ? reference.classes.indexOf(label) : position;
  return index < 0 ? undefined : reference.probabilities[index];
}

/** Profiles predicted class labels directly (a classifier scored without probabilities). */
export function profilePredictedClasses(
  labels: readonly string[],
  options: PredictionProfileOptions = {},
): PredictionProfile {
  return {
    output: 'class',
    ...(options.classes ? { classes: [...options.classes] } : {}),
    profile: profileColumn('categorical', labels, options.reference?.profile, options.sketch),
  };
}

function profileNumbers(values: Float64Array, options: PredictionProfileOptions): ColumnProfileJSON {
  return profileColumn('numeric', values, options.reference?.profile, options.sketch);
}

/** One column of predictions, numeric ones binned by the reference's histogram edges when there are some. */
function profileColumn(
  kind: 'numeric' | 'categorical',
  values: Float64Array | readonly string[],
  reference: ColumnProfileJSON | undefined,
  sketch: SketchOptions | undefined,
): ColumnProfileJSON {
  const edges =
    kind === 'numeric' && reference?.kind === 'numeric' && reference.histogram
      ? reference.histogram.edges
      : undefined;
  const column = new ColumnProfile(
    PREDICTION_COLUMN,
    kind,
    sketch,
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
  readonly firstLine: number;
  private lineNumbers: Int32Array | undefined;

  constructor(private readonly data: Float64Array | readonly string[]) {
    this.length = data.length;
    this.firstLine = data.length > 0 ? 1 : 0;
  }

  /** Row r is "line" r + 1; made when asked for (the profile never asks: a million rows' worth saved). */
  get lines(): Int32Array {
    if (!this.lineNumbers) {
      this.lineNumbers = new Int32Array(this.length);
      for (let row = 0; row < this.length; row++) this.lineNumbers[row] = row + 1;
    }
    return this.lineNumbers;
  }

  scanColumn(_column: number, types: Uint8Array, values: Float64Array, rows = this.length): void {
    if (this.data instanceof Float64Array) {
      scanNumbers(this.data, types, values, rows);
      return;
    }
    for (let row = 0; row < rows; row++) {
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

/** `ValuesBatch.scanColumn` of numbers: a loop that sees one array type (no per-value type check). */
function scanNumbers(data: Float64Array, types: Uint8Array, values: Float64Array, rows: number): void {
  for (let row = 0; row < rows; row++) {
    const value = data[row]!;
    values[row] = value;
    types[row] =
      value !== value ? CellType.Null : Number.isInteger(value) ? CellType.Integer : CellType.Fractional;
  }
}
