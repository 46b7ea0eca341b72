export { Moments } from './moments';
export type { MomentsJSON } from './moments';
export { AlignedHistogram, FixedHistogram, histogramFromJSON } from './histogram';
export type { AlignedHistogramJSON, FixedHistogramJSON, Histogram, HistogramJSON } from './histogram';
export { KllSketch } from './kll';
export type { KllJSON } from './kll';
export { HyperLogLog } from './hyperloglog';
export type { HyperLogLogJSON } from './hyperloglog';
export { SpaceSaving } from './space-saving';
export type { FrequentItem, SpaceSavingJSON } from './space-saving';
export { Reservoir } from './reservoir';
export type { ReservoirJSON, SampleValue } from './reservoir';
export { Hash64 } from './hash';
export { SeededRandom, deriveSeed } from './random';
export { ColumnProfile, DEFAULT_SKETCH_OPTIONS } from './column-profile';
export type { ColumnProfileJSON, ColumnSummary, SketchOptions, TypeCounts } from './column-profile';
export { DatasetProfile, mergeProfiles, PROFILE_SCHEMA, PROFILE_SCHEMA_VERSION } from './dataset-profile';
export type { DatasetProfileJSON, ProfiledFile } from './dataset-profile';
export { profileDataset } from './profile-dataset';
export type { ProfileOptions } from './profile-dataset';

// Evaluation: metrics with scikit-learn's definitions, paired comparisons, and evaluation.json.
export * from './metrics/index';
export * from './evaluation/index';

// Data validation: Great Expectations-style suites, one streaming pass.
export * from './expectations/index';

// Drift: Evidently's default tests per column, from profiles.
export * from './drift/index';
export { describeProgress, PROGRESS_INTERVAL_MS, ProgressMeter } from './progress';
export type { PassProgress, ProgressListener } from './progress';
