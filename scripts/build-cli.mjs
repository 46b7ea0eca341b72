// Bundles the CLI (packages/cli/src/main.ts) with @vercel/ncc into packages/cli/dist/index.js,
// the package's `bin`, so `mlops-actions` runs on plain Node without a TypeScript loader.
import { chmodSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bundleAction, repoRoot } from './lib/actions.mjs';

const cliDir = join(repoRoot, 'packages', 'cli');
const outDir = process.argv[2] ?? join(cliDir, 'dist');
// onnxruntime-node stays a dependency of the package (its native binaries are not bundled).
const files = await bundleAction({ entry: join(cliDir, 'src', 'main.ts') }, outDir, {
  externals: ['onnxruntime-node'],
});
chmodSync(join(outDir, 'index.js'), 0o755);
console.log(`built ${relative(repoRoot, outDir) || outDir} (${files.join(', ')})`);
