// `npm run bench`: the data bench (our profile, validate and drift-check against DuckDB on one generated
// CSV), the model bench (our evaluate and built-in train against pandas + scikit-learn and a bare
// onnxruntime loop on a generated 1M × 30 CSV), then the vitest micro-benches. Ratios are against
// references measured in the same run, never wall-clock thresholds; a missed goal is reported, only a
// crashed step fails the run (a missing Python anchor is reported as missing).
//
//   npm run bench                      5,000,000 rows (~325 MB) and the model bench's 1,000,000 (~250 MB)
//   npm run bench -- --quick           200,000 and 100,000 rows (or BENCH_ROWS / BENCH_MODEL_ROWS=<n>)
//   npm run bench -- --cpu-prof        also write V8 CPU profiles of our steps to bench-data/cpu-profiles/
//   npm run bench -- --no-vitest       skip the vitest micro-benches
//   BENCH_REPEAT=<n>                   rounds of all steps (default 3); the table shows medians
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ncc from '@vercel/ncc';
import { ensureBenchFile, ensureParquetCopy } from './generate.mjs';
import { ensureModelBenchFile, modelParameters } from './generate-model.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((arg) => !['--quick', '--cpu-prof', '--no-vitest'].includes(arg));
if (unknown.length > 0) {
  console.error(`bench: unknown option ${unknown.join(' ')} (options: --quick, --cpu-prof, --no-vitest)`);
  process.exit(2);
}
const rows = args.has('--quick') ? 200_000 : Number(process.env.BENCH_ROWS ?? 5_000_000);
if (!Number.isInteger(rows) || rows < 1) {
  console.error(`bench: BENCH_ROWS must be a positive integer, got "${process.env.BENCH_ROWS}"`);
  process.exit(2);
}
const modelRows = args.has('--quick') ? 100_000 : Number(process.env.BENCH_MODEL_ROWS ?? 1_000_000);
if (!Number.isInteger(modelRows) || modelRows < 1) {
  console.error(`bench: BENCH_MODEL_ROWS must be a positive integer, got "${process.env.BENCH_MODEL_ROWS}"`);
  process.exit(2);
}
const repeat = Number(process.env.BENCH_REPEAT ?? 3);
if (!Number.isInteger(repeat) || repeat < 1) {
  console.error(`bench: BENCH_REPEAT must be a positive integer, got "${process.env.BENCH_REPEAT}"`);
  process.exit(2);
}
const dataDir = join(root, 'bench-data'); // git-ignored
// The bundle goes under .tmp/ (git- and eslint-ignored), not bench-data/, which `eslint .` would lint.
const bundleDir = join(root, '.tmp', 'bench');
const MiB = 1024 * 1024;

const stamp = () => new Date().toISOString().slice(11, 19);
const log = (message) => console.error(`[bench ${stamp()}] ${message}`);

log(`data: ${rows.toLocaleString('en-US')} rows`);
const file = await ensureBenchFile(join(dataDir, `bench-${rows}.csv`), rows);
log(
  `${relative(root, file.path)}: ${(file.bytes / MiB).toFixed(0)} MiB, sha256 ${file.sha256.slice(0, 12)}… ` +
    (file.generated ? '(generated)' : '(cached, hash verified)'),
);

// The same rows as Parquet, written by DuckDB (one page per row group and column, 122,880 rows each);
// only when a Parquet step runs, so the other steps do not depend on DuckDB loading.
const parquetPath = join(dataDir, `bench-${rows}.parquet`);
const wantsParquet =
  !process.env.BENCH_STEPS || /\b(duckdbParquet|cliParquet)\b/.test(process.env.BENCH_STEPS);
const parquet = wantsParquet ? await ensureParquetCopy(file, parquetPath) : { path: parquetPath };
if (wantsParquet) {
  log(`${relative(root, parquet.path)}: ${(parquet.bytes / MiB).toFixed(0)} MiB (${parquet.how})`);
}

// The workspace packages export TypeScript sources, so plain node cannot import them: bundle the step
// entry with ncc (as the actions are bundled), transpile-only; `npm run typecheck` checks the types.
log('bundling bench/steps.ts with ncc');
const { code, assets } = await ncc(join(root, 'bench', 'steps.ts'), {
  quiet: true,
  minify: false,
  sourceMap: false,
  target: 'es2022',
  transpileOnly: true,
});
mkdirSync(bundleDir, { recursive: true });
writeFileSync(join(bundleDir, 'steps.mjs'), code);
for (const [name, asset] of Object.entries(assets)) {
  if (name !== 'package.json') writeFileSync(join(bundleDir, name), asset.source);
}

