import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type ResultsService } from '@mlops-actions/emulator';
import { exportLinearModel } from '@mlops-actions/model';
import { repoRoot, runAction, type ActionResult } from '../harness/run-action';
import { FAULTS, slug, type FaultName } from './matrix';

/**
 * train's writes to the Actions results service (artifact, cache) under the faults of the REST
 * matrix but GitHub's secondary rate limit, which the results service does not have. The clients
 * are the unmodified @actions/artifact and @actions/cache inside the built action, so what they
 * retry, and how, is theirs: they retry a 5xx (and @actions/artifact a 429) five times, and never
 * a dropped connection. The outcome is asserted over the service's records.
 */
const SERVICE = '/twirp/github.actions.results.api.v1';
const ENDPOINTS = {
  CreateArtifact: `${SERVICE}.ArtifactService/CreateArtifact`,
  FinalizeArtifact: `${SERVICE}.ArtifactService/FinalizeArtifact`,
  CreateCacheEntry: `${SERVICE}.CacheService/CreateCacheEntry`,
  FinalizeCacheEntryUpload: `${SERVICE}.CacheService/FinalizeCacheEntryUpload`,
} as const;
type Endpoint = keyof typeof ENDPOINTS;

const RESULTS_FAULTS = [
  '502 once',
  '429 rate limit',
  'dropped before processing',
  'reply lost after processing',
  '500 until retries give up',
] as const satisfies readonly FaultName[];
type ResultsFault = (typeof RESULTS_FAULTS)[number];

/** How a cell's cache save ends, as @actions/cache handles the fault. */
type CacheOutcome =
  /** saved once (retried through the fault, or the lost reply was to a finalize the service did) */
  | 'saved'
  /** not saved, nothing reserved: a re-run saves it */
  | 'not saved'
  /** not saved, and the key's reservation is held by an upload that never finished */
  | 'reservation held';

function cacheOutcome(endpoint: Endpoint, fault: ResultsFault): CacheOutcome {
  if (endpoint === 'CreateCacheEntry') {
    if (fault === '502 once') return 'saved';
    return fault === 'reply lost after processing' ? 'reservation held' : 'not saved';
  }
  if (endpoint === 'FinalizeCacheEntryUpload') {
    return fault === '502 once' || fault === 'reply lost after processing' ? 'saved' : 'reservation held';
  }
  return 'saved';
}

/** The step fails only when @actions/artifact gave up; a failed cache save is a warning. */
function stepFails(endpoint: Endpoint, fault: ResultsFault): boolean {
  return endpoint.endsWith('Artifact') && fault === '500 until retries give up';
}

/** Short waits: the toolkit's retry sleeps run 100× sooner, ours through the env knob. */
const FAST_ENV = {
  NODE_OPTIONS: `--require ${join(repoRoot, 'test/faults/fast-retry-waits.cjs')}`,
  MLOPS_ACTIONS_RETRY_BASE_MS: '1',
};

