// npm run build: bundles every action into the committed dist/ that its action.yml names.
import { relative } from 'node:path';
import { bundleAction, listActions, repoRoot } from './lib/actions.mjs';

const only = process.argv.slice(2);
for (const action of listActions(only)) {
  const started = Date.now();
  const files = await bundleAction(action, action.distDir);
  console.log(
    `built ${relative(repoRoot, action.distDir)} (${files.join(', ')}) in ${Date.now() - started} ms`,
  );
}
