import type { FeatureEncoding } from '../onnx/linear-model';
import type { NumericScans, TrainingColumn } from './columns';
import { isMissing } from './columns';

/**
 * Fits the preprocessing on the training rows only: numeric → mean and population std (std 0 → 1,
 * so a constant column contributes nothing); categorical → the `maxCategories` most frequent
 * non-missing values (ties by value), one-hot encoded, anything else → all zeros. `trainRows` are
 * distinct and ascending; `scans` (scanNumericColumns) spares a column's sum over every row.
 */
export function fitEncodings(
  features: readonly TrainingColumn[],
  trainRows: ArrayLike<number>,
  maxCategories: number,
  scans: NumericScans = new Map(),
): FeatureEncoding[] {
  return features.map((feature): FeatureEncoding => {
    if (feature.kind === 'numeric') {
      // The rows are distinct and ascending: as many as the column has means every row, whose sum (in
      // the same order, so the same bits) the scan has.
      const sum = trainRows.length === feature.values.length ? scans.get(feature)?.sum : undefined;
      let mean = 0;
      if (sum !== undefined && !Number.isNaN(sum)) mean = sum;
      else
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
