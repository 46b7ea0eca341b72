import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnnotations, parseKeyValueFile } from '@mlops-actions/workflow-runner/workflow-commands';

// The parser is checked against what the real @actions/core writes, not against hand-made strings.
function runCore(script: string, outputFile: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env['PATH'] ?? '', GITHUB_OUTPUT: outputFile },
    encoding: 'utf8',
  });
}

describe('workflow command parsing', () => {
  it('reads annotations and outputs exactly as @actions/core wrote them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfc-'));
    const outputFile = join(dir, 'output');
    writeFileSync(outputFile, '');
    const stdout = runCore(
      `import * as core from '@actions/core';
       core.error('bad value, 100%: "x"\\nsecond line', { file: 'data/a,b.csv', startLine: 3, startColumn: 7, title: 'x:y' });
       core.warning('careful');
       core.setOutput('report', 'line1\\nline2=still');
       core.setOutput('count', 42);`,
      outputFile,
    );
    const annotations = parseAnnotations(stdout);
    expect(annotations).toEqual([
      {
        level: 'error',
        message: 'bad value, 100%: "x"\nsecond line',
        properties: { file: 'data/a,b.csv', line: '3', col: '7', title: 'x:y' },
      },
      { level: 'warning', message: 'careful', properties: {} },
    ]);
    expect(parseKeyValueFile(readFileSync(outputFile, 'utf8'))).toEqual({
      report: 'line1\nline2=still',
      count: '42',
    });
  });

  it('rejects an unterminated multi-line block', () => {
    expect(() => parseKeyValueFile('name<<EOF\nvalue\n')).toThrow(/unterminated/);
  });
});
