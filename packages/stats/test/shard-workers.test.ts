// The sharded pass and the bootstrap on real worker threads: a small entry, bundled as the actions are
// (workers run the entry bundle again), run with node.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleDirectory, bundleEntry } from '../../../test/support/worker-bundle';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const directory = bundleDirectory('shard-workers-test');
let bundle = '';

// The bootstrap is not part of the package's API (evaluatePredictions uses it): imported by its path.
const metricsModule = join(root, 'packages', 'stats', 'src', 'metrics', 'index.ts');
const ENTRY = `
import { profileDataset, validateDataset } from '@mlops-actions/stats';
import { startBinaryPairedBootstraps } from ${JSON.stringify(metricsModule)};
const [step, csv, threads] = process.argv.slice(2);
if (step === 'bootstrap') {
  // Two models' scores of 4,000 rows (ties on a 0.001 grid); this thread sleeps between the start and
  // the finish, as evaluate does its other work, so the worker takes resamples meanwhile.
  const rows = 4000;
  const labels = new Float64Array(rows);
  const candidate = new Float64Array(rows);
  const baseline = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const noise = ((row * 7919) % 1000) / 1000;
    labels[row] = (row * 31) % 7 < 3 ? 1 : 0;
    candidate[row] = Math.round((0.35 * labels[row] + 0.65 * noise) * 1000) / 1000;
    baseline[row] = ((row * 104729) % 997) / 997;
  }
  const metrics = ['accuracy', 'roc_auc', 'average_precision', 'log_loss', 'brier_score', 'ece'];
  const pending = startBinaryPairedBootstraps(
    { labels, candidate, baseline, metrics },
    { resamples: 400, seed: 5, threads: Number(threads), keepDeltas: true },
  );
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
  console.log(JSON.stringify(pending.finish().map((result) => ({ ...result, deltas: [...result.deltas] }))));
  process.exit(0);
}
const inline = step === 'profile-inline';
const options = { threads: Number(threads), sharding: { minBytes: 0, shardBytes: 4096, inline } };
try {
  const output =
    step.startsWith('profile')
      ? (await profileDataset(csv, options)).toJSON()
      : await validateDataset(csv, {
          expectation_suite_name: 'workers',
          expectations: [
            { expectation_type: 'expect_column_values_to_be_between', kwargs: { column: 'age', min_value: 20, max_value: 80 } },
          ],
        }, options);
  console.log(JSON.stringify(output));
} catch (error) {
  console.log(JSON.stringify({ error: error.message }));
}
`;

function run(step: string, csv: string, threads: number, node: string[] = []): Record<string, unknown> {
  return JSON.parse(
    execFileSync(process.execPath, [...node, bundle, step, csv, String(threads)], { encoding: 'utf8' }),
  );
}

function writeCsv(name: string, rows: number, extra = ''): string {
  const lines = ['id,age,country,note'];
  for (let id = 1; id <= rows; id++) {
    const note = id % 4 === 0 ? `"two\nlines, ""quoted"" ${id}"` : `note ${id % 97}`;
    lines.push(`${id},${18 + ((id * 7) % 70)},${['US', 'DE', 'FR'][id % 3]},${note}`);
    if (id === rows - 100 && extra) lines.push(extra);
  }
  const path = join(directory, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

beforeAll(async () => {
  bundle = await bundleEntry(directory, ENTRY);
}, 120_000);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('profiling on worker threads (the entry bundle run again as a worker)', () => {
  it('gives the exact fields of a one-thread profile, and the same profile run after run', () => {
    const csv = writeCsv('data.csv', 20_000);
    const single = run('profile', csv, 1) as {
      rows: number;
      columns: Record<string, Record<string, unknown>>;
    };
    const workers = run('profile', csv, 2) as typeof single;
    expect(workers.rows).toBe(20_000);
    for (const [name, column] of Object.entries(single.columns)) {
      const other = workers.columns[name] as Record<string, unknown>;
      for (const field of ['count', 'nulls', 'types', 'histogram', 'distinct'])
        expect(other[field]).toEqual(column[field]);
    }
    // The sample comes from merged shard samples: it differs, which shows the shards were used.
    expect(workers.columns['note']?.['sample']).not.toEqual(single.columns['note']?.['sample']);
    expect(run('profile', csv, 2)).toEqual(workers);
    // Shard i goes to lane laneOf(i, threads), on workers or not: the same profile.
    expect(run('profile-inline', csv, 2)).toEqual(workers);
    // Lane 0 runs on the calling thread, the others on workers (here two): still the same lanes.
    expect(run('profile', csv, 3)).toEqual(run('profile-inline', csv, 3));
  });

  it('names the absolute line of an error found by a worker', () => {
    const csv = writeCsv('broken.csv', 20_000, '1,2,US,one field,too many');
    const single = run('profile', csv, 1);
    expect(single.error).toMatch(/broken\.csv:\d+:\d+: row has more fields/);
    expect(run('profile', csv, 2)).toEqual(single);
  });

  it('validates with the same unexpected cells and places', () => {
    const csv = writeCsv('validate.csv', 20_000);
    expect(run('validate', csv, 2)['results']).toEqual(run('validate', csv, 1)['results']);
  });
});

describe('the fused binary bootstrap on a worker thread', () => {
  it('gives the bits of the one-thread bootstrap when a worker walks resamples while this thread waits', () => {
    const profiles = join(directory, 'bootstrap-cpu-profiles');
    const workers = run('bootstrap', '', 2, ['--cpu-prof', `--cpu-prof-dir=${profiles}`]);
    // One CPU profile per thread (named …<pid>.<thread id>.<sequence>.cpuprofile), and the worker's shows
    // it computed resamples.
    const files = readdirSync(profiles).filter((name) => name.endsWith('.cpuprofile'));
    expect(files).toHaveLength(2);
    const worker = files.find((name) => !/\.0\.\d+\.cpuprofile$/.test(name))!;
    const { nodes } = JSON.parse(readFileSync(join(profiles, worker), 'utf8')) as {
      nodes: { callFrame: { functionName: string } }[];
    };
    expect(nodes.some((node) => node.callFrame.functionName === 'computeChunk')).toBe(true);
    const single = run('bootstrap', '', 1);
    expect(workers).toEqual(single);
    // Two workers beside this thread: three CPU profiles, the same bits.
    const three = join(directory, 'bootstrap-three-threads');
    expect(run('bootstrap', '', 3, ['--cpu-prof', `--cpu-prof-dir=${three}`])).toEqual(single);
    expect(readdirSync(three).filter((name) => name.endsWith('.cpuprofile'))).toHaveLength(3);
    const results = single as unknown as { deltas: number[]; lower: number; upper: number }[];
    expect(results).toHaveLength(6);
    for (const result of results) {
      expect(result.deltas.length).toBeGreaterThan(390);
      expect(result.lower).toBeLessThan(result.upper);
    }
  });
});
