import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The worker bundle's file name: the build writes it beside an action's dist/index.js (and the CLI's)
 * whenever that bundle starts worker threads (scripts/lib/actions.mjs; its entry is
 * packages/model/src/worker-threads.ts).
 */
const WORKER_BUNDLE = 'worker-threads.js';

const entries = new Map<string, string | null>();

/**
 * The script a worker thread runs for `marker` (a string its module holds): the worker bundle beside
 * the process's entry script, or beside the bundle holding this module (the CLI's, imported by a
 * small bin), when it holds the marker; else that entry or bundle itself, when it does (a bundle
 * built without a worker bundle: the tests' entries). Null under a test runner or a TypeScript
 * loader, where no such file runs: the work then stays on the calling thread.
 */
export function bundleEntryHolding(marker: string): string | null {
  let entry = entries.get(marker);
  if (entry !== undefined) return entry;
  entry = null;
  const scripts = [
    process.argv[1],
    import.meta.url.startsWith('file:') ? fileURLToPath(import.meta.url) : '',
  ];
  const bundles = scripts.filter((script): script is string => !!script && /\.[cm]?js$/.test(script));
  const candidates = [...bundles.map((script) => join(dirname(script), WORKER_BUNDLE)), ...bundles];
  for (const candidate of candidates) {
    try {
      const path = realpathSync(candidate);
      if (readFileSync(path, 'utf8').includes(marker)) {
        entry = path;
        break;
      }
    } catch {
      // absent or not readable: the next candidate
    }
  }
  entries.set(marker, entry);
  return entry;
}
