import * as cache from '@actions/cache';
import * as core from '@actions/core';
import {
  ONNXRUNTIME_VERSION,
  installOnnxRuntime,
  isRuntimeInstalled,
  runtimeDir,
  type RuntimeLocation,
} from '@mlops-actions/model';

/**
 * Makes onnxruntime-node available for this runner's platform, for every action that runs a model (see the README's "Packaging"):
 * the tool cache first, then the Actions cache, then a verified download from the npm registry,
 * which is then saved to the Actions cache for later jobs. Cache trouble only warns.
 */
export async function ensureOnnxRuntime(): Promise<RuntimeLocation> {
  const location = { root: process.env['RUNNER_TOOL_CACHE'] || process.env['RUNNER_TEMP'] || '.' };
  if (isRuntimeInstalled(location)) return location;
  const dir = runtimeDir(location);
  const key = `onnxruntime-node-${ONNXRUNTIME_VERSION}-${process.platform}-${process.arch}`;
  const cacheAvailable = cache.isFeatureAvailable();
  if (cacheAvailable) {
    try {
      if ((await cache.restoreCache([dir], key)) && isRuntimeInstalled(location)) {
        core.info(`onnxruntime-node ${ONNXRUNTIME_VERSION} restored from the Actions cache.`);
        return location;
      }
    } catch (error) {
      core.warning(`Could not restore onnxruntime-node from the cache: ${(error as Error).message}`);
    }
  }
  await core.group(`Installing onnxruntime-node ${ONNXRUNTIME_VERSION}`, () =>
    installOnnxRuntime({ ...location, log: (line) => core.info(line) }),
  );
  if (cacheAvailable) {
    try {
      await cache.saveCache([dir], key);
    } catch (error) {
      core.warning(`Could not save onnxruntime-node to the cache: ${(error as Error).message}`);
    }
  }
  return location;
}
