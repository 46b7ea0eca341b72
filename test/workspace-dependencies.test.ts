import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './harness/run-action';

// Each workspace declares what its sources import: hoisting would otherwise hide a package that
// only works because a neighbour happens to depend on it.
const workspaces = ['packages', 'actions'].flatMap((dir) =>
  readdirSync(join(repoRoot, dir)).map((name) => `${dir}/${name}`),
);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function importedPackages(file: string): string[] {
  const names: string[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(/\bfrom ['"]([^.'"][^'"]*)['"]/g)) {
    const specifier = match[1]!;
    if (specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    names.push(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
  }
  return names;
}

describe('workspace dependencies', () => {
  it.each(workspaces)('%s declares every package its sources import', (workspace) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, workspace, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    const declared = new Set([
      manifest.name,
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
      // A bundled package (the CLI) declares what it bundles as devDependencies, so that its
      // tarball installs only what the bundle loads at run time.
      ...Object.keys(manifest.devDependencies ?? {}),
    ]);
    const undeclared = new Set(
      sources(join(repoRoot, workspace, 'src'))
        .flatMap(importedPackages)
        .filter((name) => !declared.has(name)),
    );
    expect([...undeclared]).toEqual([]);
  });
});
