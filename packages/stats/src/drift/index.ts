// Drift: Evidently's default per-column tests, the statistics behind them, and drift between profiles.
export { chiSquareGoodnessOfFit } from './chi-square-test';
export type { ChiSquareResult } from './chi-square-test';
export { validateColumnTests } from './column-tests';
export type { ColumnTestOverride, ColumnTests } from './column-tests';
export { categoricalSampleOf, numericSampleOf, sampleFromProfile } from './column-sample';
export type { CategoricalSample, ColumnSample, NumericSample } from './column-sample';
export { DEFAULT_DRIFT_SHARE, driftBetweenProfiles } from './drift-between-profiles';
export type {
  ColumnDrift,
  DriftFinding,
  DriftFindingKind,
  DriftOptions,
  DriftReport,
} from './drift-between-profiles';
export {
  defaultDriftMethod,
  DRIFT_METHOD_NAMES,
  DRIFT_METHODS,
  isDrift,
  SMALL_REFERENCE_LIMIT,
} from './drift-methods';
export type { DriftMethod, DriftMethodInfo } from './drift-methods';
export {
  chiSquareSurvival,
  logGamma,
  regularizedGammaP,
  regularizedGammaQ,
} from '../metrics/numerics/incomplete-gamma';
export { jensenShannonDistance } from './jensen-shannon';
export { kolmogorovSurvival, smirnovSurvival } from '../metrics/numerics/kolmogorov-distribution';
export { KS_EXACT_LIMIT, ksPValue, ksStatistic, ksTwoSample } from './ks-two-sample';
export type { KsMethod, KsResult } from './ks-two-sample';
export { proportionZTest } from './proportion-z-test';
export type { ProportionZResult } from './proportion-z-test';
export { fillEmptyShares, populationStabilityIndex, PSI_EMPTY_SHARE } from './psi';
export { runDriftMethod } from './run-drift-method';
export type { MethodOutcome } from './run-drift-method';
export { binnedShares } from './binning';
export { normedWassersteinDistance, wassersteinDistance, WASSERSTEIN_MIN_SCALE } from './wasserstein';
export { predictionDrift } from './prediction-drift';
export type { PredictionDrift, PredictionDriftOptions } from './prediction-drift';
export { localReference, parseReferenceProfile, profileFile, versionReference } from './reference';
export type { Reference, ReferenceSource } from './reference';
