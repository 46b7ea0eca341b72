import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@mlops-actions/emulator';
import { runAction } from '../harness/run-action';
import { PROTOTYPE_NAMES, prototypeColumnsCsv } from '../support/prototype-columns';

// Columns named like every member of Object.prototype, through every action that reads columns,
// as the runner runs their built dist/: they must be columns like any other.
const NAMES = PROTOTYPE_NAMES;
const csv = prototypeColumnsCsv;
const TARGET = 'valueOf';

describe('every action takes columns named like Object.prototype members', () => {
  let emulator: Emulator;
  let workspace: string;

  beforeAll(async () => {
    emulator = await startEmulator({ results: true });
    workspace = mkdtempSync(join(tmpdir(), 'proto-actions-'));
    writeFileSync(join(workspace, 'reference.csv'), csv(90, 0));
    writeFileSync(join(workspace, 'current.csv'), csv(90, 0));
    writeFileSync(join(workspace, 'shifted.csv'), csv(90, 9));
  });
  afterAll(() => emulator.close());

  it(`profile-data keeps all ${NAMES.length} of them, __proto__ included`, async () => {
    const result = await runAction('profile-data', {
      workspace,
      inputs: { data: 'reference.csv', output: 'profile.json' },
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const profile = JSON.parse(readFileSync(join(workspace, 'profile.json'), 'utf8'));
    expect(Object.keys(profile.columns)).toEqual(NAMES);
    expect(profile.columns.constructor.kind).toBe('categorical');
    expect(profile.columns.__defineGetter__.kind).toBe('numeric');
    expect(profile.columns.__defineGetter__.summary.max).toBe(12);
  });

  it('validate-data infers a suite over every one of them and checks the data with it', async () => {
    const result = await runAction('validate-data', {
      workspace,
      inputs: {
        data: 'current.csv',
        'infer-from': 'reference.csv',
        'write-expectations': 'suite.json',
        report: 'validation.json',
      },
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(workspace, 'validation.json'), 'utf8'));
    expect(report.success).toBe(true);
    const checked = new Set(
      report.results.map(
        (r: { expectation_config: { kwargs: { column?: string } } }) => r.expectation_config.kwargs.column,
      ),
    );
    for (const name of NAMES) expect(checked.has(name), name).toBe(true);
  });

  it('train fits on them and evaluate scores the model by those names', async () => {
    const trained = await runAction('train', {
      emulator,
      workspace,
      runId: 71,
      inputs: {
        'model-name': 'proto',
        run: '',
        data: 'reference.csv',
        target: TARGET,
        params: '',
        'model-path': 'proto.onnx',
        'cache-key': 'false',
        'upload-artifact': 'false',
      },
    });
    expect(trained.exitCode, trained.stdout + trained.stderr).toBe(0);
    const record = JSON.parse(readFileSync(join(workspace, trained.outputs['run-record']!), 'utf8'));
    expect(record.model.inputs.map((input: { name: string }) => input.name)).toEqual(
      NAMES.filter((name) => name !== TARGET),
    );

    const evaluated = await runAction('evaluate', {
      workspace,
      inputs: {
        model: 'proto.onnx',
        data: 'reference.csv',
        target: TARGET,
        bootstrap: '0',
        output: 'evaluation.json',
      },
      timeoutMs: 180_000,
    });
    expect(evaluated.exitCode, evaluated.stdout + evaluated.stderr).toBe(0);
    const evaluation = JSON.parse(readFileSync(join(workspace, 'evaluation.json'), 'utf8'));
    expect(evaluation.rows).toBe(90);
    expect(Object.keys(evaluation.metrics).length).toBeGreaterThan(0);
  }, 180_000);

  it('drift-check tests every one of them, with overrides by those names, and finds the shifted ones', async () => {
    const run = (current: string) =>
      runAction('drift-check', {
        emulator,
        workspace,
        inputs: {
          'model-name': 'proto',
          reference: 'reference.csv',
          current,
          tests: '{constructor: {method: psi}, __proto__: {method: jensenshannon}}',
          'open-pr': 'false',
          report: `drift-${current}.json`,
        },
      });
    const same = await run('current.csv');
    expect(same.exitCode, same.stdout + same.stderr).toBe(0);
    expect(same.outputs['drifted']).toBe('false');
    const report = JSON.parse(readFileSync(join(workspace, 'drift-current.csv.json'), 'utf8'));
    expect(report.columns.map((c: { column: string }) => c.column)).toEqual(NAMES);
    const method = (name: string) => report.columns.find((c: { column: string }) => c.column === name).method;
    expect(method('constructor')).toBe('psi');
    expect(method('__proto__')).toBe('jensenshannon');
    expect(method('toString')).toBe('chisquare');

    const shifted = await run('shifted.csv');
    expect(shifted.outputs['drifted']).toBe('true');
    const moved = JSON.parse(readFileSync(join(workspace, 'drift-shifted.csv.json'), 'utf8'));
    const drifted = moved.columns
      .filter((c: { drifted: boolean }) => c.drifted)
      .map((c: { column: string }) => c.column);
    // Exactly the numeric (odd) columns moved.
    expect(drifted).toEqual(NAMES.filter((_, j) => j % 2 === 1));
  });
});

describe('an unusable reference fails closed in the actions, naming the file', () => {
  it('validate-data refuses to infer a suite from a file with no rows', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'empty-infer-'));
    writeFileSync(join(workspace, 'current.csv'), 'x\n1\n2\n');
    writeFileSync(join(workspace, 'empty.json'), '{}\n');
    const result = await runAction('validate-data', {
      workspace,
      inputs: { data: 'current.csv', 'infer-from': 'empty.json' },
    });
    expect(result.exitCode).toBe(1);
    expect(result.annotations[0]?.message).toContain('empty.json: the reference has no columns');
    expect(result.outputs['success']).not.toBe('true');
  });
});
