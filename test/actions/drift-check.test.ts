import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSchemaViolations, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { evaluateModel, exportLinearModel, type OnnxRuntime } from '@mlops-actions/model';
import { relativeDriftScore, renderDriftReport } from '@mlops-actions/report';
import {
  ksTwoSample,
  profileDataset,
  type ColumnDrift,
  type DriftReport,
  type PredictionDrift,
} from '@mlops-actions/stats';
import { scheduleEvent } from '../harness/events';
import { repoRoot, runAction, type RunActionOptions } from '../harness/run-action';
import { testClient } from '../support/github';
import { RAINY_DAY_MODEL, rainyDayScore } from '../support/models';

const FAST = { MLOPS_ACTIONS_WRITE_INTERVAL_MS: '0', MLOPS_ACTIONS_RETRY_BASE_MS: '10' };
const SEATTLE = join(repoRoot, 'node_modules/vega-datasets/data/seattle-weather.csv');

/** seattle-weather's header and the rows of one year, as a CSV file in `dir`. */
function writeYear(
  dir: string,
  year: number,
  transform: (line: string) => string = (line) => line,
  name = `seattle-${year}.csv`,
): string {
  const [header = '', ...rows] = readFileSync(SEATTLE, 'utf8').trim().split('\n');
  const path = join(dir, name);
  const lines = [header, ...rows.filter((row) => row.startsWith(`${year}-`))].map(transform);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/**
 * A repository label with a description, as a team sets `retrain` up. Needed because GitHub's
 * OpenAPI description types a label's `description` in `pulls/list` as a non-null string while
 * GitHub (and the emulator, faithfully) serves null for an undescribed label, which the schema
 * check would flag; the emulator has no label-seeding API yet, so this reaches into its store.
 */
function seedDescribedLabel(emulator: Emulator, name: string): void {
  const { store } = emulator.github.state as unknown as {
    store: { labels: Map<string, unknown>; nextId(): number };
  };
  store.labels.set(name, {
    id: store.nextId(),
    name,
    color: '0e8a16',
    description: 'Data drift: retrain the model',
  });
}

describe('drift-check', () => {
  let emulator: Emulator;
  let dir: string;
  let reference2012: string;
  let current2015: string;
  let profile2012: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.github.state.addWorkflow('retrain.yml', { inputs: ['model'] });
    seedDescribedLabel(emulator, 'retrain');
    dir = mkdtempSync(join(tmpdir(), 'drift-check-'));
    reference2012 = writeYear(dir, 2012);
    current2015 = writeYear(dir, 2015);
    profile2012 = join(dir, 'profile-2012.json');
    writeFileSync(profile2012, JSON.stringify((await profileDataset(reference2012)).toJSON()));
  });
  afterAll(() => emulator.close());
  afterEach(() => expectNoSchemaViolations(emulator.github));

  function driftCheck(inputs: Record<string, string>, extra: Partial<RunActionOptions> = {}) {
    return runAction('drift-check', {
      emulator,
      inputs,
      env: FAST,
      event: scheduleEvent(),
      eventName: 'schedule',
      ...extra,
    });
  }

  function pullUrl(number: number): string {
    return `https://github.com/${emulator.owner}/${emulator.repo}/pull/${number}`;
  }

  function retrainPulls(model: string) {
    return emulator.github.state.pulls().filter((pull) => pull.pull?.head.ref === `mlops/retrain/${model}`);
  }

  function readReport(result: { outputs: Record<string, string>; workspace: string }) {
    return JSON.parse(readFileSync(join(result.workspace, result.outputs['report'] ?? ''), 'utf8'));
  }

  describe('seattle-weather, 2012 as reference and 2015 as current', () => {
    const inputs = () => ({
      'model-name': 'weather',
      reference: reference2012,
      current: current2015,
      'retrain-workflow': 'retrain.yml',
    });

    it('the first drift opens one labelled retraining PR with the summary committed, and dispatches retrain.yml', async () => {
      const result = await driftCheck(inputs());
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.outputs).toMatchObject({ drifted: 'true', 'pr-operation': 'created' });

      const report = readReport(result);
      expect(report).toMatchObject({
        schema: 'mlops-actions/drift-report',
        model: 'weather',
        reference: { kind: 'data', rows: 366 },
        current: { rows: 365 },
        datasetDrift: true,
        testedColumns: 5,
      });
      // 366 reference values (≤ 1000): KS for the many-valued numbers, chi-square for the weather labels.
      const methods = Object.fromEntries(
        report.columns.map((c: { column: string; method: string }) => [c.column, c.method]),
      );
      expect(methods).toEqual({
        precipitation: 'ks',
        temp_max: 'ks',
        temp_min: 'ks',
        wind: 'ks',
        weather: 'chisquare',
      });
      // 2015 labels far fewer days "drizzle"/"rain" and many more "sun" than 2012: the labels moved.
      const weather = report.columns.find((c: { column: string }) => c.column === 'weather');
      expect(weather).toMatchObject({ drifted: true, details: { basis: 'exact' } });
      expect(weather.pValue).toBeLessThan(1e-6);
      expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'not-tested', column: 'date' }));
      expect(Number(result.outputs['drift-share'])).toBeCloseTo(report.driftedShare, 4);

      const pulls = retrainPulls('weather');
      expect(pulls).toHaveLength(1);
      const pull = pulls[0]!;
      expect(pull.labels).toEqual(['retrain']);
      expect(pull.title).toBe(
        `Retrain weather: data drift in ${report.driftedColumns} of ${report.testedColumns} columns`,
      );
      expect(pull.pull?.base.ref).toBe('main');
      expect(pull.body).toContain('| column');
      expect(result.outputs['pr-url']).toBe(pullUrl(pull.number));
      const committed = JSON.parse(
        emulator.github.state.readFile('.mlops/retrain/weather.json', 'mlops/retrain/weather') ?? '{}',
      );
      expect(committed).toMatchObject({
        model: 'weather',
        datasetDrift: true,
        run: { url: expect.any(String) },
      });

      expect(emulator.github.state.dispatches).toEqual([
        expect.objectContaining({
          workflow: '.github/workflows/retrain.yml',
          ref: 'main',
          inputs: { model: 'weather' },
        }),
      ]);
      expect(result.summary).toContain('**Data drift**');
      expect(result.summary).toContain('xychart-beta');
      expect(result.summary).toContain('Retraining pull request');
    });

    it('a second run updates the same PR with a new commit and a comment, and dispatches again', async () => {
      const branchBefore = emulator.github.state.resolve('mlops/retrain/weather');
      const result = await driftCheck(inputs(), { runId: 4242 });
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.outputs['pr-operation']).toBe('updated');

      const pulls = retrainPulls('weather');
      expect(pulls).toHaveLength(1);
      expect(result.outputs['pr-url']).toBe(pullUrl(pulls[0]!.number));
      const branchAfter = emulator.github.state.resolve('mlops/retrain/weather');
      expect(branchAfter).not.toBe(branchBefore);
      const committed = JSON.parse(
        emulator.github.state.readFile('.mlops/retrain/weather.json', 'mlops/retrain/weather') ?? '{}',
      );
      expect(committed.run.id).toBe(4242);
      const comments = emulator.github.state.comments(pulls[0]!.number);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain('Drift check of weather');
      expect(emulator.github.state.dispatches).toHaveLength(2);
    });
  });

  it('after the retraining PR was closed, the next drift restarts the branch from main and opens a new PR', async () => {
    const closed = retrainPulls('weather')[0]!;
    const octokit = testClient(emulator);
    const { owner, repo } = emulator;
    await octokit.rest.pulls.update({ owner, repo, pull_number: closed.number, state: 'closed' });

    const result = await driftCheck({
      'model-name': 'weather',
      reference: profile2012,
      current: current2015,
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.outputs['pr-operation']).toBe('created');
    const open = retrainPulls('weather').filter((pull) => pull.state === 'open');
    expect(open).toHaveLength(1);
    expect(open[0]!.number).not.toBe(closed.number);
    // One commit on top of main: the closed PR's commits are gone from the branch.
    const head = emulator.github.state.resolve('mlops/retrain/weather') ?? '';
    const { data: commit } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: head });
    expect(commit.parents.map((parent) => parent.sha)).toEqual([emulator.github.state.resolve('main')]);
  });

  it('a hostile column name is escaped in the summary and the PR body, and reduced in the chart', async () => {
    const hostile = '[x](https://evil.example) @octocat <img src=x> `';
    const rename = (line: string) => (line.startsWith('date,') ? line.replace('wind', hostile) : line);
    const reference = writeYear(dir, 2012, rename, 'hostile-2012.csv');
    const current = writeYear(dir, 2015, rename, 'hostile-2015.csv');
    const result = await driftCheck({ 'model-name': 'hostile', reference, current });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const body = retrainPulls('hostile')[0]?.body ?? '';
    for (const markdown of [result.summary, body]) {
      expect(markdown).toContain('\\[x\\]');
      expect(markdown).not.toContain('[x](');
      expect(markdown).not.toContain('<img');
      expect(markdown).not.toMatch(/@octocat/);
      const axis = /x-axis \[(.*)\]/.exec(markdown)?.[1] ?? '';
      expect(axis).toContain('"x (https evil.example) octocat"');
      expect(axis).not.toMatch(/[<>`@]/);
    }
  });

  it('the same data as reference and current: no drift, a clean summary, nothing opened or dispatched', async () => {
    const dispatches = emulator.github.state.dispatches.length;
    const result = await driftCheck({
      'model-name': 'calm',
      reference: profile2012,
      current: reference2012,
      'retrain-workflow': 'retrain.yml',
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.outputs).toMatchObject({
      drifted: 'false',
      'drift-share': '0',
      'pr-operation': 'none',
      'pr-url': '',
    });
    expect(readReport(result)).toMatchObject({ reference: { kind: 'profile' }, driftedColumns: 0 });
    expect(result.summary).toContain('**No data drift**');
    expect(retrainPulls('calm')).toEqual([]);
    expect(emulator.github.state.refs()['refs/heads/mlops/retrain/calm']).toBeUndefined();
    expect(emulator.github.state.dispatches).toHaveLength(dispatches);
  });

  it('without `reference`, compares with the profile.json of the version in production', async () => {
    emulator.github.state.addRelease({
      tag_name: 'temp@v1',
      assets: [{ name: 'profile.json', data: readFileSync(profile2012), contentType: 'application/json' }],
    });
    const deployment = { model: 'temp', version: 1, tag: 'temp@v1', sha256: 'a'.repeat(64) };
    emulator.github.state.addDeployment({
      environment: 'production',
      task: 'deploy:model',
      payload: deployment,
      statuses: [{ state: 'success' }],
    });
    const result = await driftCheck({ 'model-name': 'temp', current: current2015, 'open-pr': 'false' });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.outputs).toMatchObject({ drifted: 'true', 'pr-operation': 'none' });
    expect(readReport(result)).toMatchObject({
      reference: { kind: 'production', tag: 'temp@v1', version: 1, rows: 366 },
      datasetDrift: true,
    });
    expect(result.summary).toContain('temp@&#8203;v1 \\(in production\\)');
    expect(retrainPulls('temp')).toEqual([]);
  });

  it('a column missing from the current data is a finding and a warning, and the rest is still tested', async () => {
    const dropWind = (line: string) => line.split(',').toSpliced(4, 1).join(',');
    const withoutWind = writeYear(dir, 2015, dropWind, 'seattle-2015-without-wind.csv');
    const result = await driftCheck({
      'model-name': 'nowind',
      reference: profile2012,
      current: withoutWind,
      'open-pr': 'false',
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const report = readReport(result);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ kind: 'missing-column', column: 'wind' }),
    );
    expect(report.testedColumns).toBe(4);
    expect(result.annotations).toContainEqual(
      expect.objectContaining({ level: 'warning', message: expect.stringContaining('column "wind"') }),
    );
    expect(result.summary).toContain('**missing-column**');
  });

  it('per-column overrides from `tests` choose the method and threshold', async () => {
    const result = await driftCheck({
      'model-name': 'override',
      reference: reference2012,
      current: current2015,
      tests: '{wind: {method: psi, threshold: 0.2}}',
      'open-pr': 'false',
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const wind = readReport(result).columns.find((c: { column: string }) => c.column === 'wind');
    expect(wind).toMatchObject({ method: 'psi', threshold: 0.2, details: { chosenBy: 'override' } });
  });

  describe('prediction drift of the model in production', () => {
    const rowsOf = (path: string) => readFileSync(path, 'utf8').trim().split('\n').slice(1);
    let toolCache: string;
    let heatwave2012: string;
    let modelPath: string;

    beforeAll(async () => {
      toolCache = mkdtempSync(join(tmpdir(), 'drift-tools-'));
      modelPath = join(dir, 'rainy.onnx');
      writeFileSync(modelPath, exportLinearModel(RAINY_DAY_MODEL, { numericType: 'double' }));
      // 2012 with a truth column, evaluated as `evaluate` would: its evaluation.json carries the predictions.
      const labelled = writeYear(
        dir,
        2012,
        (line) =>
          line.startsWith('date,') ? `${line},rain` : `${line},${line.endsWith(',rain') ? 'yes' : 'no'}`,
        'rainy-2012.csv',
      );
      const ort = createRequire(import.meta.url)('onnxruntime-node') as OnnxRuntime;
      const evaluation = await evaluateModel({
        model: modelPath,
        data: [labelled],
        target: 'rain',
        runtime: { ort },
        bootstrap: { resamples: 0 },
        modelReference: { name: 'rainy', path: modelPath },
      });
      writeFileSync(join(dir, 'rainy-evaluation.json'), JSON.stringify(evaluation));
      const { predictions, ...withoutPredictions } = evaluation;
      expect(predictions).toMatchObject({ output: 'score', positiveClass: 'yes' });
      writeFileSync(join(dir, 'rainy-evaluation-v0.json'), JSON.stringify(withoutPredictions));
      // The same days in a heat wave: 6 °C warmer, so every day looks less rainy to the model.
      heatwave2012 = writeYear(
        dir,
        2012,
        (line) => {
          if (line.startsWith('date,')) return line;
          const cells = line.split(',');
          cells[2] = String(Number(cells[2]) + 6);
          return cells.join(',');
        },
        'heatwave-2012.csv',
      );

      // rainy@v1 (with predictions) in production; rainy@v2 registered from an older evaluate (none).
      const mainSha = emulator.github.state.resolve('main') ?? '';
      for (const [runId, evaluationFile] of [
        [501, 'rainy-evaluation.json'],
        [502, 'rainy-evaluation-v0.json'],
      ] as const) {
        const registered = await runAction('register-model', {
          emulator,
          env: FAST,
          runId,
          sha: mainSha,
          inputs: {
            'model-name': 'rainy',
            model: modelPath,
            evaluation: join(dir, evaluationFile),
            profile: profile2012,
          },
        });
        expect(registered.exitCode, registered.stdout + registered.stderr).toBe(0);
      }
      const sha256 = createHash('sha256').update(readFileSync(modelPath)).digest('hex');
      emulator.github.state.addDeployment({
        environment: 'production',
        task: 'deploy:model',
        payload: { model: 'rainy', version: 1, tag: 'rainy@v1', sha256 },
        statuses: [{ state: 'success' }],
      });
    }, 120_000);

    function check(inputs: Record<string, string>) {
      return runAction('drift-check', {
        emulator,
        inputs: { 'model-name': 'rainy', 'open-pr': 'false', ...inputs },
        env: { ...FAST, RUNNER_TOOL_CACHE: toolCache },
        event: scheduleEvent(),
        eventName: 'schedule',
        timeoutMs: 180_000,
      });
    }

    it('the production model’s scores on heat-wave data drifted from its evaluation’s: reported on their own', async () => {
      const result = await check({ current: heatwave2012, model: 'stage:production' });
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.outputs['prediction-drifted']).toBe('true');
      const report = readReport(result);
      expect(report.reference).toMatchObject({ kind: 'production', tag: 'rainy@v1' });
      expect(report.predictions).toMatchObject({
        model: { tag: 'rainy@v1', version: 1 },
        referenceSource: 'rainy@v1/evaluation.json',
        tested: true,
        drifted: true,
        output: 'score',
        positiveClass: 'yes',
        referenceRows: 366,
        currentRows: 366,
        column: { column: 'prediction', method: 'ks', details: { basis: 'exact' } },
      });
      // KS of the hand-computed scores: the same D and p as the action's, from ONNX scores and profiles.
      const expected = ksTwoSample(
        rowsOf(reference2012).map(rainyDayScore),
        rowsOf(heatwave2012).map(rainyDayScore),
      );
      expect(report.predictions.column.statistic).toBeCloseTo(expected.statistic, 6);
      expect(report.predictions.column.pValue).toBeCloseTo(expected.pValue, 6);
      expect(expected.pValue).toBeLessThan(0.05);
      // Only temp_max moved: one of five columns, below the drift share — prediction drift does not count there.
      expect(report).toMatchObject({ driftedColumns: 1, testedColumns: 5, datasetDrift: false });
      expect(result.outputs['drifted']).toBe('false');
      expect(result.summary).toContain(
        '**Prediction drift** in the scores (probability of "yes") of rainy@&#8203;v1',
      );
      expect(result.summary).toContain('does not count toward the drifted share');
    }, 240_000);

    it('on the data it was evaluated on, the same predictions: no prediction drift', async () => {
      const result = await check({ current: reference2012, model: 'rainy@stage:production' });
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.outputs['prediction-drifted']).toBe('false');
      const report = readReport(result);
      expect(report.predictions).toMatchObject({ tested: true, drifted: false, column: { statistic: 0 } });
      expect(result.summary).toContain('**No prediction drift**');
    }, 240_000);

    it('a version registered before evaluations recorded predictions: a notice, not a failure', async () => {
      const result = await check({ current: heatwave2012, model: 'v2' });
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.outputs['prediction-drifted']).toBe('false');
      const notice = result.annotations.find((a) => a.level === 'notice')?.message ?? '';
      expect(notice).toMatch(/rainy@v2\/evaluation\.json records no predictions/);
      expect(readReport(result).predictions).toMatchObject({
        model: { tag: 'rainy@v2' },
        tested: false,
        drifted: false,
        notice: expect.stringContaining('prediction drift not checked'),
      });
      expect(result.summary).toContain('**Prediction drift not checked** for rainy@&#8203;v2');
    }, 240_000);

    it('a model file with `reference-predictions`', async () => {
      const result = await check({
        reference: profile2012,
        current: heatwave2012,
        model: modelPath,
        'reference-predictions': join(dir, 'rainy-evaluation.json'),
      });
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.outputs['prediction-drifted']).toBe('true');
      expect(readReport(result).predictions).toMatchObject({ model: { path: modelPath }, tested: true });
    }, 240_000);
  });

  describe('bad input fails the step with a message that says what to do', () => {
    async function failure(inputs: Record<string, string>) {
      const result = await driftCheck({ 'open-pr': 'false', ...inputs });
      expect(result.exitCode).toBe(1);
      return result.annotations.find((a) => a.level === 'error')?.message ?? '';
    }

    it('no version in production and no `reference`', async () => {
      expect(await failure({ 'model-name': 'unknown', current: current2015 })).toMatch(
        /No version of "unknown" runs in production .* pass `reference`/,
      );
    });

    it('current data without rows', async () => {
      const empty = join(dir, 'empty.csv');
      writeFileSync(empty, 'date,precipitation,temp_max,temp_min,wind,weather\n');
      expect(await failure({ 'model-name': 'weather', reference: profile2012, current: empty })).toMatch(
        /has no rows: nothing to compare/,
      );
    });

    it('a reference profile of another schema version', async () => {
      const future = join(dir, 'profile-v2.json');
      writeFileSync(
        future,
        JSON.stringify({ ...JSON.parse(readFileSync(profile2012, 'utf8')), schemaVersion: 2 }),
      );
      expect(await failure({ 'model-name': 'weather', reference: future, current: current2015 })).toMatch(
        /profile-v2\.json: profile schema version 2 is not supported/,
      );
    });

    it('a reference that cannot judge anything ({} or "columns": null) fails closed, naming the file', async () => {
      const empty = join(dir, 'reference-empty.json');
      writeFileSync(empty, '{}\n');
      expect(await failure({ 'model-name': 'weather', reference: empty, current: current2015 })).toMatch(
        /reference-empty\.json: the reference has no columns, so nothing could be compared with it/,
      );
      const nullColumns = join(dir, 'reference-null.json');
      writeFileSync(
        nullColumns,
        JSON.stringify({ ...JSON.parse(readFileSync(profile2012, 'utf8')), columns: null }),
      );
      expect(
        await failure({ 'model-name': 'weather', reference: nullColumns, current: current2015 }),
      ).toMatch(/reference-null\.json: the profile's "columns" is null/);
    });

    it('an override naming no column', async () => {
      expect(
        await failure({
          'model-name': 'weather',
          reference: profile2012,
          current: current2015,
          tests: '{humidity: {method: psi}}',
        }),
      ).toMatch(/tests\.humidity: no column "humidity"/);
    });
  });

  describe('a reply lost after GitHub processed the write', () => {
    it.each([
      ['POST pulls', /\/pulls$/, 'lost-pull'],
      ['POST dispatches', /\/dispatches$/, 'lost-dispatch'],
    ])('%s: one PR, pr-operation created, one retrain run', async (_endpoint, path, model) => {
      emulator.github.faults.add({ method: 'POST', path, drop: true, dropAfterProcessing: true });
      const result = await driftCheck({
        'model-name': model,
        reference: reference2012,
        current: current2015,
        'retrain-workflow': 'retrain.yml',
      });
      emulator.github.faults.clear();
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.requests.filter((r) => r.status === 'dropped')).toHaveLength(1);
      const pulls = retrainPulls(model);
      expect(pulls).toHaveLength(1);
      expect(result.outputs).toMatchObject({
        'pr-operation': 'created',
        'pr-url': pullUrl(pulls[0]!.number),
      });
      expect(emulator.github.state.comments(pulls[0]!.number)).toEqual([]);
      expect(emulator.github.state.dispatches.filter((d) => d.inputs['model'] === model)).toHaveLength(1);
    });
  });
});

describe('the drift report', () => {
  const column = (name: string, drift: Partial<ColumnDrift>): ColumnDrift => ({
    column: name,
    kind: 'numeric',
    method: 'ks',
    statistic: 0.2,
    pValue: 0.5,
    threshold: 0.05,
    drifted: false,
    details: { basis: 'exact', referenceCount: 100, currentCount: 100, distinct: 50, chosenBy: 'default' },
    ...drift,
  });

  it('scores p-values and distances on one axis, 1 at the threshold', () => {
    // 0.0025 = 0.05²: twice as far past the threshold on the log scale.
    expect(relativeDriftScore(column('a', { pValue: 0.0025 }))).toBeCloseTo(2, 12);
    expect(
      relativeDriftScore(column('b', { method: 'wasserstein', statistic: 0.15, threshold: 0.1 })),
    ).toBeCloseTo(1.5, 12);
    expect(relativeDriftScore(column('c', { pValue: 0 }))).toBe(10);
  });

  it('shows prediction drift as its own verdict and table, or why it was not checked', () => {
    const report: DriftReport = {
      columns: [column('wind', {})],
      testedColumns: 1,
      driftedColumns: 0,
      driftedShare: 0,
      driftShare: 0.5,
      datasetDrift: false,
      findings: [],
    };
    const input = { modelName: 'churn', report, referenceLabel: 'ref', referenceRows: 100, currentRows: 100 };
    const drift: PredictionDrift = {
      output: 'score',
      positiveClass: '<b>yes</b>',
      column: column('prediction', { drifted: true, pValue: 0.001 }),
      drifted: true,
      findings: [],
    };
    const markdown = renderDriftReport({
      ...input,
      predictions: { modelLabel: 'churn@v3', referenceLabel: 'churn@v3/evaluation.json', drift },
    });
    expect(markdown).toContain('**No data drift**');
    expect(markdown).toMatch(
      /\*\*Prediction drift\*\* in the scores \(probability of "&lt;b&gt;yes&lt;\/b&gt;"\)/,
    );
    expect(markdown).toMatch(/\| prediction +\|.*✗ drifted/);
    expect(
      renderDriftReport({
        ...input,
        predictions: { modelLabel: 'm.onnx', notice: 'no reference predictions' },
      }),
    ).toContain('**Prediction drift not checked** for m\\.onnx: no reference predictions');
  });

  it('stays under the limit by dropping the chart and then the least drifted rows', () => {
    const columns = Array.from({ length: 400 }, (_, i) =>
      column(`feature_${i}`, { drifted: i < 3, pValue: i < 3 ? 1e-9 : 0.5 }),
    );
    const report: DriftReport = {
      columns,
      testedColumns: 400,
      driftedColumns: 3,
      driftedShare: 3 / 400,
      driftShare: 0.5,
      datasetDrift: false,
      findings: [],
    };
    const input = { modelName: 'wide', report, referenceLabel: 'ref', referenceRows: 100, currentRows: 100 };
    expect(renderDriftReport(input)).toContain('xychart-beta');
    const trimmed = renderDriftReport({ ...input, limit: 4000 });
    expect(trimmed.length).toBeLessThanOrEqual(4000);
    expect(trimmed).not.toContain('xychart-beta');
    expect(trimmed).toMatch(/\| feature\\_0 +\|.*✗ drifted/);
    expect(trimmed).not.toContain('feature\\_399');
    expect(trimmed).toContain('trimmed to fit');
  });
});
