// One measured step of the data bench, run in its own process (bundled by run.mjs) so that its peak RSS
// is its own. Usage: node steps.js <profile|validate|drift> <csv> <rows> <work-dir>; the model bench's
// models come from `node steps.js model-files <parameters.json> <work-dir>`, the small-file steps' data from
// `node steps.js weather-files <work-dir>` (neither timed).
// Prints one line `BENCH_RESULT {"ms":…,"maxRssKiB":…,"note":…}`; the time covers the step's work only,
// not Node's start-up or module loading (DuckDB's step is timed the same way).
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { exportLinearModel } from '@mlops-actions/model';
import { driftBetweenProfiles, profileDataset, validateDataset } from '@mlops-actions/stats';
import type { ExpectationSuite } from '@mlops-actions/stats';
import { labelledWeather, toCsv } from '../demo/weather-data';

const [step, csv, rowsText, workDir] = process.argv.slice(2);
if (step === 'model-files') {
  await writeModelFiles(csv as string, rowsText as string);
  process.exit(0);
}
if (step === 'weather-files') {
  // The demo's data (about 2,900 labelled days × 8 columns): what a small repository trains and evaluates on.
  await writeFile(join(csv as string, 'weather.csv'), toCsv(labelledWeather()));
  process.exit(0);
}
if (!step || !csv || !rowsText || !workDir) throw new Error('usage: steps.js <step> <csv> <rows> <work-dir>');
const rows = Number(rowsText);
const referencePath = join(workDir, 'reference-profile.json');
/** profileDataset's default for a large plain CSV: one thread per core, at most 4 (the main thread and workers). */
const threads = Math.min(4, availableParallelism());

/** Ten expectations of the kinds a real suite mixes: table, cell-level (column map) and aggregate. */
function suite(): ExpectationSuite {
  const between = (column: string, min: unknown, max: unknown) => ({
    expectation_type: 'expect_column_values_to_be_between',
    kwargs: { column, min_value: min, max_value: max },
  });
  return {
    expectation_suite_name: 'bench',
    expectations: [
      { expectation_type: 'expect_table_row_count_to_equal', kwargs: { value: rows } },
      {
        expectation_type: 'expect_table_columns_to_match_ordered_list',
        kwargs: {
          column_list: ['id', 'user_id', 'age', 'quantity', 'amount', 'score', 'temperature'].concat([
            'country',
            'status',
            'signup_date',
            'comment',
          ]),
        },
      },
      { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'id' } },
      { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'amount', mostly: 0.9 } },
      between('age', 18, 90),
      between('signup_date', '2015-01-01', '2024-12-31'),
      {
        expectation_type: 'expect_column_values_to_be_in_set',
        kwargs: {
          column: 'country',
          value_set: 'US DE FR GB IN BR JP CN CA AU ES IT NL SE PL MX KR ZA NG AR'.split(' '),
        },
      },
      {
        expectation_type: 'expect_column_values_to_match_regex',
        kwargs: { column: 'comment', regex: '^[a-z]+ \\d{3}$' },
      },
      {
        expectation_type: 'expect_column_mean_to_be_between',
        kwargs: { column: 'score', min_value: 0.45, max_value: 0.55 },
      },
      {
        expectation_type: 'expect_column_distinct_values_to_be_in_set',
        kwargs: { column: 'status', value_set: ['active', 'trial', 'closed', 'new'] },
      },
    ],
  };
}

async function run(): Promise<{ ms: number; note: string }> {
  switch (step) {
    case 'profile': {
      const start = performance.now();
      const profile = await profileDataset(csv as string);
      const ms = performance.now() - start;
      // The drift step uses this profile as its reference (the "training data" profile).
      await writeFile(referencePath, JSON.stringify(profile));
      const kinds = [...profile.columns.values()].map((column) => column.kind[0]).join('');
      return {
        ms,
        note: `${profile.rows} rows; kinds ${kinds}; ${threads} threads (${threads - 1} worker(s))`,
      };
    }
    case 'validate': {
      const start = performance.now();
      const result = await validateDataset(csv as string, suite());
      const ms = performance.now() - start;
      const { successful_expectations: ok, evaluated_expectations: all } = result.statistics;
      return { ms, note: `${ok}/${all} expectations met` };
    }
    case 'drift': {
      // Timed as drift-check runs: read the reference, profile the current data binned like it, compare.
      const start = performance.now();
      const reference = JSON.parse(await readFile(referencePath, 'utf8'));
      const current = await profileDataset(csv as string, { reference });
      const report = driftBetweenProfiles(reference, current);
      const ms = performance.now() - start;
      return { ms, note: `${report.driftedColumns}/${report.testedColumns} columns drifted` };
    }
    default:
      throw new Error(`unknown step "${step}"`);
  }
}

/**
 * The model bench's ONNX files, as the built-in trainer exports them (one input per column): the
 * generating logistic model (candidate) and a copy with perturbed weights (baseline).
 */
async function writeModelFiles(parametersPath: string, dir: string): Promise<void> {
  const { columns, intercept } = JSON.parse(await readFile(parametersPath, 'utf8')) as {
    columns: { name: string; mean: number; std: number; weight: number }[];
    intercept: number;
  };
  const model = (shift: (weight: number, j: number) => number) =>
    exportLinearModel({
      task: 'binary',
      features: columns.map(({ name, mean, std }) => ({ kind: 'numeric', name, mean, std })),
      weights: Float64Array.from(columns, (c, j) => shift(c.weight, j)),
      intercepts: Float64Array.of(intercept),
      classes: [0, 1],
    });
  await writeFile(
    join(dir, 'model-candidate.onnx'),
    model((w) => w),
  );
  await writeFile(
    join(dir, 'model-baseline.onnx'),
    model((w, j) => (j % 3 === 0 ? w * 0.7 : w)),
  );
}

const { ms, note } = await run();
console.log(`BENCH_RESULT ${JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, note })}`);
