import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@mlops-actions/emulator';
import { expandMatrix, legName, runWorkflow, WorkflowRunError } from '@mlops-actions/workflow-runner';

// Expected legs are the worked examples of docs.github.com, "Running variations of jobs in a workflow".
describe('strategy.matrix', () => {
  it('expands include as the docs example shows', () => {
    const legs = expandMatrix({
      fruit: ['apple', 'pear'],
      animal: ['cat', 'dog'],
      include: [
        { color: 'green' },
        { color: 'pink', animal: 'cat' },
        { fruit: 'apple', shape: 'circle' },
        { fruit: 'banana' },
        { fruit: 'banana', animal: 'cat' },
      ],
    });
    expect(legs).toEqual([
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ]);
  });

  it('removes what exclude matches, by some or all keys', () => {
    const legs = expandMatrix({
      os: ['macos-latest', 'windows-latest'],
      version: [12, 14, 16],
      environment: ['staging', 'production'],
      exclude: [
        { os: 'macos-latest', version: 12, environment: 'production' },
        { os: 'windows-latest', version: 16 },
      ],
    });
    expect(legs).toHaveLength(12 - 1 - 2);
    expect(legs).not.toContainEqual({ os: 'windows-latest', version: 16, environment: 'staging' });
    expect(legs).toContainEqual({ os: 'macos-latest', version: 12, environment: 'staging' });
  });

  it('names legs as GitHub does and refuses an empty matrix', () => {
    expect(legName('profile', { shard: 2, os: 'ubuntu' })).toBe('profile (2, ubuntu)');
    expect(() => expandMatrix({ shard: [] })).toThrow(/matrix\.shard must be a non-empty list/);
    expect(() => expandMatrix({ shard: [1], exclude: [{ shard: 1 }] })).toThrow(/no combinations/);
  });
});

describe('matrix jobs in the workflow runner', () => {
  let emulator: Emulator;
  const dir = mkdtempSync(join(tmpdir(), 'matrix-test-'));
  const file = (name: string, yaml: string) => {
    const path = join(dir, name);
    writeFileSync(path, yaml);
    return path;
  };
  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.github.state.commitFiles({ files: { 'README.md': '# x\n' } });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('runs each leg with its matrix, merges outputs for needs, and fails the job if a leg fails', async () => {
    const run = await runWorkflow({
      emulator,
      event: { name: 'workflow_dispatch', inputs: { shards: '[1, 2, 3]' } },
      workflow: file(
        'shards.yml',
        `on:
  workflow_dispatch:
    inputs:
      shards: { required: true }
permissions: {}
jobs:
  shard:
    name: shard \${{ matrix.shard }} of \${{ strategy.job-total }}
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        shard: \${{ fromJSON(inputs.shards) }}
        include:
          - shard: 3
            broken: true
    outputs:
      rows-1: \${{ steps.count.outputs.rows-1 }}
      rows-2: \${{ steps.count.outputs.rows-2 }}
      rows-3: \${{ steps.count.outputs.rows-3 }}
    steps:
      - id: count
        env:
          SHARD: \${{ matrix.shard }}
          INDEX: \${{ strategy.job-index }}
        run: echo "rows-$SHARD=$((SHARD * 10))-$INDEX" >> "$GITHUB_OUTPUT"
      - if: matrix.broken
        run: exit 1
  merge:
    needs: shard
    if: always()
    runs-on: ubuntu-latest
    outputs:
      seen: \${{ steps.read.outputs.seen }}
    steps:
      - id: read
        env:
          RESULT: \${{ needs.shard.result }}
          ROWS: \${{ toJSON(needs.shard.outputs) }}
        run: echo "seen=$RESULT $(echo "$ROWS" | tr -d ' \\n')" >> "$GITHUB_OUTPUT"
`,
      ),
    });
    const shard = run.jobs['shard']!;
    expect(shard.legs!.map((leg) => [leg.name, leg.result])).toEqual([
      ['shard 1 of 3', 'success'],
      ['shard 2 of 3', 'success'],
      ['shard 3 of 3', 'failure'],
    ]);
    expect(shard.legs!.map((leg) => leg.matrix)).toEqual([
      { shard: 1 },
      { shard: 2 },
      { shard: 3, broken: true },
    ]);
    expect(shard.result).toBe('failure');
    expect(run.jobs['merge']!.outputs['seen']).toBe(
      'failure {"rows-1":"10-0","rows-2":"20-1","rows-3":"30-2"}',
    );
    expect(run.conclusion).toBe('failure');
  });

  it('cancels the remaining legs after a failure with fail-fast, and names legs by their values', async () => {
    const run = await runWorkflow({
      emulator,
      event: { name: 'push', after: emulator.github.state.resolve('refs/heads/main')! },
      workflow: file(
        'fast.yml',
        `on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [linux, mac]
        n: [1, 2]
        exclude:
          - os: mac
            n: 2
    steps:
      - run: test "\${{ matrix.n }}" != 2
`,
      ),
    });
    expect(run.jobs['test']!.legs!.map((leg) => [leg.name, leg.result])).toEqual([
      ['test (linux, 1)', 'success'],
      ['test (linux, 2)', 'failure'],
      ['test (mac, 1)', 'cancelled'],
    ]);
  });

  it('refuses a matrix that is not one, naming the file and job', async () => {
    await expect(
      runWorkflow({
        emulator,
        event: { name: 'push', after: emulator.github.state.resolve('refs/heads/main')! },
        workflow: file(
          'bad-matrix.yml',
          `on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        n: \${{ fromJSON('"one"') }}
    steps:
      - run: echo
`,
        ),
      }),
    ).rejects.toThrow(new WorkflowRunError('bad-matrix.yml: job "test": matrix.n must be a non-empty list'));
  });
});
