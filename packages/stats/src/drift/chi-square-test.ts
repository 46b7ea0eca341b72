import { chiSquareSurvival } from '../metrics/numerics/incomplete-gamma';

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  degreesOfFreedom: number;
}

/**
 * Chi-square goodness of fit of current counts against reference shares — Evidently's `chisquare`
 * stattest: over the categories of both samples, expected = reference count × (current n / reference n),
 * then SciPy's `chisquare(observed, expected)`: Σ (O − E)²/E with k − 1 degrees of freedom. A category
 * absent from the reference (E = 0, O > 0) makes the statistic infinite and p = 0, as SciPy gives.
 *
 * @example chiSquareGoodnessOfFit([25, 25, 25, 25], [18, 22, 20, 40]) // statistic 12.32, p 0.006363629995
 */
export function chiSquareGoodnessOfFit(
  referenceCounts: readonly number[],
  currentCounts: readonly number[],
): ChiSquareResult {
  if (referenceCounts.length !== currentCounts.length)
    throw new Error('chi-square needs one reference and one current count per category');
  const referenceTotal = sum(referenceCounts);
  const currentTotal = sum(currentCounts);
  if (referenceTotal <= 0 || currentTotal <= 0)
    throw new Error('chi-square needs at least one value in each sample');
  const scale = currentTotal / referenceTotal;
  let statistic = 0;
  referenceCounts.forEach((referenceCount, i) => {
    const expected = referenceCount * scale;
    const observed = currentCounts[i] as number;
    if (expected === 0) statistic += observed > 0 ? Infinity : 0;
    else statistic += (observed - expected) ** 2 / expected;
  });
  const degreesOfFreedom = referenceCounts.length - 1;
  const pValue =
    degreesOfFreedom < 1 ? 1 : statistic === Infinity ? 0 : chiSquareSurvival(statistic, degreesOfFreedom);
  return { statistic, pValue, degreesOfFreedom };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
