export {
  ONNXRUNTIME_VERSION,
  installOnnxRuntime,
  isRuntimeInstalled,
  requireOnnxRuntime,
  runtimeDir,
} from './runtime/onnxruntime';
export { ensureOnnxRuntime, onnxRuntimeCacheKey, runtimeDigest } from './runtime/cached-runtime';
export type { CachedRuntimeOptions, DirectoryCache } from './runtime/cached-runtime';
export type {
  OnnxRuntime,
  RuntimeInstall,
  RuntimeInstallOptions,
  RuntimeLocation,
} from './runtime/onnxruntime';
export * from './onnx/index';
export * from './scoring/index';
export * from './evaluate/index';
export * from './trainer/index';
export * from './training/index';
export * from './serving/index';
