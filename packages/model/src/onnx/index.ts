export {
  ML_DOMAIN,
  attr,
  buildModel,
  graph,
  model,
  node,
  sequenceOfMapsType,
  tensor,
  tensorType,
  valueInfo,
} from './builder';
export type { Dim, ElementType, GraphSpec, ModelSpec } from './builder';
export { exportLinearModel, linearModelProto } from './export-linear';
export type { LinearExportOptions } from './export-linear';
export { designColumns, designMatrix, outputCount } from './linear-model';
export type { FeatureEncoding, LinearModel, LinearTask, RawColumn } from './linear-model';
export { METADATA } from './metadata';
export { DataType, decodeModel, encodeModel } from './proto';
export type { ModelProto } from './proto';
export { inspectOnnxFile } from './inspect';
export type { OnnxFileInfo, OnnxValueInfo } from './inspect';
