#!/usr/bin/env node
// The package's `bin`, committed so that it exists before any build. npm links a bin only when its
// file is there at install time; `npm ci` on a fresh clone runs before `npm run build:cli` makes
// dist/, so a bin pointing into dist/ would stay unlinked and `npx mlops-actions` would ask the
// public registry for that name (and run whatever answered). Linking this file instead needs no
// install script (the repository installs with ignore-scripts) and no lookup of any name; it
// loads the bundle, or says how to make it.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/index.js', import.meta.url);
if (existsSync(bundle)) {
  // Compiling the multi-megabyte bundle is most of a small run's time; V8's code cache (kept in the
  // OS temp folder, as TypeScript's tsc does) cuts it from the second run on.
  // NODE_DISABLE_COMPILE_CACHE=1 turns it off.
  module.enableCompileCache?.();
  // The bundle is the program: naming it as the process's entry makes `npx mlops-actions` run as
  // `node dist/index.js` does, and worker threads (the profile's shard lanes, the bootstrap's second
  // thread) find the worker bundle they run, dist/worker-threads.js, beside the entry.
  process.argv[1] = fileURLToPath(bundle);
  await import(bundle.href);
} else {
  process.stderr.write(
    'mlops-actions: the CLI is not built (packages/cli/dist/index.js is missing) — run `npm run build:cli`.\n',
  );
  process.exitCode = 1;
}
