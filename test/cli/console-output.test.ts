import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '@mlops-actions/cli';
import { repoRoot } from '../harness/run-action';
import { captureIO } from '../support/cli';

const INJECTED = 'x\n::warning::injected';

describe('validate tells a person what failed', () => {
  it('lists every failed expectation with its severity and why, and why one could not run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-console-'));
    writeFileSync(join(dir, 'data.csv'), 'age,name\n30,a\n200,b\n40,c\n');
    writeFileSync(
      join(dir, 'suite.json'),
      JSON.stringify({
        expectation_suite_name: 'people',
        expectations: [
          {
            expectation_type: 'expect_column_values_to_be_between',
            kwargs: { column: 'age', min_value: 0, max_value: 120 },
            meta: { severity: 'warning' },
          },
          { expectation_type: 'expect_table_row_count_to_be_between', kwargs: { min_value: 10 } },
          { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'height' } },
          { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'name' } },
        ],
      }),
    );
    const { cli, out } = captureIO(dir);
    expect(
      await runCli(['validate', 'data.csv', '--expectations', 'suite.json', '--report', 'r.json'], cli),
    ).toBe(1);
    const lines = out.stderr.split('\n');
    expect(lines).toContain('1 of 4 expectations met on 3 rows');
    // The warning-level failure is named too, though only the error-level ones fail the run:
    // 1 of the 3 ages (200) is outside [0, 120].
    expect(lines).toContain(
      'failed (warning): expect_column_values_to_be_between column "age" {"min_value":0,"max_value":120} — 33.33% unexpected (1)',
    );
    expect(lines).toContain('failed (error): expect_table_row_count_to_be_between {"min_value":10} — 3');
    const couldNotRun = lines.find((line) =>
      line.startsWith('could not run (error): expect_column_values_to_not_be_null column "height" — '),
    );
    expect(couldNotRun).toMatch(/height/);
    expect(lines).toContain('2 failed expectations fail the run (--fail-on error)');
  });
});

describe('in a workflow step, data printed by the CLI cannot start a workflow command', () => {
  const tsx = pathToFileURL(join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
  const main = join(repoRoot, 'packages/cli/src/main.ts');
  const cliInWorkflow = (dir: string, args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', tsx, main, ...args], {
      cwd: dir,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], GITHUB_ACTIONS: 'true' },
    }).catch((error: { stdout: string; stderr: string }) => error);

  const noCommands = (text: string) => {
    for (const line of text.split(/\r\n|\r|\n/)) {
      expect(line).not.toMatch(/^\s*::/);
      expect(line).not.toContain('##[');
    }
  };

  it(`escapes a column named ${JSON.stringify(INJECTED)} on stdout and stderr`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-injected-'));
    writeFileSync(join(dir, 'data.csv'), `"${INJECTED}",y\n1,"##[error]v"\n2,b\n`);
    writeFileSync(
      join(dir, 'suite.json'),
      JSON.stringify({
        expectation_suite_name: 's',
        expectations: [
          {
            expectation_type: 'expect_column_values_to_be_between',
            kwargs: { column: INJECTED, min_value: 5 },
          },
          {
            expectation_type: 'expect_column_values_to_be_in_set',
            kwargs: { column: 'y', value_set: ['b'] },
          },
        ],
      }),
    );
    // The suite inferred from the data, on stdout (YAML naming the column).
    const inferred = await cliInWorkflow(dir, ['validate', '--infer-from', 'data.csv']);
    expect(inferred.stdout).toContain('warning');
    noCommands(inferred.stdout);
    noCommands(inferred.stderr);
    // The profile, as JSON on stdout; then the failures, on stderr.
    const profiled = await cliInWorkflow(dir, ['profile', 'data.csv']);
    expect(profiled.stdout).toContain('injected');
    noCommands(profiled.stdout);
    const validated = await cliInWorkflow(dir, ['validate', 'data.csv', '--expectations', 'suite.json']);
    expect(validated.stderr).toContain(
      'failed (error): expect_column_values_to_be_between column "x\\n:\\:warning:\\:injected"',
    );
    noCommands(validated.stdout);
    noCommands(validated.stderr);
  }, 60_000);
});
