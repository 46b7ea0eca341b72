import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@mlops-actions/cli';
import { repoRoot } from '../harness/run-action';
import { captureIO } from '../support/cli';
import { PROTOTYPE_NAMES, prototypeColumnsCsv } from '../support/prototype-columns';

// Columns named like every member of Object.prototype are columns like any other.
const NAMES = PROTOTYPE_NAMES;
const csv = prototypeColumnsCsv;

describe('columns named like Object.prototype members are columns like any other', () => {
  let dir: string;
  const run = async (args: string[]) => {
    const { cli, out } = captureIO(dir);
    const code = await runCli(args, cli);
    return { code, ...out };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'proto-columns-'));
    writeFileSync(join(dir, 'reference.csv'), csv(80, 0));
    writeFileSync(join(dir, 'current.csv'), csv(80, 6));
  });

  it(`profile keeps all ${NAMES.length} of them, __proto__ included`, async () => {
    const result = await run(['profile', 'reference.csv', '--output', 'profile.json']);
    expect(result.code, result.stderr).toBe(0);
    const profile = JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8'));
    expect(Object.keys(profile.columns)).toEqual(NAMES);
    expect(profile.columns.constructor.kind).toBe('categorical');
    expect(profile.columns.__defineGetter__.kind).toBe('numeric');
  });

  it('validate infers a suite over every one of them and checks the data with it', async () => {
    const result = await run([
      'validate',
      'reference.csv',
      '--infer-from',
      'reference.csv',
      '--write-expectations',
      'suite.json',
      '--report',
      'validation.json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'validation.json'), 'utf8'));
    expect(report.success).toBe(true);
    const checked = new Set(
      report.results.map(
        (r: { expectation_config: { kwargs: { column?: string } } }) => r.expectation_config.kwargs.column,
      ),
    );
    for (const name of NAMES) expect(checked.has(name), name).toBe(true);
  });

  it('train uses them as features and evaluate scores the model on them', async () => {
    const trained = await run([
      'train',
      '--model-name',
      'proto',
      'reference.csv',
      '--target',
      'valueOf',
      '--model-path',
      'proto.onnx',
    ]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stderr).toMatch(
      /with features constructor, __defineGetter__, .*__proto__, toLocaleString\./,
    );
    const evaluated = await run([
      'evaluate',
      '--model',
      'proto.onnx',
      'reference.csv',
      '--target',
      'valueOf',
      '--bootstrap',
      '0',
      '--output',
      'evaluation.json',
    ]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
  });

  it('drift tests every one of them, against data or a profile, with overrides by those names', async () => {
    for (const reference of ['reference.csv', 'profile.json']) {
      const result = await run([
        'drift',
        '--reference',
        reference,
        '--current',
        'current.csv',
        '--tests',
        '{constructor: {method: psi}, __proto__: {method: jensenshannon}}',
        '--output',
        'drift.json',
      ]);
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8'));
      expect(report.columns.map((c: { column: string }) => c.column)).toEqual(NAMES);
      expect(report.findings).toEqual([]);
      const method = (name: string) =>
        report.columns.find((c: { column: string }) => c.column === name).method;
      expect(method('constructor')).toBe('psi');
      expect(method('__proto__')).toBe('jensenshannon');
      expect(method('toString')).toBe('chisquare');
    }
  });
});

describe('an unusable reference fails closed, naming the file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'empty-reference-'));
    writeFileSync(join(dir, 'current.csv'), 'x\n1\n2\n');
    writeFileSync(join(dir, 'empty.json'), '{}\n');
    writeFileSync(
      join(dir, 'null-columns.json'),
      JSON.stringify({ schema: 'mlops-actions/profile', schemaVersion: 1, rows: 10, columns: null }),
    );
    writeFileSync(
      join(dir, 'no-columns.json'),
      JSON.stringify({ schema: 'mlops-actions/profile', schemaVersion: 1, rows: 10, columns: {} }),
    );
  });

  it.each([
    ['empty.json', 'the reference has no columns, so nothing could be compared with it'],
    [
      'null-columns.json',
      'the profile\'s "columns" is null, not a mapping of column names to column profiles',
    ],
    ['no-columns.json', 'the reference has no columns, so nothing could be compared with it'],
  ])('drift --reference %s', async (file, message) => {
    const { cli, out } = captureIO(dir);
    expect(await runCli(['drift', '--reference', file, '--current', 'current.csv'], cli)).toBe(1);
    expect(out.stderr).toContain(`mlops-actions drift: ${file}: ${message}`);
    expect(out.stdout).toBe('');
  });

  it('validate --infer-from {} refuses to infer an empty suite', async () => {
    const { cli, out } = captureIO(dir);
    expect(await runCli(['validate', 'current.csv', '--infer-from', 'empty.json'], cli)).toBe(1);
    expect(out.stderr).toContain('empty.json: the reference has no columns');
  });
});

describe('in a workflow step, the CLI quotes data without writing workflow commands', () => {
  it("escapes a column name that would start a command in drift's findings", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-commands-'));
    writeFileSync(join(dir, 'reference.csv'), 'x\n1\n2\n3\n');
    writeFileSync(join(dir, 'current.csv'), 'x,"y\n::warning title=Injected::from data"\n1,a\n2,b\n3,c\n');
    const tsx = pathToFileURL(join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
    const main = join(repoRoot, 'packages/cli/src/main.ts');
    const { stderr } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        tsx,
        main,
        'drift',
        '--reference',
        'reference.csv',
        '--current',
        'current.csv',
        '--output',
        'drift.json',
      ],
      { cwd: dir, env: { PATH: process.env['PATH'], HOME: process.env['HOME'], GITHUB_ACTIONS: 'true' } },
    );
    // Each line is escaped: the name's second line is printed, but cannot be a command.
    expect(stderr).toContain(
      'finding: column "y\n:\\:warning title=Injected:\\:from data" is new in the current data',
    );
    for (const line of stderr.split(/\r\n|\r|\n/)) expect(line).not.toMatch(/^\s*::/);
  });
});
