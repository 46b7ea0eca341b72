// Worker threads run the process's entry bundle again (as in an action's dist/index.js), so the tests of
// the threaded paths bundle a small entry with ncc, as the actions are bundled, and run it with node.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A directory for one test file's bundle, under .tmp/ (git-ignored) so that ncc resolves the workspace packages. */
export function bundleDirectory(name: string): string {
  return join(root, '.tmp', `${name}-${process.pid}`);
}

/** Bundles `source` (TypeScript) into `directory`/entry.mjs with ncc; returns the bundle's path. */
export async function bundleEntry(directory: string, source: string): Promise<string> {
  mkdirSync(directory, { recursive: true });
  const entry = join(directory, 'entry.ts');
  writeFileSync(entry, source);
  // ncc ships no types; a variable specifier keeps tsc from looking for them.
  const nccModule = '@vercel/ncc';
  const { default: ncc } = (await import(nccModule)) as {
    default: (entry: string, options: Record<string, unknown>) => Promise<{ code: string }>;
  };
  const { code } = await ncc(entry, { quiet: true, target: 'es2022', transpileOnly: true });
  const bundle = join(directory, 'entry.mjs');
  writeFileSync(bundle, code);
  return bundle;
}
