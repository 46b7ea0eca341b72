import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@mlops-actions/cli';
import {
  parseDriftReport,
  parseRunRecord,
  serializeDriftReport,
  serializeRunRecord,
} from '@mlops-actions/model';
import { buildLineage, parseLineage } from '@mlops-actions/registry';
import {
  DatasetProfile,
  parseEvaluation,
  parseValidationResult,
  serializeValidationResult,
} from '@mlops-actions/stats';
import { inYears, labelledWeather, toCsv } from '../demo/weather-data';
import { repoRoot } from './harness/run-action';
import { captureIO } from './support/cli';

// Every file format has a JSON Schema in schemas/; the files written here are the ones the demo's
// workflows write (train, profile-data, evaluate, register-model, drift-check, validate-data), made
// in-process by the CLI on the demo's weather data through the same owners.
const schemasDir = join(repoRoot, 'schemas');
const FORMATS = ['run', 'profile', 'evaluation', 'lineage', 'drift-report', 'validation-result'] as const;
type Format = (typeof FORMATS)[number];

function compileSchemas(): Record<Format, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  for (const file of readdirSync(schemasDir))
    ajv.addSchema(JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as object);
  const byFormat = {} as Record<Format, ValidateFunction>;
  for (const format of FORMATS) {
    const schema = JSON.parse(readFileSync(join(schemasDir, `${format}.schema.json`), 'utf8')) as {
      $id: string;
    };
    byFormat[format] = ajv.getSchema(schema.$id)!;
  }
  return byFormat;
}

function expectValid(validate: ValidateFunction, document: unknown): void {
  const valid = validate(document);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(valid).toBe(true);
}

