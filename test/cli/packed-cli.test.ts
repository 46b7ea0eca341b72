import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { evaluateModel, exportLinearModel, runTraining } from '@mlops-actions/model';
import { profileDataset } from '@mlops-actions/stats';
import { repoRoot } from '../harness/run-action';

const run = promisify(execFile);
const cliDir = join(repoRoot, 'packages', 'cli');

describe('the CLI packed with npm pack', () => {
  let work: string;
  let app: string;
  let installLog: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'packed-cli-'));
    // The package as `npm pack` sees it after `npm run build:cli`, built into a copy so the
    // checkout's own packages/cli/dist is left alone.
    const pkg = join(work, 'package');
    mkdirSync(pkg);
    for (const entry of ['package.json', 'README.md', 'bin'])
      cpSync(join(cliDir, entry), join(pkg, entry), { recursive: true });
    await run(process.execPath, [join(repoRoot, 'scripts', 'build-cli.mjs'), join(pkg, 'dist')]);
    const packed = await run('npm', ['pack', '--pack-destination', work, '--json'], { cwd: pkg });
    const [{ filename, files }] = JSON.parse(packed.stdout) as [
      { filename: string; files: { path: string }[] },
    ];
    expect(files.map((file) => file.path).sort()).toEqual([
      'README.md',
      'bin/mlops-actions.js',
      'dist/index.js',
      'dist/licenses.txt',
      'dist/package.json',
      'dist/worker-threads.js',
      'package.json',
    ]);

    // An empty folder, as a user's: only the tarball and its one dependency (from the npm cache,
    // else the registry). Install scripts stay off: onnxruntime-node's would fetch CUDA
    // libraries from outside the registry; its CPU binaries are in its package.
    app = join(work, 'app');
    mkdirSync(app);
    const installed = await run(
      'npm',
      ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', join(work, filename)],
      { cwd: app, env: { ...process.env, npm_config_update_notifier: 'false' } },
    );
    installLog = `${installed.stdout}${installed.stderr}`;
  }, 300_000);

  it('installs with its one dependency and no warning', () => {
    expect(installLog).not.toMatch(/npm warn/i);
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).toEqual(['@mlops-actions/cli']);
    // Nothing of the monorepo comes along: the workspaces are bundled into dist/.
    expect(readdirSync(join(app, 'node_modules', '@mlops-actions'))).toEqual(['cli']);
    expect(readdirSync(join(app, 'node_modules'))).toContain('onnxruntime-node');
  });

  it('profiles and evaluates a file with the installed onnxruntime-node', async () => {
    // y = 1 when x > 0; the model (weight 4 on x) is right on every row but x = 0.2.
    writeFileSync(join(app, 'test.csv'), 'x,y\n-2,0\n-1,0\n-0.5,0\n0.5,1\n1,1\n2,1\n0.2,0\n');
    writeFileSync(
      join(app, 'model.onnx'),
      exportLinearModel({
        task: 'binary',
        features: [{ kind: 'numeric', name: 'x', mean: 0, std: 1 }],
        weights: Float64Array.from([4]),
        intercepts: Float64Array.from([0]),
        classes: ['0', '1'],
      }),
    );
    const cache = join(work, 'runtime-cache');
    const env = { ...process.env, MLOPS_ACTIONS_CACHE: cache, GITHUB_ACTIONS: '' };
    const bin = join(app, 'node_modules', '.bin', 'mlops-actions');

    await run(bin, ['profile', 'test.csv', '--output', 'out/profile.json'], { cwd: app, env });
    const profile = JSON.parse(readFileSync(join(app, 'out', 'profile.json'), 'utf8')) as { rows: number };
    expect(profile.rows).toBe(7);

    const evaluated = await run(
      bin,
      [
        'evaluate',
        '--model',
        'model.onnx',
        '--data',
        'test.csv',
        '--target',
        'y',
        '--output',
        'evaluation.json',
      ],
      { cwd: app, env },
    );
    const evaluation = JSON.parse(readFileSync(join(app, 'evaluation.json'), 'utf8')) as {
      metrics: { name: string; candidate: number }[];
    };
    expect(evaluation.metrics.find((metric) => metric.name === 'accuracy')!.candidate).toBeCloseTo(6 / 7, 12);
    // The runtime came from the installed dependency, not from a download into the cache.
    expect(evaluated.stderr).not.toMatch(/download/i);
    expect(() => readdirSync(cache)).toThrow();
  }, 120_000);

  it('shards a large profile across worker threads through the bin, as `node dist/index.js` does', async () => {
    // Larger than the size from which a profile is split into shards, so the worker threads start.
    const rows = 1_900_000;
    const lines = new Array<string>(rows + 1);
    lines[0] = 'id,group';
    for (let i = 1; i <= rows; i++) lines[i] = `${i},${i % 97}`;
    writeFileSync(join(app, 'large.csv'), lines.join('\n') + '\n');
    // One V8 CPU profile is written per thread that ran: the main thread and each shard worker.
    const profiles = join(work, 'cpu-profiles');
    const binScript = realpathSync(join(app, 'node_modules', '.bin', 'mlops-actions'));
    await run(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${profiles}`,
        binScript,
        'profile',
        'large.csv',
        '--output',
        'large.json',
      ],
      { cwd: app, env: { ...process.env, GITHUB_ACTIONS: '' } },
    );
    expect(JSON.parse(readFileSync(join(app, 'large.json'), 'utf8')).rows).toBe(rows);
    const threads = Math.min(4, availableParallelism());
    const written = readdirSync(profiles).filter((name) => name.endsWith('.cpuprofile'));
    expect(written).toHaveLength(threads);
    // The main thread ran the CLI's bundle; each worker only the worker bundle beside it, not the CLI.
    const bundlesRun = written.map((name) => {
      const { nodes } = JSON.parse(readFileSync(join(profiles, name), 'utf8')) as {
        nodes: { callFrame: { url: string } }[];
      };
      const urls = new Set(nodes.map((node) => node.callFrame.url));
      return ['dist/index.js', 'dist/worker-threads.js'].filter((file) =>
        [...urls].some((url) => url.endsWith(file)),
      );
    });
    expect(bundlesRun.sort()).toEqual([
      ['dist/index.js'],
      ...Array.from({ length: threads - 1 }, () => ['dist/worker-threads.js']),
    ]);
  }, 120_000);

  it('trains on a large file from the numbers its profile lanes parsed: the same model as one thread reading it', async () => {
    // Large enough to be sharded (19 MB, ≥ 16 MiB): the shard worker collects its columns, hands them over and
    // gets the buffers back. A cell with 7 digits after the point, and negative values, in each column.
    const rows = 800_000;
    writeSeededCsv(join(app, 'train.csv'), 'a,b,c,y', rows, 12345, (next) => {
      const a = (next() * 200 - 100).toFixed(4);
      const b = (next() * 2 - 1).toFixed(7);
      const c = Math.floor(next() * 50);
      const y = Number(a) / 40 + Number(b) - c / 50 + next() > 0.5 ? 1 : 0;
      return `${a},${b},${c},${y}`;
    });
    const profiles = join(work, 'train-cpu-profiles');
    const binScript = realpathSync(join(app, 'node_modules', '.bin', 'mlops-actions'));
    const params = '{validation_fraction: 0.25}';
    const trained = await run(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${profiles}`,
        binScript,
        'train',
        '--model-name',
        'large',
        '--target',
        'y',
        '--data',
        'train.csv',
        '--params',
        params,
        '--model-path',
        'large.onnx',
        '--metrics-path',
        'large-metrics.json',
        '--output-dir',
        'large-run',
      ],
      { cwd: app, env: { ...process.env, GITHUB_ACTIONS: '' } },
    );
    // The pass ran on worker threads (one CPU profile per thread), and the trainer took its numbers; the
    // Newton passes summed half their rows on a worker thread (each fit on ≥ 200,000 rows has one).
    expect(trained.stderr).toContain('Training on 800,000 rows');
    expect(trained.stderr).not.toContain('Reading the data again');
    const ran = (name: string) =>
      readdirSync(profiles).filter(
        (file) =>
          file.endsWith('.cpuprofile') &&
          (
            JSON.parse(readFileSync(join(profiles, file), 'utf8')) as {
              nodes: { callFrame: { functionName: string } }[];
            }
          ).nodes.some((node) => node.callFrame.functionName === name),
      ).length;
    expect(ran('serveShards')).toBe(Math.min(4, availableParallelism()) - 1);
    if (availableParallelism() > 1) expect(ran('serveHalves')).toBeGreaterThan(0);
    // The reference: this process profiles on one thread and the built-in trainer reads the file itself
    // (into arrays no worker can share: both halves of every pass summed on this thread).
    const file = join(app, 'train.csv');
    const out = join(work, 'reference');
    const reference = await runTraining({
      modelName: 'large',
      profile: await profileDataset(file, { threads: 1 }),
      data: [file],
      command: '',
      target: 'y',
      features: [],
      params: { validation_fraction: 0.25 },
      scoring: {},
      modelPath: join(out, 'large.onnx'),
      metricsPath: join(out, 'large-metrics.json'),
      outputDir: out,
      paramsFile: join(out, 'params.json'),
      code: {
        repository: '',
        sha: '',
        ref: '',
        workflow: 'local',
        runId: 0,
        runAttempt: 1,
        actor: '',
        runUrl: '',
      },
      runCommand: () => Promise.reject(new Error('no command')),
      log: () => undefined,
      warn: () => undefined,
    });
    expect(reference.record.metrics).toBeDefined();
    expect(readFileSync(join(app, 'large.onnx')).equals(readFileSync(join(out, 'large.onnx')))).toBe(true);
    const metrics = (path: string) =>
      JSON.parse(readFileSync(path, 'utf8')) as { train: Record<string, number>; rows: { fit: number } };
    expect(metrics(join(app, 'large-metrics.json')).rows.fit).toBe(rows);
    expect(metrics(join(app, 'large-metrics.json')).train).toEqual(
      metrics(join(out, 'large-metrics.json')).train,
    );
  }, 180_000);

  it('splits a large paired bootstrap with a worker thread (which lays the rows out for both): the intervals of one thread', async () => {
    // 60,000 rows × 1,000 resamples: past the size from which the bundle walks on a worker too.
    writeSeededCsv(join(app, 'pairs.csv'), 'a,b,y', 60_000, 777, (next) => {
      const a = (next() * 4 - 2).toFixed(3);
      const b = (next() * 4 - 2).toFixed(3);
      return `${a},${b},${Number(a) + 0.5 * Number(b) + next() - 0.5 > 0 ? 1 : 0}`;
    });
    const model = (weights: number[]) =>
      exportLinearModel({
        task: 'binary',
        features: ['a', 'b'].map((name) => ({ kind: 'numeric' as const, name, mean: 0, std: 1 })),
        weights: Float64Array.from(weights),
        intercepts: Float64Array.from([0.1]),
        classes: ['0', '1'],
      });
    writeFileSync(join(app, 'pairs-candidate.onnx'), model([3, 1.5]));
    writeFileSync(join(app, 'pairs-baseline.onnx'), model([2, 0]));
    const bin = join(app, 'node_modules', '.bin', 'mlops-actions');
    await run(
      bin,
      [
        'evaluate',
        '--model',
        'pairs-candidate.onnx',
        '--baseline',
        'pairs-baseline.onnx',
        '--data',
        'pairs.csv',
        '--target',
        'y',
        '--output',
        'pairs.json',
      ],
      { cwd: app, env: { ...process.env, GITHUB_ACTIONS: '' } },
    );
    type Metric = { name: string; interval?: { lower: number; upper: number } };
    const threaded = JSON.parse(readFileSync(join(app, 'pairs.json'), 'utf8')) as { metrics: Metric[] };
    // This process has no bundle to start workers on: every resample on one thread.
    const oneThread = await evaluateModel({
      model: join(app, 'pairs-candidate.onnx'),
      baseline: join(app, 'pairs-baseline.onnx'),
      data: [join(app, 'pairs.csv')],
      target: 'y',
      runtime: { ort },
    });
    expect(threaded.metrics.length).toBe(9);
    expect(threaded.metrics.every((metric) => metric.interval)).toBe(true);
    expect(threaded.metrics).toEqual(JSON.parse(JSON.stringify(oneThread.metrics)));
  }, 120_000);
});

/** A CSV of `rows` lines under `header`, each from `line` given a seeded uniform generator on [0, 1). */
function writeSeededCsv(
  path: string,
  header: string,
  rows: number,
  seed: number,
  line: (next: () => number) => string,
): void {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  const lines = new Array<string>(rows + 1);
  lines[0] = header;
  for (let i = 1; i <= rows; i++) lines[i] = line(next);
  writeFileSync(path, lines.join('\n') + '\n');
}
