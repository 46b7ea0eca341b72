import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '@mlops-actions/cli';
import { captureIO } from '../support/cli';

function suite(regex: string): string {
  return JSON.stringify({
    expectation_suite_name: 'codes',
    expectations: [
      { expectation_type: 'expect_column_values_to_match_regex', kwargs: { column: 'code', regex } },
    ],
  });
}

describe('regex expectations run in linear time', () => {
  it('`^(a+)+$` against 20 cells that almost match takes milliseconds, not minutes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regex-'));
    // Each cell has 30 a's then a b: a backtracking engine tries 2^30 ways per cell.
    const cells = Array.from({ length: 20 }, (_, i) => `${'a'.repeat(30 + i)}b`);
    writeFileSync(join(dir, 'codes.csv'), `code\n${cells.join('\n')}\naaa\n`);
    writeFileSync(join(dir, 'suite.json'), suite('^(a+)+$'));
    const { cli, out } = captureIO(dir);
    const started = Date.now();
    const code = await runCli(
      ['validate', 'codes.csv', '--expectations', 'suite.json', '--report', 'report.json'],
      cli,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(code, out.stderr).toBe(1);
    const [result] = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).results;
    expect(result.result.unexpected_count).toBe(20);
    expect(result.result.element_count).toBe(21);
  });

  it("keeps Python's named groups, and says plainly when a suite needs a backreference", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regex-'));
    writeFileSync(join(dir, 'codes.csv'), 'code\nAB-12\nAB-1\n');
    writeFileSync(join(dir, 'named.json'), suite('^(?P<prefix>[A-Z]+)-\\d{2}$'));
    writeFileSync(join(dir, 'backref.json'), suite('^(a)\\1$'));
    const named = captureIO(dir);
    await runCli(
      ['validate', 'codes.csv', '--expectations', 'named.json', '--report', 'named-report.json'],
      named.cli,
    );
    expect(
      JSON.parse(readFileSync(join(dir, 'named-report.json'), 'utf8')).results[0].result.unexpected_count,
    ).toBe(1);
    const backref = captureIO(dir);
    await runCli(
      ['validate', 'codes.csv', '--expectations', 'backref.json', '--report', 'backref-report.json'],
      backref.cli,
    );
    const [refused] = JSON.parse(readFileSync(join(dir, 'backref-report.json'), 'utf8')).results;
    expect(refused.success).toBe(false);
    expect(refused.exception_info.exception_message).toMatch(
      /^kwargs\.regex uses a backreference or lookaround, which the linear-time engine \(RE2\) does not run: .* — rewrite it without them$/,
    );
  });
});