// The CLI as users run it (packages/cli's bin, bundled like the actions): its shard workers load the
// whole bundle, so its peak RSS is what the memory goal is about, more than the small bench bundle's.
log('bundling the CLI (scripts/build-cli.mjs)');
// Laid out as the package is (bin/ beside dist/), run through its bin as `npx mlops-actions` does.
const cliDir = join(bundleDir, 'cli');
mkdirSync(join(cliDir, 'bin'), { recursive: true });
copyFileSync(
  join(root, 'packages', 'cli', 'bin', 'mlops-actions.js'),
  join(cliDir, 'bin', 'mlops-actions.js'),
);
writeFileSync(join(cliDir, 'package.json'), JSON.stringify({ type: 'module' }));
const cliBin = join(cliDir, 'bin', 'mlops-actions.js');
const cliBuild = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs'), join(cliDir, 'dist')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (cliBuild.status !== 0) log('bundling the CLI FAILED: its step will fail');

const cpuProfileDir = join(dataDir, 'cpu-profiles');
const ourFlags = args.has('--cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];

/** Runs one step in a fresh process; returns { ms, maxRssKiB, note } or { error }. */
function measure(label, script, scriptArgs, nodeFlags = []) {
  if (script.endsWith('.py') && pythonMissing) {
    return { label, missing: `anchor missing: ${pythonMissing}` };
  }
  log(`${label} …`);
  const [command, commandArgs] = script.endsWith('.py')
    ? [PYTHON, [script, ...scriptArgs]]
    : [process.execPath, [...nodeFlags, script, ...scriptArgs]];
  const child = spawnSync(command, commandArgs, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * MiB,
  });
  const line = child.stdout?.split('\n').find((text) => text.startsWith('BENCH_RESULT '));
  if (child.status !== 0 || !line) {
    const why =
      child.error?.message ?? (child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`);
    log(`${label} FAILED: ${why}`);
    return { label, error: why };
  }
  const result = { label, ...JSON.parse(line.slice('BENCH_RESULT '.length)) };
  log(`${label}: ${(result.ms / 1000).toFixed(2)} s, peak RSS ${(result.maxRssKiB / 1024).toFixed(0)} MiB`);
  return result;
}

// The model bench's data and models; its Python anchors run on Debian's python3-pandas and
// python3-sklearn when they are installed, and are reported missing otherwise.
const PYTHON = '/usr/bin/python3';
const pythonCheck = spawnSync(PYTHON, ['-c', 'import pandas, sklearn'], { encoding: 'utf8' });
const pythonMissing =
  pythonCheck.status === 0
    ? null
    : `${PYTHON} with pandas and scikit-learn not found (apt-get install python3-pandas python3-sklearn)`;
const modelFile = ensureModelBenchFile(join(dataDir, `model-bench-${modelRows}.csv`), modelRows);
log(
  `${relative(root, modelFile.path)}: ${(modelFile.bytes / MiB).toFixed(0)} MiB, ${modelRows.toLocaleString('en-US')} rows × 30 floats + y ` +
    (modelFile.generated ? '(generated)' : '(cached)'),
);
const modelDir = join(bundleDir, 'model');
mkdirSync(modelDir, { recursive: true });
const parametersPath = join(modelDir, 'parameters.json');
writeFileSync(parametersPath, JSON.stringify(modelParameters()));
const modelFiles = spawnSync(
  process.execPath,
  [join(bundleDir, 'steps.mjs'), 'model-files', parametersPath, modelDir],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
if (modelFiles.status !== 0) log('writing the model bench ONNX files FAILED: its steps will fail');
const candidateModel = join(modelDir, 'model-candidate.onnx');
const cliRss = ['--import', pathToFileURL(join(root, 'bench', 'cli-rss.mjs')).href];
const cliEvaluate = (extra) => [
  'evaluate',
  '--model',
  candidateModel,
  '--data',
  modelFile.path,
  '--target',
  'y',
  '--output',
  join(modelDir, 'evaluation.json'),
  ...extra,
];

const steps = join(bundleDir, 'steps.mjs');
// Small files: the demo's weather data, trained then evaluated by the CLI, for the per-run fixed cost.
const weatherDir = join(bundleDir, 'weather');
mkdirSync(weatherDir, { recursive: true });
const weatherFiles = spawnSync(process.execPath, [steps, 'weather-files', weatherDir], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (weatherFiles.status !== 0) log('writing the weather data FAILED: the small-file steps will fail');
const weatherCsv = join(weatherDir, 'weather.csv');
const weatherModel = join(weatherDir, 'model.onnx');
const duckdbStep = join(root, 'bench', 'duckdb-step.mjs');
const csvArgs = [file.path, String(rows), dataDir];
// Sequential on purpose: the machine has few cores and concurrent steps would skew each other. Rounds
// run every step once, in turn, so a slow spell of the machine touches all steps alike.
const plan = {
  duckdb: ['DuckDB (default threads)', duckdbStep, [file.path]],
  duckdb1: ['DuckDB (1 thread)', duckdbStep, [file.path, '1']],
  profile: ['profile (profileDataset)', steps, ['profile', ...csvArgs], ourFlags],
  validate: ['validate (10 expectations)', steps, ['validate', ...csvArgs], ourFlags],
  drift: ['drift-check (profile + driftBetweenProfiles)', steps, ['drift', ...csvArgs], ourFlags],
  cli: [
    'CLI bundle: mlops-actions profile',
    cliBin,
    ['profile', file.path, '--output', join(bundleDir, 'cli-profile.json')],
    ['--import', pathToFileURL(join(root, 'bench', 'cli-rss.mjs')).href],
  ],
  // Parquet (no time goal; the memory goal holds whatever the input): the same rows, both engines.
  duckdbParquet: ['Parquet: DuckDB (default threads)', duckdbStep, [parquet.path]],
  cliParquet: [
    'Parquet: CLI bundle, mlops-actions profile',
    cliBin,
    ['profile', parquet.path, '--output', join(bundleDir, 'cli-profile-parquet.json')],
    ['--import', pathToFileURL(join(root, 'bench', 'cli-rss.mjs')).href],
  ],
  // The model bench: the CLI as users run it, against the same rows in pandas + scikit-learn.
  pyEvaluate: [
    'model: pandas read_csv + predict_proba + 8 sklearn metrics',
    join(root, 'bench', 'model-python.py'),
    ['evaluate', modelFile.path, parametersPath],
  ],
  ortLoop: [
    'model: bare onnxruntime-node session.run loop (in memory)',
    join(root, 'bench', 'onnx-loop.mjs'),
    [candidateModel, String(modelRows)],
  ],
  evaluate: [
    'model: CLI evaluate --bootstrap 0',
    cliBin,
    cliEvaluate(['--bootstrap', '0']),
    [...cliRss, ...ourFlags],
  ],
  evaluateBootstrap: [
    'model: CLI evaluate --baseline, 1,000 resamples',
    cliBin,
    cliEvaluate(['--baseline', join(modelDir, 'model-baseline.onnx'), '--bootstrap', '1000']),
    [...cliRss, ...ourFlags],
  ],
  pyTrain: [
    'model: pandas + StandardScaler + LogisticRegression(lbfgs)',
    join(root, 'bench', 'model-python.py'),
    ['train', modelFile.path],
  ],
  train: [
    'model: CLI train (built-in logistic, validation_fraction 0)',
    cliBin,
    [
      'train',
      '--model-name',
      'bench',
      '--target',
      'y',
      '--data',
      modelFile.path,
      '--params',
      '{validation_fraction: 0}',
      '--model-path',
      join(modelDir, 'trained.onnx'),
      '--metrics-path',
      join(modelDir, 'trained-metrics.json'),
      '--output-dir',
      join(modelDir, 'train-run'),
    ],
    [...cliRss, ...ourFlags],
  ],
  smallTrain: [
    'small: CLI train on the demo weather data',
    cliBin,
    [
      'train',
      '--model-name',
      'weather',
      '--target',
      'rain_tomorrow',
      '--data',
      weatherCsv,
      '--model-path',
      weatherModel,
      '--metrics-path',
      join(weatherDir, 'metrics.json'),
      '--output-dir',
      join(weatherDir, 'train-run'),
    ],
    cliRss,
  ],
  smallEvaluate: [
    'small: CLI evaluate on the demo weather data (1,000 resamples)',
    cliBin,
    [
      'evaluate',
      '--model',
      weatherModel,
      '--data',
      weatherCsv,
      '--target',
      'rain_tomorrow',
      '--output',
      join(weatherDir, 'evaluation.json'),
    ],
    cliRss,
  ],
};
// BENCH_STEPS=duckdb,profile runs only those steps (for quick iterations; goals need their steps).
const only = process.env.BENCH_STEPS?.split(',').map((step) => step.trim());
const unknownSteps = only?.filter((step) => !(step in plan)) ?? [];
if (unknownSteps.length > 0) {
  console.error(
    `bench: unknown BENCH_STEPS ${unknownSteps.join(', ')} (steps: ${Object.keys(plan).join(', ')})`,
  );
  process.exit(2);
}
for (const key of Object.keys(plan)) if (only && !only.includes(key)) delete plan[key];
const runs = Object.fromEntries(Object.keys(plan).map((key) => [key, []]));
for (let round = 1; round <= repeat; round++) {
  if (repeat > 1) log(`round ${round} of ${repeat}`);
  for (const [key, [label, script, scriptArgs, flags]] of Object.entries(plan)) {
    runs[key].push(measure(label, script, scriptArgs, flags));
  }
}
/** Per step: the median time, the time range and the largest peak RSS over the rounds; any crash fails it. */
const results = Object.fromEntries(
  Object.entries(runs).map(([key, list]) => {
    const failed = list.find((r) => r.error || r.missing);
    if (failed) return [key, failed];
    const times = list.map((r) => r.ms).sort((a, b) => a - b);
    const mid = Math.floor(times.length / 2);
    const ms = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
    const maxRssKiB = Math.max(...list.map((r) => r.maxRssKiB));
    return [
      key,
      { label: list[0].label, ms, min: times[0], max: times.at(-1), maxRssKiB, note: list[0].note },
    ];
  }),
);

// ---- report ----
const table = (header, body) => {
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => String(row[i]).length)));
  const format = (row) =>
    row
      .map((cell, i) => String(cell).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log([format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(format)].join('\n'));
};
const MODEL_STEPS = new Set(['pyEvaluate', 'ortLoop', 'evaluate', 'evaluateBootstrap', 'pyTrain', 'train']);
/** One row per step; throughput columns only where the file is large enough for them to mean something. */
const stepTable = (entries, bytes, rowCount, { throughput = true } = {}) => {
  const rates = (r) =>
    throughput
      ? [(bytes / MiB / (r.ms / 1000)).toFixed(0), `${(((rowCount / r.ms) * 1000) / 1e6).toFixed(2)} M`]
      : [];
  const blank = throughput ? ['', ''] : [];
  table(
    ['step', 'time', 'range', ...(throughput ? ['MiB/s', 'rows/s'] : []), 'peak RSS', 'note'],
    entries.map((r) =>
      r.missing
        ? [r.label, 'missing', '', ...blank, '', r.missing]
        : r.error
          ? [r.label, 'FAILED', '', ...blank, '', r.error]
          : [
              r.label,
              `${(r.ms / 1000).toFixed(2)} s`,
              `${(r.min / 1000).toFixed(2)}–${(r.max / 1000).toFixed(2)}`,
              ...rates(r),
              `${(r.maxRssKiB / 1024).toFixed(0)} MiB`,
              r.note,
            ],
    ),
  );
};
const SMALL_STEPS = new Set(['smallTrain', 'smallEvaluate']);
const dataResults = Object.entries(results).filter(([key]) => !MODEL_STEPS.has(key) && !SMALL_STEPS.has(key));
const smallResults = Object.entries(results).filter(([key]) => SMALL_STEPS.has(key));
const modelResults = Object.entries(results).filter(([key]) => MODEL_STEPS.has(key));
console.log(
  `\nNode ${process.version}, ${process.platform}-${process.arch}, ${availableParallelism()} cores; ` +
    `median of ${repeat} round(s); times exclude process start-up (the CLI's include loading its bundle)`,
);
if (dataResults.length > 0) {
  console.log(
    `\nData bench: ${rows.toLocaleString('en-US')} rows × 11 columns, ${(file.bytes / MiB).toFixed(0)} MiB CSV\n`,
  );
  stepTable(
    dataResults.map(([, r]) => r),
    file.bytes,
    rows,
  );
}
if (modelResults.length > 0) {
  console.log(
    `\nModel bench: ${modelRows.toLocaleString('en-US')} rows × 30 floats + binary y, ${(modelFile.bytes / MiB).toFixed(0)} MiB CSV\n`,
  );
  stepTable(
    modelResults.map(([, r]) => r),
    modelFile.bytes,
    modelRows,
  );
}
if (smallResults.length > 0) {
  const weatherBytes = statSync(weatherCsv).size;
  const weatherRows = readFileSync(weatherCsv, 'utf8').trim().split('\n').length - 1;
  console.log(
    `\nSmall files: the demo's weather data, ${weatherRows.toLocaleString('en-US')} rows, ${(weatherBytes / 1024).toFixed(0)} KiB CSV\n`,
  );
  stepTable(
    smallResults.map(([, r]) => r),
    weatherBytes,
    weatherRows,
    { throughput: false },
  );
}

const ratio = (a, b) => (!a || !b || a.error || b.error || a.missing || b.missing ? null : a.ms / b.ms);
const seconds = (r) => (!r || r.error || r.missing ? null : r.ms / 1000);
// Goals are in MB (10^6 bytes), as the issues state them; the step tables show MiB.
const rss = (r) => (!r || r.error || r.missing ? null : (r.maxRssKiB * 1024) / 1e6);
const goals = [
  ['profile time / DuckDB time', ratio(results.profile, results.duckdb), 1.5, '×'],
  ['  (for information: / DuckDB on 1 thread)', ratio(results.profile, results.duckdb1), null, '×'],
  ['profile peak RSS', rss(results.profile), 300, ' MB'],
  ['profile peak RSS, bundled CLI', rss(results.cli), 300, ' MB'],
  ['validate time / profile time', ratio(results.validate, results.profile), 2, '×'],
  ['validate peak RSS (no goal; for information)', rss(results.validate), null, ' MB'],
  ['drift-check time / profile time', ratio(results.drift, results.profile), 1.2, '×'],
  ['drift-check peak RSS (no goal; for information)', rss(results.drift), null, ' MB'],
  ['Parquet: CLI time / DuckDB time (no goal)', ratio(results.cliParquet, results.duckdbParquet), null, '×'],
  ['Parquet: peak RSS, bundled CLI', rss(results.cliParquet), 300, ' MB'],
  ['model: evaluate --bootstrap 0 / pandas + sklearn', ratio(results.evaluate, results.pyEvaluate), 0.5, '×'],
  ['model: evaluate --bootstrap 0 peak RSS', rss(results.evaluate), 400, ' MB'],
  [
    'model: evaluate, 1,000 resamples / pandas + sklearn',
    ratio(results.evaluateBootstrap, results.pyEvaluate),
    1,
    '×',
  ],
  [
    'model: evaluate --bootstrap 0 / bare onnxruntime loop (no goal)',
    ratio(results.evaluate, results.ortLoop),
    null,
    '×',
  ],
  [
    'model: train / pandas + StandardScaler + LogisticRegression',
    ratio(results.train, results.pyTrain),
    1,
    '×',
  ],
  ['model: train peak RSS', rss(results.train), 600, ' MB'],
  ['small: CLI train, weather data (fixed cost)', seconds(results.smallTrain), 1, ' s'],
  ['small: CLI evaluate, weather data (fixed cost)', seconds(results.smallEvaluate), 1, ' s'],
  ['  (for information: pandas + sklearn evaluate, train peak RSS)', rss(results.pyEvaluate), null, ' MB'],
];
console.log('');
table(
  ['goal', 'measured', 'target', 'result'],
  goals.map(([name, value, target, unit]) => [
    name,
    value === null ? 'n/a' : `${value.toFixed(unit === ' MB' ? 0 : 2)}${unit}`,
    target === null ? '' : `≤ ${target}${unit}`,
    target === null ? '' : value === null ? 'NOT MEASURED' : value <= target ? 'met' : 'NOT MET',
  ]),
);
if (ourFlags.length > 0)
  console.log(`\nCPU profiles: ${relative(root, cpuProfileDir)}/ (open in Chrome DevTools)`);

const crashed = Object.values(results).some((r) => r.error);
let vitestFailed = false;
if (!args.has('--no-vitest')) {
  console.log('\nvitest micro-benches (vitest bench --run):');
  const vitest = spawnSync(join(root, 'node_modules', '.bin', 'vitest'), ['bench', '--run'], {
    cwd: root,
    stdio: 'inherit',
  });
  vitestFailed = vitest.status !== 0;
}
process.exit(crashed || vitestFailed ? 1 : 0);
