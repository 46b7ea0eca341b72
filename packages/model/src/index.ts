export {
  ONNXRUNTIME_VERSION,
  installOnnxRuntime,
  isRuntimeInstalled,
  requireOnnxRuntime,
  runtimeDir,
} from './runtime/onnxruntime';
export type { RuntimeInstall, RuntimeInstallOptions, RuntimeLocation } from './runtime/onnxruntime';
