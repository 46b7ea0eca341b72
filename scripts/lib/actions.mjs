// Finds the actions of this repository and bundles them with @vercel/ncc.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ncc from '@vercel/ncc';
import { parse } from 'yaml';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every `actions/<name>/action.yml`, with the bundle path its `runs.main` names. */
export function listActions(only = []) {
  const actionsDir = join(repoRoot, 'actions');
  return readdirSync(actionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(actionsDir, entry.name, 'action.yml')))
    .filter((entry) => only.length === 0 || only.includes(entry.name))
    .map((entry) => {
      const dir = join(actionsDir, entry.name);
      let manifest;
      try {
        manifest = parse(readFileSync(join(dir, 'action.yml'), 'utf8'));
      } catch (error) {
        throw new Error(`${relative(repoRoot, dir)}/action.yml: ${error.message}`);
      }
      const main = manifest?.runs?.main;
      if (typeof main !== 'string')
        throw new Error(`${relative(repoRoot, dir)}/action.yml: runs.main is missing`);
      return {
        name: entry.name,
        dir,
        manifest,
        entry: join(dir, 'src', 'main.ts'),
        distDir: join(dir, dirname(main)),
        mainFile: join(dir, main),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What every worker thread runs: only the modules that take over a worker (see its header), bundled
 * beside each bundle that starts workers, whose own code (GitHub clients, commands) a worker never runs.
 */
const workerEntry = join(repoRoot, 'packages', 'model', 'src', 'worker-threads.ts');
/** The file name bundleEntryHolding (packages/data/src/worker-entry.ts) looks for beside a bundle. */
const WORKER_BUNDLE = 'worker-threads.js';
/** The workerData keys of those modules: a bundle holding one starts workers. */
const WORKER_MARKER = /mlops-actions:[a-z-]+-worker:\d+/;

/** ncc's output for `entry`; the same options for every bundle. */
async function nccBundle(entry, externals) {
  return ncc(entry, {
    externals,
    quiet: true,
    license: 'licenses.txt',
    sourceMap: false,
    minify: false,
    target: 'es2022',
    // Types are checked once for the whole repository by `npm run typecheck`, not per bundle.
    transpileOnly: true,
  });
}

/** The worker bundle is the same for every action: built once per process. */
let workerBundle;

/**
 * Bundles one action into `outDir` (files: index.js, package.json, licenses.txt, and worker-threads.js
 * when the action starts worker threads). Returns the file names.
 */
export async function bundleAction(action, outDir, { externals = [] } = {}) {
  const { code, assets } = await nccBundle(action.entry, externals);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = { 'index.js': code };
  for (const [name, asset] of Object.entries(assets)) files[name] = asset.source;
  if (WORKER_MARKER.test(code)) {
    workerBundle ??= nccBundle(workerEntry, []);
    const worker = await workerBundle;
    files[WORKER_BUNDLE] = worker.code;
    // Its third-party packages are among the action's own (the worker entry's modules are the action's
    // too), so the action's licenses.txt covers them: checked paragraph by paragraph. This repository's
    // own packages are left out of the check: the worker bundle holds the trainer's module even for an
    // action that does not train. Its other assets must be ones the action ships already.
    for (const [name, asset] of Object.entries(worker.assets)) {
      const ours = files[name] === undefined ? undefined : String(files[name]);
      const covered =
        name === 'licenses.txt'
          ? String(asset.source)
              .split('\n\n')
              .every((paragraph) => paragraph.startsWith('@mlops-actions/') || ours?.includes(paragraph))
          : ours === String(asset.source);
      if (!covered) {
        throw new Error(
          `${relative(repoRoot, action.entry)}: the worker bundle's ${name} is not covered by the action's files`,
        );
      }
    }
  }
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    writeFileSync(join(outDir, name), content);
  }
  return Object.keys(files).sort();
}
