import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@mlops-actions/cli';
import { exportLinearModel } from '@mlops-actions/model';
import { repoRoot } from '../harness/run-action';
import { captureIO } from '../support/cli';

const run = promisify(execFile);

const io = (cwd: string) => captureIO(cwd);

describe('mlops-actions profile and evaluate', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-'));
    // y = 1 when x > 0: a model with weight 4 on standardized x separates the rows it is given.
    writeFileSync(join(dir, 'test.csv'), 'x,y\n-2,0\n-1,0\n-0.5,0\n0.5,1\n1,1\n2,1\n0.2,0\n');
    writeFileSync(
      join(dir, 'model.onnx'),
      exportLinearModel({
        task: 'binary',
        features: [{ kind: 'numeric', name: 'x', mean: 0, std: 1 }],
        weights: Float64Array.from([4]),
        intercepts: Float64Array.from([0]),
        classes: ['0', '1'],
      }),
    );
  });

  it('profiles files given as arguments into --output', async () => {
    const { cli, out } = io(dir);
    expect(
      await runCli(['profile', 'test.csv', '--output', 'profile.json', '--summary', 'profile.md'], cli),
    ).toBe(0);
    // The job summary's table: x = −2, −1, −0.5, 0.5, 1, 2, 0.2 has min −2, median 0.2, max 2.
    expect(readFileSync(join(dir, 'profile.md'), 'utf8')).toMatch(
      /\| x +\| numeric \| 0 % +\| ≈ 7 +\| -2 +\| 0\.2 +\| 2 +\|/,
    );
    const profile = JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8'));
    expect(profile.rows).toBe(7);
    expect(profile.columns.x.summary.mean).toBeCloseTo((-2 - 1 - 0.5 + 0.5 + 1 + 2 + 0.2) / 7, 12);
    expect(out.stderr).toContain('profiled 7 rows');
  });

  it('evaluates a model with the metrics a hand count gives, and fails on a gate', async () => {
    const { cli } = io(dir);
    // Predictions p(x) = σ(4x): rows x > 0 predicted 1; the row (0.2, 0) is the one mistake → accuracy 6/7.
    const code = await runCli(
      [
        'evaluate',
        '--model',
        'model.onnx',
        '--target',
        'y',
        'test.csv',
        '--metrics',
        'accuracy,roc_auc',
        '--output',
        'ev.json',
        '--thresholds',
        '{accuracy: {min: 0.9}}',
      ],
      cli,
    );
    expect(code).toBe(1);
    const evaluation = JSON.parse(readFileSync(join(dir, 'ev.json'), 'utf8'));
    expect(evaluation.metrics[0]).toMatchObject({ name: 'accuracy' });
    expect(evaluation.metrics[0].candidate).toBeCloseTo(6 / 7, 12);
    // AUC: every positive (x = 0.5, 1, 2) scores above every negative (x = −2, −1, −0.5, 0.2): 12 of 12 pairs.
    expect(evaluation.metrics[1].candidate).toBeCloseTo(1, 12);
    expect(evaluation.gates[0]).toMatchObject({ metric: 'accuracy', passed: false });
  });

  it('a row the model cannot score is an error at its file and line, naming the missing input', async () => {
    // The fourth data row (line 5) has no x: the model's output there is NaN.
    writeFileSync(join(dir, 'gappy.csv'), 'x,y\n-2,0\n-1,0\n0.5,1\n,1\n2,1\n');
    const { cli, out } = io(dir);
    const code = await runCli(['evaluate', '--model', 'model.onnx', '--target', 'y', 'gappy.csv'], cli);
    expect(code).toBe(1);
    expect(out.stderr).toMatch(
      /gappy\.csv:5:1: \S*model\.onnx gives no finite output for this row \(output "probabilities" is NaN\); its x is missing — /,
    );
    expect(out.stderr).toMatch(/the model cannot score missing values: fill them/);
  });

  it('trains with the built-in trainer, records the run, and the model evaluates', async () => {
    const { cli, out } = io(dir);
    copyFileSync(
      join(repoRoot, 'node_modules/vega-datasets/data/seattle-weather.csv'),
      join(dir, 'weather.csv'),
    );
    const code = await runCli(
      [
        'train',
        '--model-name',
        'weather',
        'weather.csv',
        '--target',
        'weather',
        '--features',
        'precipitation,temp_max,temp_min,wind',
        '--model-path',
        'weather.onnx',
      ],
      cli,
    );
    expect(code, out.stderr).toBe(0);
    const record = JSON.parse(readFileSync(join(dir, '.mlops/train/run.json'), 'utf8'));
    expect(record).toMatchObject({
      schema: 'mlops-actions/run',
      modelName: 'weather',
      data: [{ path: 'weather.csv', rows: 1461 }],
    });
    expect(record.command).toMatch(/^built-in softmax regression/);
    expect(JSON.parse(out.stdout).validation.accuracy).toBeGreaterThan(0.5);

    const evaluation = io(dir);
    expect(
      await runCli(
        ['evaluate', '--model', 'weather.onnx', '--target', 'weather', 'weather.csv', '--bootstrap', '0'],
        evaluation.cli,
      ),
    ).toBe(0);
    expect(JSON.parse(evaluation.out.stdout)).toMatchObject({ task: 'multiclass', rows: 1461 });
  }, 60_000);

  it('validates data against a suite and exits 1 on a failed expectation; infers a suite', async () => {
    writeFileSync(
      join(dir, 'suite.yml'),
      'expectations:\n  - expectation_type: expect_column_values_to_be_between\n    kwargs: {column: x, min_value: -1, max_value: 1}\n  - expectation_type: expect_table_row_count_to_equal\n    kwargs: {value: 7}\n',
    );
    const failing = io(dir);
    expect(
      await runCli(
        [
          'validate',
          'test.csv',
          '--expectations',
          'suite.yml',
          '--report',
          'report.json',
          '--summary',
          'report.md',
        ],
        failing.cli,
      ),
    ).toBe(1);
    // The job summary's Markdown, as validate-data writes it: the verdict and a row per expectation.
    const summary = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(summary).toContain('❌ 1 of 2 expectations failed — 7 rows in 1 file.');
    // 2 of 7 cells unexpected: 28.57 %. Names and numbers are escaped for Markdown.
    expect(summary).toContain(
      '| expect\\_column\\_values\\_to\\_be\\_between | x | ❌ failed | 28\\.57% unexpected \\(2\\) |',
    );
    expect(summary).toContain('| expect\\_table\\_row\\_count\\_to\\_equal |  | ✅ passed | 7 |');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    // x = −2 and 2 are outside [−1, 1]: 2 of 7 unexpected; the row count holds.
    expect(report.results.map((r: { success: boolean }) => r.success)).toEqual([false, true]);
    expect(report.results[0].result.unexpected_count).toBe(2);
    expect(failing.out.stderr).toContain('1 of 2 expectations met on 7 rows');

    const inferred = io(dir);
    expect(
      await runCli(
        ['validate', '--infer-from', 'test.csv', '--write-expectations', 'inferred.yml', 'test.csv'],
        inferred.cli,
      ),
    ).toBe(0);
    expect(readFileSync(join(dir, 'inferred.yml'), 'utf8')).toContain('expect_table_columns_to_match_set');
  });

  it('runs as a bundled bin, fetching onnxruntime when it is not installed beside it', async () => {
    const build = mkdtempSync(join(tmpdir(), 'cli-bin-'));
    await run(process.execPath, [join(repoRoot, 'scripts/build-cli.mjs'), build]);
    const cache = mkdtempSync(join(tmpdir(), 'cli-cache-'));
    const { stdout, stderr } = await run(
      process.execPath,
      [
        join(build, 'index.js'),
        'evaluate',
        '--model',
        'model.onnx',
        '--target',
        'y',
        '--data',
        'test.csv',
        '--bootstrap',
        '0',
      ],
      { cwd: dir, env: { ...process.env, MLOPS_ACTIONS_CACHE: cache } },
    );
    expect(stderr).toMatch(/onnxruntime-node 1\.30\.0 for .* installed in/);
    expect(JSON.parse(stdout).rows).toBe(7);
  }, 120_000);
});

describe('withoutCredentials', () => {
  it('drops a token from a git remote URL and keeps where it points', async () => {
    const { withoutCredentials } = await import('../../packages/cli/src/commands/train');
    expect(withoutCredentials('https://user:ghp_secret@github.com/o/r.git')).toBe(
      'https://github.com/o/r.git',
    );
    expect(withoutCredentials('https://x-access-token:abc@github.example.com/o/r')).toBe(
      'https://github.example.com/o/r',
    );
    expect(withoutCredentials('git@github.com:o/r.git')).toBe('github.com:o/r.git');
  });
});
