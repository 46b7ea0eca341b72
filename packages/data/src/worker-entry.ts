import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entries = new Map<string, string | null>();

/**
 * The bundle a worker thread can run for `marker` (a string that module holds): the process's entry
 * script when it holds it (an action's dist/index.js), else the file of this module (the CLI, whose
 * entry is a small bin that imports its bundle, which holds this module too). Null under a test runner
 * or a TypeScript loader, where no such file runs: the work then stays on the calling thread.
 */
export function bundleEntryHolding(marker: string): string | null {
  let entry = entries.get(marker);
  if (entry !== undefined) return entry;
  entry = null;
  const candidates = [
    process.argv[1],
    import.meta.url.startsWith('file:') ? fileURLToPath(import.meta.url) : '',
  ];
  for (const script of candidates) {
    try {
      const path = script ? realpathSync(script) : '';
      if (/\.[cm]?js$/.test(path) && readFileSync(path, 'utf8').includes(marker)) {
        entry = path;
        break;
      }
    } catch {
      // not readable: the next candidate
    }
  }
  entries.set(marker, entry);
  return entry;
}