describe('file formats and their JSON Schemas', () => {
  let dir: string;
  let schemas: Record<Format, ValidateFunction>;
  const text = (name: string) => readFileSync(join(dir, name), 'utf8');

  beforeAll(async () => {
    schemas = compileSchemas();
    dir = mkdtempSync(join(tmpdir(), 'schemas-'));
    const days = labelledWeather();
    writeFileSync(join(dir, 'train.csv'), toCsv(days.filter(inYears(2012))));
    writeFileSync(join(dir, 'test.csv'), toCsv(days.filter(inYears(2013))));
    writeFileSync(join(dir, 'current.csv'), toCsv(days.filter(inYears(2015))));
    const cli = async (args: string[]) => {
      const { cli: io, out } = captureIO(dir);
      const code = await runCli(args, io);
      expect(code, `mlops-actions ${args.join(' ')}\n${out.stderr}`).toBe(0);
    };
    const features = ['--features', 'precipitation,temp_max,temp_min,wind'];
    await cli([
      'train',
      '--model-name',
      'rain-tomorrow',
      'train.csv',
      '--target',
      'rain_tomorrow',
      ...features,
    ]);
    await cli(['profile', 'train.csv', '--output', 'profile.json']);
    await cli([
      'evaluate',
      '--model',
      'model.onnx',
      '--baseline',
      'model.onnx',
      '--target',
      'rain_tomorrow',
      'test.csv',
      ...features,
      '--thresholds',
      '{roc_auc: {min: 0.5}}',
      '--slices',
      'location',
      '--bootstrap',
      '100',
      '--output',
      'evaluation.json',
    ]);
    await cli([
      'drift',
      '--reference',
      'profile.json',
      '--current',
      'current.csv',
      '--model',
      'model.onnx',
      '--reference-predictions',
      'evaluation.json',
      ...features,
      '--report',
      'drift.json',
    ]);
    await cli([
      'validate',
      'test.csv',
      '--expectations',
      join(repoRoot, 'demo/repository/expectations.yml'),
      '--report',
      'validation.json',
      '--fail-on',
      'never',
    ]);
    // register-model's lineage, from run.json and evaluation.json as their owners read them.
    const digest = (name: string) => {
      const bytes = readFileSync(join(dir, name));
      return { name, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    };
    const lineage = buildLineage(
      { modelName: 'rain-tomorrow', version: 2, tag: 'rain-tomorrow@v2' },
      {
        assets: [digest('model.onnx'), digest('profile.json'), digest('evaluation.json')],
        code: {
          repository: 'acme/weather-ml',
          sha: 'c'.repeat(40),
          ref: 'refs/heads/main',
          workflow: 'register',
          runId: 7,
          runAttempt: 1,
          actor: 'ml-lead',
          runUrl: 'https://github.com/acme/weather-ml/actions/runs/7',
          commitUrl: `https://github.com/acme/weather-ml/commit/${'c'.repeat(40)}`,
        },
        runRecord: parseRunRecord(text('.mlops/train/run.json'), 'run.json'),
        evaluation: parseEvaluation(text('evaluation.json'), 'evaluation.json'),
        createdAt: new Date('2026-01-02T03:04:05Z'),
      },
    );
    writeFileSync(join(dir, 'lineage.json'), `${JSON.stringify(lineage, null, 2)}\n`);
  }, 120_000);

  it('publishes one draft 2020-12 schema per format, and nothing else', () => {
    expect(readdirSync(schemasDir).sort()).toEqual(FORMATS.map((format) => `${format}.schema.json`).sort());
    for (const format of FORMATS) {
      const schema = JSON.parse(readFileSync(join(schemasDir, `${format}.schema.json`), 'utf8'));
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
  });

  it.each([
    ['run', '.mlops/train/run.json'],
    ['profile', 'profile.json'],
    ['profile', '.mlops/train/profile.json'],
    ['evaluation', 'evaluation.json'],
    ['lineage', 'lineage.json'],
    ['drift-report', 'drift.json'],
    ['validation-result', 'validation.json'],
  ] as const)('%s: %s validates against its schema', (format, file) => {
    expectValid(schemas[format], JSON.parse(text(file)));
  });

  it('the files really carry what the schemas make optional (the demo exercises them)', () => {
    const evaluation = JSON.parse(text('evaluation.json'));
    expect(evaluation).toHaveProperty('pairedTest');
    expect(evaluation).toHaveProperty('predictions.profile.quantiles');
    expect(evaluation.metrics[0]).toHaveProperty('interval');
    expect(evaluation.slices.length).toBeGreaterThan(0);
    const lineage = JSON.parse(text('lineage.json'));
    expect(lineage).toHaveProperty('run.startedAt');
    expect(lineage).toHaveProperty('evaluation.passed', true);
    expect(lineage.data).toHaveLength(1);
    expect(JSON.parse(text('drift.json'))).toHaveProperty('predictions.tested', true);
  });

  it('rejects documents that break the contract', () => {
    const evaluation = JSON.parse(text('evaluation.json'));
    expect(schemas.evaluation({ ...evaluation, task: 'clustering' })).toBe(false);
    expect(schemas.evaluation({ ...evaluation, schemaVersion: 2 })).toBe(false);
    const run = JSON.parse(text('.mlops/train/run.json'));
    expect(schemas.run({ ...run, model: { ...run.model, sha256: 'not hex' } })).toBe(false);
    const drift = JSON.parse(text('drift.json'));
    expect(schemas['drift-report']({ ...drift, columns: [{ column: 'x' }] })).toBe(false);
    const validation = JSON.parse(text('validation.json'));
    expect(schemas['validation-result']({ ...validation, meta: { ...validation.meta, rows: -1 } })).toBe(
      false,
    );
  });

  it('reads back what it writes, byte for byte, through each owner', () => {
    expect(serializeRunRecord(parseRunRecord(text('.mlops/train/run.json'), 'run.json'))).toBe(
      text('.mlops/train/run.json'),
    );
    expect(serializeDriftReport(parseDriftReport(text('drift.json'), 'drift.json'))).toBe(text('drift.json'));
    expect(serializeValidationResult(parseValidationResult(text('validation.json'), 'v.json'))).toBe(
      text('validation.json'),
    );
    expect(parseEvaluation(text('evaluation.json'), 'e.json')).toEqual(JSON.parse(text('evaluation.json')));
    expect(parseLineage(text('lineage.json'), 'l.json')).toEqual(JSON.parse(text('lineage.json')));
    const profile = JSON.parse(text('profile.json'));
    expect(DatasetProfile.fromJSON(profile).toJSON()).toEqual(profile);
  });

  it('reads the unversioned forms as version 1 and refuses a newer version, naming the file', () => {
    const {
      schema: _schema,
      schemaVersion: _version,
      ...unversionedRun
    } = JSON.parse(text('.mlops/train/run.json'));
    expect(parseRunRecord(JSON.stringify(unversionedRun), 'old/run.json')).toMatchObject({
      schema: 'mlops-actions/run',
      schemaVersion: 1,
      params: unversionedRun.params,
    });
    expect(() =>
      parseRunRecord(JSON.stringify({ ...unversionedRun, schemaVersion: 2 }), 'new/run.json'),
    ).toThrow(/^new\/run\.json: run record schema version 2/);
    const validation = JSON.parse(text('validation.json'));
    const { schema: _s, schemaVersion: _v, ...unversionedMeta } = validation.meta;
    const old = parseValidationResult(JSON.stringify({ ...validation, meta: unversionedMeta }), 'old.json');
    expect(old.meta).toMatchObject({ schema: 'mlops-actions/validation-result', schemaVersion: 1 });
    expectValid(schemas['validation-result'], old);
    expect(() =>
      parseValidationResult(
        JSON.stringify({ ...validation, meta: { ...validation.meta, schemaVersion: 2 } }),
        'new.json',
      ),
    ).toThrow(/^new\.json: validation result schema version 2/);
    const drift = JSON.parse(text('drift.json'));
    expect(() => parseDriftReport(JSON.stringify({ ...drift, schemaVersion: 2 }), 'd.json')).toThrow(
      /^d\.json: drift report schema version 2/,
    );
  });
});
