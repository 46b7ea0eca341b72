// npm run check-dist: fails when a committed dist/ differs from a fresh build of its sources.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { bundleAction, listActions, repoRoot } from './lib/actions.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'check-dist-'));
const problems = [];
try {
  for (const action of listActions()) {
    const fresh = join(scratch, action.name);
    const files = await bundleAction(action, fresh);
    const committed = existsSync(action.distDir) ? listFiles(action.distDir) : [];
    for (const file of new Set([...files, ...committed])) {
      const where = relative(repoRoot, join(action.distDir, file));
      if (!files.includes(file)) problems.push(`${where}: committed but no longer built`);
      else if (!committed.includes(file)) problems.push(`${where}: built but not committed`);
      else if (!readFileSync(join(fresh, file)).equals(readFileSync(join(action.distDir, file)))) {
        problems.push(`${where}: differs from a fresh build`);
      }
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(`dist/ is stale — run \`npm run build\` and commit the result:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('dist/ matches a fresh build of every action.');

function listFiles(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}