describe('train writes its artifact and cache entry exactly once under faults', () => {
  let emulator: Emulator;
  let results: ResultsService;
  let prebuilt: string;
  let runId = 71_000;

  beforeAll(async () => {
    emulator = await startEmulator({ results: true });
    results = emulator.results!;
    prebuilt = join(mkdtempSync(join(tmpdir(), 'train-faults-')), 'prebuilt.onnx');
    writeFileSync(
      prebuilt,
      exportLinearModel({
        task: 'regression',
        features: [{ kind: 'numeric', name: 'x', mean: 0, std: 1 }],
        weights: Float64Array.from([2]),
        intercepts: Float64Array.from([1]),
      }),
    );
  });
  afterAll(() => emulator.close());
  afterEach(() => results.faults.clear());

  function train(modelName: string, workspace: string, run: number, attempt: number): Promise<ActionResult> {
    return runAction('train', {
      emulator,
      workspace,
      runId: run,
      runAttempt: attempt,
      inputs: {
        'model-name': modelName,
        data: 'data.csv',
        target: 'y',
        run: 'cp prebuilt.onnx "$MLOPS_MODEL_PATH" && echo \'{"rmse": 0.5}\' > "$MLOPS_METRICS_PATH"',
      },
      env: FAST_ENV,
    });
  }

  function freshWorkspace(): string {
    const workspace = mkdtempSync(join(tmpdir(), 'train-cell-'));
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${2 * i + 1}`);
    writeFileSync(join(workspace, 'data.csv'), ['x,y', ...rows].join('\n') + '\n');
    copyFileSync(prebuilt, join(workspace, 'prebuilt.onnx'));
    return workspace;
  }

  /** The run's artifacts as the service holds them, finished or not. */
  function artifactsOf(run: number) {
    return results
      .artifacts()
      .filter((a) => a.runId === String(run))
      .map((a) => ({ name: a.name, finalized: a.finalized, id: a.id }));
  }

  function cacheEntriesOf(modelName: string) {
    return results
      .caches()
      .filter((c) => c.key.startsWith(`mlops-train-${modelName}-`))
      .map((c) => ({ finalized: c.finalized }));
  }

  const rows = (Object.keys(ENDPOINTS) as Endpoint[]).flatMap((endpoint) =>
    RESULTS_FAULTS.map((fault) => [endpoint, fault] as const),
  );

  it.each(rows)('%s × %s', async (endpoint, fault) => {
    const modelName = slug('t', endpoint, fault);
    const workspace = freshWorkspace();
    const run = runId++;
    const logStart = results.log.length;
    results.faults.add({ method: 'POST', path: ENDPOINTS[endpoint], ...FAULTS[fault] });

    const first = await train(modelName, workspace, run, 1);
    const cells = results.log.slice(logStart).filter((entry) => entry.path === ENDPOINTS[endpoint]);
    expect(
      cells.some((entry) => entry.fault),
      'the fault fired',
    ).toBe(true);
    const cache = cacheOutcome(endpoint, fault);

    if (stepFails(endpoint, fault)) {
      // @actions/artifact gave up: the step fails, naming the call and the answer it kept getting.
      expect(first.exitCode).not.toBe(0);
      const errors = first.annotations.filter((a) => a.level === 'error').map((a) => a.message);
      expect(errors.join('\n')).toMatch(
        new RegExp(`Failed to ${endpoint}: Failed to make request after 5 attempts: .*\\(500\\)`),
      );
      expect(artifactsOf(run).filter((a) => a.finalized)).toEqual([]);
      results.faults.clear();
      const rerun = await train(modelName, workspace, run, 2);
      expect(rerun.exitCode, rerun.stdout).toBe(0);
      // The cache entry the first attempt saved is reused, not saved again.
      expect(rerun.outputs['cache-hit']).toBe('true');
      const finished = artifactsOf(run).filter((a) => a.finalized);
      expect(finished.map((a) => a.name)).toEqual([`mlops-train-${modelName}-${run}-2`]);
      expect(rerun.outputs['artifact-id']).toBe(String(finished[0]?.id));
      // A finalize that never got through leaves attempt 1's entry unfinished: invisible to every
      // listing, expired by the service. A create that never got through leaves nothing.
      const unfinished = artifactsOf(run).filter((a) => !a.finalized);
      expect(unfinished.map((a) => a.name)).toEqual(
        endpoint === 'FinalizeArtifact' ? [`mlops-train-${modelName}-${run}-1`] : [],
      );
      expect(cacheEntriesOf(modelName)).toEqual([{ finalized: true }]);
      return;
    }

    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    // Exactly one artifact of this run, finished, and the output names it.
    expect(artifactsOf(run)).toEqual([
      {
        name: `mlops-train-${modelName}-${run}-1`,
        finalized: true,
        id: Number(first.outputs['artifact-id']),
      },
    ]);
    if (endpoint === 'FinalizeArtifact' && fault === 'reply lost after processing') {
      // The finalize was done: the artifact is found, not uploaded a second time.
      expect(first.stdout).toContain('the reply was lost, the artifact is there');
    }
    const warnings = first.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    if (cache === 'saved') {
      expect(cacheEntriesOf(modelName)).toEqual([{ finalized: true }]);
      return;
    }
    // The cache save gave up: the step warns and goes on; no entry anyone could restore.
    expect(warnings.join('\n')).toMatch(/could not confirm this run was saved/);
    expect(cacheEntriesOf(modelName).filter((c) => c.finalized)).toEqual([]);
    expect(cacheEntriesOf(modelName)).toHaveLength(cache === 'reservation held' ? 1 : 0);

    // A re-run trains again (there is no cache to hit) and uploads its own attempt's artifact.
    results.faults.clear();
    const rerun = await train(modelName, workspace, run, 2);
    expect(rerun.exitCode, rerun.stdout).toBe(0);
    expect(rerun.outputs['cache-hit']).toBe('false');
    expect(artifactsOf(run).map((a) => [a.name, a.finalized])).toEqual([
      [`mlops-train-${modelName}-${run}-1`, true],
      [`mlops-train-${modelName}-${run}-2`, true],
    ]);
    if (cache === 'not saved') {
      expect(cacheEntriesOf(modelName)).toEqual([{ finalized: true }]);
    } else {
      // The unfinished reservation still holds the key (409 on the re-run's save): never a second entry.
      expect(cacheEntriesOf(modelName)).toEqual([{ finalized: false }]);
      const again = rerun.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
      expect(again.join('\n')).toMatch(/could not confirm this run was saved/);
    }
  });
});
