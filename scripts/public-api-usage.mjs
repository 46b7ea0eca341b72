/**
 * Which names of a workspace's public API (its index) the rest of the repository imports.
 * Usage: node scripts/public-api-usage.mjs stats
 * prints who imports each exported name, the names nothing imports, and imported names not exported.
 * Reads every .ts/.mts/.mjs/.js outside node_modules and dist with the TypeScript parser, so type-only
 * imports, re-exports and `await import(...)` destructuring count too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const name = process.argv[2];
if (!name) throw new Error('usage: node scripts/public-api-usage.mjs <workspace name, e.g. stats>');
const specifier = `@mlops-actions/${name}`;
const own = join(root, 'packages', name);

function* files(dir) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(m?ts|m?js|tsx)$/.test(entry) && !entry.endsWith('.d.ts')) yield path;
  }
}

const used = new Map(); // name → files
const note = (imported, file) => {
  if (!used.has(imported)) used.set(imported, new Set());
  used.get(imported).add(relative(root, file));
};
for (const top of ['packages', 'actions', 'test', 'bench', 'demo', 'scripts']) {
  let dirs;
  try {
    dirs = [...files(join(root, top))];
  } catch {
    continue;
  }
  for (const file of dirs) {
    if (file.startsWith(own + '/')) continue;
    const text = readFileSync(file, 'utf8');
    if (!text.includes(specifier)) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier) &&
        node.moduleSpecifier.text === specifier
      ) {
        const bindings = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : node.exportClause;
        if (bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings)))
          for (const element of bindings.elements) note((element.propertyName ?? element.name).text, file);
        else note('*', file);
      }
      if (
        ts.isVariableDeclaration(node) &&
        ts.isObjectBindingPattern(node.name) &&
        node.initializer &&
        node.initializer.getText(source).includes(`import('${specifier}')`)
      )
        for (const element of node.name.elements)
          note((element.propertyName ?? element.name).getText(source), file);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}

// The names the index exports, as the compiler resolves them.
const program = ts.createProgram([join(own, 'src', 'index.ts')], {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  allowImportingTsExtensions: true,
  noEmit: true,
});
const checker = program.getTypeChecker();
const index = program.getSourceFile(join(own, 'src', 'index.ts'));
const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(index)).map((s) => s.name);

const unused = exported.filter((e) => !used.has(e)).sort();
const missing = [...used.keys()].filter((u) => u !== '*' && !exported.includes(u)).sort();
console.log(
  `${specifier}: ${exported.length} exported, ${exported.length - unused.length} used outside the package`,
);
console.log(`used (${used.size}):`);
for (const [k, v] of [...used].sort()) console.log(`  ${k}  ← ${[...v].join(', ')}`);
console.log(`unused (${unused.length}): ${unused.join(', ')}`);
if (missing.length) console.log(`imported but not exported: ${missing.join(', ')}`);
