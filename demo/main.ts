import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemo } from './demo';

// npm run demo [-- --out <dir>]: the whole loop, locally; prints where to look.
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1]! : join(root, '.tmp', 'demo');
if (args.some((a, i) => a !== '--out' && i !== outIndex + 1)) {
  console.error('usage: npm run demo [-- --out <dir>]');
  process.exit(2);
}
rmSync(outDir, { recursive: true, force: true });

try {
  const result = await runDemo({ outDir, log: (line) => console.log(line) });
  const where = relative(process.cwd(), outDir) || '.';
  console.log(`\nDone in ${(result.durationMs / 1000).toFixed(0)} s.`);
  console.log(
    `  releases:   ${result.releases.map((r) => `${r.tag} (${r.assets.length} assets)`).join(', ')}`,
  );
  console.log(`  production: ${result.production ?? 'nothing'}`);
  for (const pull of result.pulls) {
    console.log(
      `  #${pull.number} ${pull.title} — ${pull.merged ? 'merged' : pull.state}, ${pull.comments} comment(s)`,
    );
  }
  console.log(
    `\nOpen ${join(where, 'index.html')} — the comments, model cards and pull requests as GitHub renders them`,
  );
  console.log(`(Markdown files next to it).`);
} catch (error) {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
