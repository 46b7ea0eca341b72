import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  evaluateCondition,
  evaluateExpression,
  globToRegExp,
  hashFiles,
  interpolate,
  matchesAny,
  type EvaluationScope,
} from '@mlops-actions/workflow-runner';

const scope: EvaluationScope = {
  contexts: {
    github: {
      event_name: 'pull_request',
      event: { pull_request: { number: 7, labels: [{ name: 'Retrain' }] } },
    },
    inputs: { model: '', version: 'v2' },
    steps: { evaluate: { outputs: { passed: 'false', 'run-record': 'run.json' }, outcome: 'success' } },
    env: { MODEL: 'rain' },
  },
};
const value = (source: string) => evaluateExpression(source, scope);

// Expected values follow docs.github.com, "Evaluate expressions in workflows and actions".
describe('expressions', () => {
  it('reads contexts, case-insensitively, and gives null for what is missing', () => {
    expect(value('github.event.pull_request.number')).toBe(7);
    expect(value("GitHub.Event['pull_request'].NUMBER")).toBe(7);
    expect(value('github.event.pull_request.labels[0].name')).toBe('Retrain');
    expect(value('github.event.pull_request.labels.*.name')).toEqual(['Retrain']);
    expect(value('steps.evaluate.outputs.run-record')).toBe('run.json');
    expect(value('github.event.issue.number')).toBeNull();
  });

  it('yields operands from && and || as the docs show', () => {
    expect(value("inputs.model || 'churn'")).toBe('churn');
    expect(value("inputs.version || 'latest'")).toBe('v2');
    expect(value("env.MODEL && 'set'")).toBe('set');
    expect(value("inputs.model && 'set'")).toBe('');
    expect(value('!inputs.model')).toBe(true);
  });

  it('compares loosely: strings ignoring case, mixed types as numbers', () => {
    expect(value("'Rain' == 'rain'")).toBe(true);
    expect(value("steps.evaluate.outputs.passed != 'true'")).toBe(true);
    expect(value("'' == 0")).toBe(true);
    expect(value('null == 0')).toBe(true);
    expect(value("'3' == 3")).toBe(true);
    expect(value("'abc' == 0")).toBe(false); // NaN is equal to nothing
    expect(value('true == 1')).toBe(true);
    expect(value('0x10 > 15')).toBe(true);
    expect(value("1.5e1 >= '15'")).toBe(true);
  });

  it('has the documented functions', () => {
    expect(value("contains('Hello world', 'WORLD')")).toBe(true);
    expect(value('contains(fromJSON(\'["a","b"]\'), \'B\')')).toBe(true);
    expect(value("startsWith('refs/heads/main', 'refs/heads/')")).toBe(true);
    expect(value("endsWith('model.ONNX', '.onnx')")).toBe(true);
    expect(value("format('{0} v{1} {{x}}', env.MODEL, 2)")).toBe('rain v2 {x}');
    expect(value("join(fromJSON('[1,2,3]'), '-')")).toBe('1-2-3');
    expect(value('fromJSON(\'{"a": [true]}\').a[0]')).toBe(true);
    expect(value("toJSON(fromJSON('[1]'))")).toBe('[\n  1\n]');
  });

  it('interpolates templates and prints values as GitHub does', () => {
    expect(
      interpolate("model-${{ github.event.pull_request.number }}-${{ inputs.model || 'churn' }}", scope),
    ).toBe('model-7-churn');
    expect(interpolate('${{ github.event.issue.number }}', scope)).toBe('');
    expect(interpolate("${{ 1 == 1 }} ${{ fromJSON('{}') }}", scope)).toBe('true Object');
  });

  it('wraps if: in success() unless a status function is used', () => {
    const at = (status: 'success' | 'failure') => ({ ...scope, status });
    expect(evaluateCondition("steps.evaluate.outputs.passed != 'true'", at('success'))).toBe(true);
    expect(evaluateCondition("${{ steps.evaluate.outputs.passed != 'true' }}", at('failure'))).toBe(false);
    expect(evaluateCondition('failure()', at('failure'))).toBe(true);
    expect(evaluateCondition("always() && env.MODEL == 'rain'", at('failure'))).toBe(true);
    expect(evaluateCondition(undefined, at('failure'))).toBe(false);
  });

  it('refuses what it does not support, naming the expression', () => {
    expect(() => value('vars.X')).toThrow(/Unrecognized named-value: 'vars' in expression `vars.X`/);
    expect(() => value("lower('A')")).toThrow(/Unrecognized function: 'lower' in expression/);
    expect(() => value("'open")).toThrow(/Unexpected symbol: ''open'/);
    expect(() => value('success()')).toThrow(/only allowed in if:/);
    expect(() => evaluateCondition("x ${{ 'a' }}", { ...scope, status: 'success' })).toThrow(
      /one expression/,
    );
  });
});

describe('globs and hashFiles', () => {
  it('matches like workflow path filters', () => {
    expect(globToRegExp('data/**').test('data/a/b.csv')).toBe(true);
    expect(globToRegExp('data/*.csv').test('data/a/b.csv')).toBe(false);
    expect(globToRegExp('**/*.yml').test('x.yml')).toBe(true);
    expect(matchesAny('data/tmp.csv', ['data/**', '!data/tmp.csv'])).toBe(false);
    expect(matchesAny('data/train.csv', ['data/**', '!data/tmp.csv'])).toBe(true);
    expect(matchesAny('v1.10.0', ['v[0-9]+.[0-9]+.[0-9]+'])).toBe(true);
    expect(matchesAny('v1', ['v[0-9]+.[0-9]+.[0-9]+'])).toBe(false);
    expect(matchesAny('v1.2.x', ['v[0-9]+.[0-9]+.[0-9]+'])).toBe(false);
  });

  it('hashes files as the runner does (checked against sha256sum)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hashfiles-'));
    mkdirSync(join(dir, 'train', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'train', 'params.yml'), 'l2: 1\n');
    writeFileSync(join(dir, 'train', 'sub', 'code.py'), 'print(1)\n');
    writeFileSync(join(dir, 'other.txt'), 'x');
    // sha256 over the binary sha256 of each file, in path order, with coreutils.
    const expected = execFileSync(
      'bash',
      [
        '-c',
        'for f in train/params.yml train/sub/code.py; do sha256sum "$f" | cut -c1-64 | xxd -r -p; done | sha256sum | cut -c1-64',
      ],
      { cwd: dir, encoding: 'utf8' },
    ).trim();
    expect(hashFiles(dir, ['train/**'])).toBe(expected);
    expect(hashFiles(dir, ['nothing/**'])).toBe('');
  });
});
