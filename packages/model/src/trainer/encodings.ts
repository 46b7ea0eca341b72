import type { FeatureEncoding, RawColumn } from '../onnx/linear-model';
import type { TrainingColumn } from './columns';
import { isMissing } from './columns';

/**
 * Fits the preprocessing on the training rows only: numeric → mean and population std (std 0 → 1,
 * so a constant column contributes nothing); categorical → the `maxCategories` most frequent
 * non-missing values (ties by value), one-hot encoded, anything else → all zeros.
 */
export function fitEncodings(
  features: readonly TrainingColumn[],
  trainRows: ArrayLike<number>,
  maxCategories: number,
): FeatureEncoding[] {
  return features.map((feature): FeatureEncoding => {
    if (feature.kind === 'numeric') {
      let mean = 0;
      for (let i = 0; i < trainRows.length; i++) mean += feature.values[trainRows[i] as number] as number;
      mean /= trainRows.length;
      let squares = 0;
      for (let i = 0; i < trainRows.length; i++) {
        const deviation = (feature.values[trainRows[i] as number] as number) - mean;
        squares += deviation * deviation;
      }
      const std = Math.sqrt(squares / trainRows.length);
      return { kind: 'numeric', name: feature.name, mean, std: std > 0 ? std : 1 };
    }
    const counts = new Map<string, number>();
    for (let i = 0; i < trainRows.length; i++) {
      const value = feature.values[trainRows[i] as number];
      if (!isMissing(value)) counts.set(value as string, (counts.get(value as string) ?? 0) + 1);
    }
    const categories = [...counts]
      .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, maxCategories)
      .map(([value]) => value);
    return { kind: 'categorical', name: feature.name, categories };
  });
}

/** The given rows of each column, keyed by name, as `designMatrix` takes them (null stays null). */
export function selectRows(
  features: readonly TrainingColumn[],
  rows: ArrayLike<number>,
): Map<string, RawColumn> {
  // Usable rows are ascending and distinct, so as many as the column has are all of them in order:
  // then the column itself, not a copy (a refit on every row would otherwise double the memory).
  const everyRow = features.every((feature) => feature.values.length === rows.length);
  if (everyRow) {
    const numeric = (values: ArrayLike<number | null>): RawColumn =>
      values instanceof Float64Array ? values : Float64Array.from(values, (v) => v as number);
    return new Map(
      features.map((feature): [string, RawColumn] => [
        feature.name,
        feature.kind === 'numeric' ? numeric(feature.values) : Array.from(feature.values, (v) => v ?? null),
      ]),
    );
  }
  return new Map(
    features.map((feature): [string, RawColumn] =>
      feature.kind === 'numeric'
        ? [
            feature.name,
            Float64Array.from({ length: rows.length }, (_, i) => feature.values[rows[i] as number] as number),
          ]
        : [
            feature.name,
            Array.from({ length: rows.length }, (_, i) => feature.values[rows[i] as number] ?? null),
          ],
    ),
  );
}
