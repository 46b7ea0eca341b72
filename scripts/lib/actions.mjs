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

/** Bundles one action into `outDir` (files: index.js, package.json, licenses.txt). Returns the file names. */
export async function bundleAction(action, outDir, { externals = [] } = {}) {
  const { code, assets } = await ncc(action.entry, {
    externals,
    quiet: true,
    license: 'licenses.txt',
    sourceMap: false,
    minify: false,
    target: 'es2022',
    // Types are checked once for the whole repository by `npm run typecheck`, not per bundle.
    transpileOnly: true,
  });
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = { 'index.js': code };
  for (const [name, asset] of Object.entries(assets)) files[name] = asset.source;
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    writeFileSync(join(outDir, name), content);
  }
  return Object.keys(files).sort();
}
