export { ColumnProfile, DEFAULT_SKETCH_OPTIONS } from './column-profile';
export type { ColumnProfileJSON, ColumnSummary, SketchOptions, TypeCounts } from './column-profile';
export { DatasetProfile, mergeProfiles, PROFILE_SCHEMA, PROFILE_SCHEMA_VERSION } from './dataset-profile';
export type { DatasetProfileJSON, ProfiledFile } from './dataset-profile';
export { NumberColumns } from './number-columns';
export { profileDataset } from './profile-dataset';
export type { ProfileOptions } from './profile-dataset';
export { describeProgress, PROGRESS_INTERVAL_MS, ProgressMeter } from './progress';
export type { PassProgress, ProgressListener } from './progress';
