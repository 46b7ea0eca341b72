import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { logInfo } from './workflow-log';

/**
 * The Actions cache as a cache of one directory per exact key — the shape `ensureOnnxRuntime` (model
 * package) asks for. `restoreCache` also answers with a prefix match of the key; only the exact key
 * counts here, so an entry saved under a longer key by anyone else is never taken for ours.
 */
export function actionsDirectoryCache() {
  return {
    isAvailable: (): boolean => cache.isFeatureAvailable(),
    restore: async (dir: string, key: string): Promise<boolean> =>
      (await cache.restoreCache([dir], key)) === key,
    save: async (dir: string, key: string): Promise<void> => {
      await cache.saveCache([dir], key);
    },
  };
}

/** Where a job keeps tools: the runner's tool cache (or its temp folder). */
export function runnerToolCache(): { root: string } {
  return { root: process.env['RUNNER_TOOL_CACHE'] || process.env['RUNNER_TEMP'] || '.' };
}

/** The step's log (info lines escaped: they may quote data), in the shape the runtime installer takes. */
export const actionsLog = {
  info: logInfo,
  warning: (line: string) => core.warning(line),
  group: <T>(title: string, work: () => Promise<T>) => core.group(title, work),
};

/**
 * Everything `ensureOnnxRuntime` (model package) needs on a runner: the tool cache, the Actions
 * cache and the step's log — `ensureOnnxRuntime(actionsRuntimeOptions())`.
 */
export function actionsRuntimeOptions() {
  return { location: runnerToolCache(), cache: actionsDirectoryCache(), ...actionsLog };
}
