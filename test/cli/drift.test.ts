import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@mlops-actions/cli';
import { exportLinearModel } from '@mlops-actions/model';
import { ksTwoSample } from '@mlops-actions/stats';
import { repoRoot } from '../harness/run-action';
import { captureIO } from '../support/cli';
import { KIND_OF_DAY_MODEL, kindOfDayProbabilities, RAINY_DAY_MODEL, rainyDayScore } from '../support/models';

const run = promisify(execFile);

const io = (cwd: string) => captureIO(cwd);

/** Seattle's weather of one year as CSV lines (header first), optionally changed row by row. */
function year(y: number, change: (cells: string[]) => string[] = (cells) => cells): string {
  const [header = '', ...rows] = readFileSync(
    join(repoRoot, 'node_modules/vega-datasets/data/seattle-weather.csv'),
    'utf8',
  )
    .trim()
    .split('\n');
  const kept = rows.filter((row) => row.startsWith(`${y}-`)).map((row) => change(row.split(',')).join(','));
  return `${[header, ...kept].join('\n')}\n`;
}

describe('mlops-actions drift', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cli-drift-'));
    writeFileSync(join(dir, '2012.csv'), year(2012));
    writeFileSync(join(dir, '2015.csv'), year(2015));
    // The 2012 days 6 °C warmer.
    writeFileSync(
      join(dir, 'heatwave.csv'),
      year(2012, (cells) => cells.map((cell, i) => (i === 2 ? String(Number(cell) + 6) : cell))),
    );
    writeFileSync(
      join(dir, 'labelled.csv'),
      year(2012, (cells) => [...cells, cells[5] === 'rain' ? 'yes' : 'no']).replace(/^(.*)$/m, '$1,rain'),
    );
    writeFileSync(join(dir, 'rainy.onnx'), exportLinearModel(RAINY_DAY_MODEL, { numericType: 'double' }));
    // The reference predictions: the evaluation the evaluate command writes.
    const evaluation = io(dir);
    const code = await runCli(
      [
        'evaluate',
        '--model',
        'rainy.onnx',
        '--target',
        'rain',
        'labelled.csv',
        '--bootstrap',
        '0',
        '--output',
        'evaluation.json',
      ],
      evaluation.cli,
    );
    expect(code, evaluation.out.stderr).toBe(0);
    const { predictions, ...old } = JSON.parse(readFileSync(join(dir, 'evaluation.json'), 'utf8'));
    expect(predictions).toMatchObject({ output: 'score', positiveClass: 'yes' });
    writeFileSync(join(dir, 'evaluation-old.json'), JSON.stringify(old));
  }, 60_000);

  it('compares 2015 with 2012 column by column and writes the report', async () => {
    const { cli, out } = io(dir);
    expect(
      await runCli(
        ['drift', '--reference', '2012.csv', '--current', '2015.csv', '--report', 'drift.json'],
        cli,
      ),
    ).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'drift.json'), 'utf8'));
    expect(report).toMatchObject({
      schema: 'mlops-actions/drift-report',
      reference: { kind: 'data', paths: ['2012.csv'], rows: 366 },
      current: { paths: ['2015.csv'], rows: 365 },
      testedColumns: 5,
      datasetDrift: true,
    });
    expect(report.columns.find((c: { column: string }) => c.column === 'weather')).toMatchObject({
      method: 'chisquare',
      drifted: true,
    });
    expect(report.predictions).toBeUndefined();
    expect(out.stderr).toMatch(/data drift: \d of 5 columns drifted/);
  });

  it('takes a profile as reference, --tests overrides and --drift-share, and prints the report without --report', async () => {
    const { cli: profileCli } = io(dir);
    expect(await runCli(['profile', '2012.csv', '--output', 'profile-2012.json'], profileCli)).toBe(0);
    const { cli, out } = io(dir);
    const code = await runCli(
      [
        'drift',
        '--reference',
        'profile-2012.json',
        '2012.csv',
        '--tests',
        '{wind: {method: psi, threshold: 0.2}}',
        '--drift-share',
        '0.9',
      ],
      cli,
    );
    expect(code, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({ reference: { kind: 'profile' }, driftShare: 0.9, datasetDrift: false });
    expect(report.columns.find((c: { column: string }) => c.column === 'wind')).toMatchObject({
      method: 'psi',
      threshold: 0.2,
    });
  });

  it('with a model and its evaluation: prediction drift on heat-wave data, with the KS of the hand-computed scores', async () => {
    const { cli, out } = io(dir);
    const code = await runCli(
      [
        'drift',
        '--reference',
        '2012.csv',
        '--current',
        'heatwave.csv',
        '--model',
        'rainy.onnx',
        '--reference-predictions',
        'evaluation.json',
        '--report',
        'heat.json',
      ],
      cli,
    );
    expect(code, out.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'heat.json'), 'utf8'));
    const lines = (name: string) => readFileSync(join(dir, name), 'utf8').trim().split('\n').slice(1);
    const expected = ksTwoSample(
      lines('2012.csv').map(rainyDayScore),
      lines('heatwave.csv').map(rainyDayScore),
    );
    expect(report.predictions).toMatchObject({
      model: { path: 'rainy.onnx' },
      referenceSource: 'evaluation.json',
      tested: true,
      drifted: true,
      output: 'score',
      column: { method: 'ks' },
    });
    expect(report.predictions.column.statistic).toBeCloseTo(expected.statistic, 6);
    expect(report.predictions.column.pValue).toBeCloseTo(expected.pValue, 6);
    // One column (temp_max) of five moved: no data drift, reported apart from the predictions.
    expect(report.datasetDrift).toBe(false);
    expect(out.stderr).toMatch(/prediction drift \(score\): ks/);

    const same = io(dir);
    await runCli(
      [
        'drift',
        '--reference',
        '2012.csv',
        '2012.csv',
        '--model',
        'rainy.onnx',
        '--reference-predictions',
        'evaluation.json',
      ],
      same.cli,
    );
    expect(JSON.parse(same.out.stdout).predictions).toMatchObject({ tested: true, drifted: false });
  }, 60_000);

  it('a multiclass model: the predicted classes and each class’s probability, with the KS of hand-computed softmax', async () => {
    const label = (cells: string[]) => {
      const [dry, wet, cold] = kindOfDayProbabilities(cells.join(','));
      return dry >= wet && dry >= cold ? 'dry' : wet >= cold ? 'wet' : 'cold';
    };
    writeFileSync(
      join(dir, 'kinds.csv'),
      year(2012, (cells) => [...cells, label(cells)]).replace(/^(.*)$/m, '$1,kind'),
    );
    writeFileSync(join(dir, 'kinds.onnx'), exportLinearModel(KIND_OF_DAY_MODEL, { numericType: 'double' }));
    const evaluate = io(dir);
    expect(
      await runCli(
        [
          'evaluate',
          '--model',
          'kinds.onnx',
          '--target',
          'kind',
          'kinds.csv',
          '--bootstrap',
          '0',
          '--output',
          'kinds-evaluation.json',
        ],
        evaluate.cli,
      ),
      evaluate.out.stderr,
    ).toBe(0);
    const evaluation = JSON.parse(readFileSync(join(dir, 'kinds-evaluation.json'), 'utf8'));
    expect(evaluation.predictions).toMatchObject({ output: 'class', classes: ['dry', 'wet', 'cold'] });
    expect(evaluation.predictions.probabilities).toHaveLength(3);

    const { cli, out } = io(dir);
    const code = await runCli(
      [
        'drift',
        '--reference',
        '2012.csv',
        '--current',
        'heatwave.csv',
        '--model',
        'kinds.onnx',
        '--reference-predictions',
        'kinds-evaluation.json',
        '--report',
        'kinds-drift.json',
      ],
      cli,
    );
    expect(code, out.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'kinds-drift.json'), 'utf8'));
    const probabilities = (name: string) =>
      readFileSync(join(dir, name), 'utf8').trim().split('\n').slice(1).map(kindOfDayProbabilities);
    const reference = probabilities('2012.csv');
    const current = probabilities('heatwave.csv');
    expect(report.predictions).toMatchObject({
      tested: true,
      output: 'class',
      column: { column: 'prediction' },
    });
    const tested = report.predictions.probabilities as {
      column: string;
      method: string;
      statistic: number;
      pValue: number;
      drifted: boolean;
    }[];
    expect(tested.map((column) => column.column)).toEqual([
      'probability[dry]',
      'probability[wet]',
      'probability[cold]',
    ]);
    tested.forEach((column, k) => {
      const expected = ksTwoSample(
        reference.map((row) => row[k]!),
        current.map((row) => row[k]!),
      );
      expect(column.method).toBe('ks');
      expect(column.statistic).toBeCloseTo(expected.statistic, 6);
      expect(column.pValue).toBeCloseTo(expected.pValue, 6);
      expect(column.drifted).toBe(expected.pValue < 0.05);
    });
    // 6 °C warmer days: far fewer cold ones, so the probability of "cold" moves.
    expect(tested[2]!.drifted).toBe(true);
    expect(report.predictions.drifted).toBe(true);
    expect(out.stderr).toMatch(/class probabilities: .*probability\[cold\].* drifted/);
  }, 60_000);

  it('an evaluation without predictions: said, not a failure', async () => {
    const { cli, out } = io(dir);
    const code = await runCli(
      [
        'drift',
        '--reference',
        '2012.csv',
        'heatwave.csv',
        '--model',
        'rainy.onnx',
        '--reference-predictions',
        'evaluation-old.json',
      ],
      cli,
    );
    expect(code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout).predictions).toMatchObject({ tested: false, drifted: false });
    expect(out.stderr).toMatch(/prediction drift not checked: evaluation-old\.json records no predictions/);
  });

  it('explains its flags, and a call without current data is a usage error', async () => {
    const help = io(dir);
    expect(await runCli(['drift', '--help'], help.cli)).toBe(0);
    expect(help.out.stdout).toMatch(/^Usage: mlops-actions drift --reference/);
    expect(help.out.stdout).toContain('--reference-predictions FILE');
    const missing = io(dir);
    expect(await runCli(['drift', '--reference', '2012.csv'], missing.cli)).toBe(2);
    expect(missing.out.stderr).toMatch(
      /a reference \(--reference, or --model-name .*\) and current data .* are required/,
    );
    const badShare = io(dir);
    expect(
      await runCli(['drift', '--reference', '2012.csv', '2015.csv', '--drift-share', '2'], badShare.cli),
    ).toBe(2);
    const badTest = io(dir);
    expect(
      await runCli(
        ['drift', '--reference', '2012.csv', '2015.csv', '--tests', '{humidity: {method: psi}}'],
        badTest.cli,
      ),
    ).toBe(1);
    expect(badTest.out.stderr).toMatch(/tests\.humidity: no column "humidity"/);
  });

  it('is listed by the bundled bin', async () => {
    const build = mkdtempSync(join(tmpdir(), 'cli-bin-'));
    await run(process.execPath, [join(repoRoot, 'scripts/build-cli.mjs'), build]);
    const { stdout } = await run(process.execPath, [join(build, 'index.js'), '--help']);
    expect(stdout).toMatch(/ {2}drift +drift --reference/);
  }, 120_000);
});
