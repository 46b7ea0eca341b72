import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@mlops-actions/emulator';
import { profileDataset } from '@mlops-actions/stats';
import { runWorkflow, type WorkflowRun } from '@mlops-actions/workflow-runner';
import { repoRoot } from './harness/run-action';

// workflows-examples/sharded.yml end to end: a plan job lists the shard files, a matrix validates
// and profiles each shard and uploads its profile through the emulated results service (Azurite
// behind it), and the merge job downloads them, merges the profiles with profile-data, checks
// drift of the merged profile and fails on any shard's failed expectation.
const WORKFLOW = join(repoRoot, 'workflows-examples', 'sharded.yml');
const ROWS_PER_SHARD = 600;
const SHARDS = 3;

/** Sensor readings from a seeded generator: temperature ~ N(20 + shift, 3), humidity in [30, 70). */
function readings(rows: number, seed: number, shift = 0, humidityOverride?: number): string {
  let state = seed;
  const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const lines = ['sensor,temperature,humidity'];
  for (let i = 0; i < rows; i++) {
    const normal = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const humidity = i === 0 && humidityOverride !== undefined ? humidityOverride : 30 + 40 * uniform();
    lines.push(`${'abc'[i % 3]},${(20 + shift + 3 * normal).toFixed(2)},${humidity.toFixed(1)}`);
  }
  return `${lines.join('\n')}\n`;
}

const SUITE = `expectation_suite_name: sensors
expectations:
  - expectation_type: expect_table_columns_to_match_set
    kwargs: { column_set: [sensor, temperature, humidity] }
  - expectation_type: expect_column_values_to_be_between
    kwargs: { column: humidity, min_value: 0, max_value: 100 }
  - expectation_type: expect_column_values_to_be_in_set
    kwargs: { column: sensor, value_set: [a, b, c] }
`;

describe('workflows-examples/sharded.yml', () => {
  let emulator: Emulator;
  let referenceProfile: string;

  beforeAll(async () => {
    emulator = await startEmulator({ owner: 'acme', repo: 'sensors', results: true });
    const dir = mkdtempSync(join(tmpdir(), 'sharded-reference-'));
    writeFileSync(join(dir, 'reference.csv'), readings(3000, 7));
    referenceProfile = JSON.stringify((await profileDataset([join(dir, 'reference.csv')])).toJSON());
    emulator.github.state.addWorkflow('sharded.yml');
  }, 120_000);
  afterAll(async () => {
    await emulator?.close();
  });

  async function runWith(shards: string[]): Promise<WorkflowRun> {
    emulator.github.state.commitFiles({
      files: {
        '.github/workflows/sharded.yml': readFileSync(WORKFLOW, 'utf8'),
        'data/expectations.yml': SUITE,
        'data/reference-profile.json': referenceProfile,
        ...Object.fromEntries(shards.map((csv, i) => [`data/shards/part-${i + 1}.csv`, csv])),
      },
      message: 'Shards of the day',
    });
    return runWorkflow({ emulator, workflow: WORKFLOW, event: { name: 'workflow_dispatch' } });
  }

  it('validates and profiles each shard in a matrix, merges the profiles and finds no drift in good data', async () => {
    const artifactsBefore = emulator.results!.artifacts().length;
    const run = await runWith(Array.from({ length: SHARDS }, (_, i) => readings(ROWS_PER_SHARD, 100 + i)));
    expect(run.conclusion).toBe('success');
    expect(run.jobs['shard']!.legs!.map((leg) => [leg.name, leg.result])).toEqual([
      ['shard data/shards/part-1.csv', 'success'],
      ['shard data/shards/part-2.csv', 'success'],
      ['shard data/shards/part-3.csv', 'success'],
    ]);
    const merge = run.jobs['merge']!;
    const step = (id: string) => merge.steps.find((s) => s.id === id)!;
    // The merged profile counts every shard's rows, and its file is the merge of the three.
    expect(step('profile').outputs['rows']).toBe(String(SHARDS * ROWS_PER_SHARD));
    const merged = JSON.parse(readFileSync(join(merge.workspace, 'merged-profile.json'), 'utf8')) as {
      rows: number;
    };
    expect(merged.rows).toBe(SHARDS * ROWS_PER_SHARD);
    expect(step('drift').outputs['drifted']).toBe('false');
    expect(step('drift').outputs['drift-share']).toBe('0');
    const names = emulator
      .results!.artifacts()
      .slice(artifactsBefore)
      .map((a) => a.name)
      .sort();
    expect(names).toEqual(['merged', 'shard-0', 'shard-1', 'shard-2']);
  });

  it("fails on a shard's failed expectation after merging all, and sees the drift of the shifted shard", async () => {
    const run = await runWith([
      readings(ROWS_PER_SHARD, 200),
      readings(ROWS_PER_SHARD, 201, 12, 140), // 12 °C warmer, one humidity of 140 %
      readings(ROWS_PER_SHARD, 202),
    ]);
    // Shards do not fail on their own (fail-on: never): every shard's profile reaches the merge.
    expect(run.jobs['shard']!.legs!.map((leg) => leg.result)).toEqual(['success', 'success', 'success']);
    const merge = run.jobs['merge']!;
    expect(merge.result).toBe('failure');
    const failing = merge.steps.at(-1)!;
    expect(failing.outcome).toBe('failure');
    expect(failing.annotations).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'expect_column_values_to_be_between failed',
        properties: { file: 'shards/shard-1/validation.json' },
      }),
    ]);
    const drift = merge.steps.find((s) => s.id === 'drift')!;
    const report = JSON.parse(readFileSync(join(merge.workspace, drift.outputs['report']!), 'utf8')) as {
      columns?: { column: string; drifted: boolean }[];
    };
    expect(JSON.stringify(report)).toContain('temperature');
    // One of three columns drifted: below the default drift share of 0.5, so not dataset drift.
    expect(drift.outputs['drift-share']).toBe('0.3333');
    expect(drift.outputs['drifted']).toBe('false');
    expect(run.conclusion).toBe('failure');
  });
});
