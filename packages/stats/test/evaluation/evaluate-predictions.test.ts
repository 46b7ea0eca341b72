import { describe, expect, it } from 'vitest';
import {
  checkGates,
  evaluatePredictions,
  parseEvaluation,
  sliceRows,
  type EvaluatedMetric,
} from '../../src/evaluation/index';

const model = { name: 'churn' };

describe('evaluatePredictions', () => {
  it('scores a binary classifier with hand-checked values (scikit-learn docstring example)', () => {
    // labels [0,0,1,1], scores [0.1,0.4,0.35,0.8]: AUC = 3 of 4 positive–negative pairs ordered = 0.75;
    // at threshold 0.5 the predictions are [0,0,0,1]: 3 of 4 right, precision 1/1, recall 1/2.
    const evaluation = evaluatePredictions({
      task: 'binary',
      truth: [0, 0, 1, 1],
      candidate: { task: 'binary', scores: [0.1, 0.4, 0.35, 0.8] },
      model,
      metrics: ['roc_auc', 'accuracy', 'precision', 'recall'],
    });
    const value = (name: string) => evaluation.metrics.find((m) => m.name === name)?.candidate;
    expect(value('roc_auc')).toBeCloseTo(0.75, 12);
    expect(value('accuracy')).toBeCloseTo(0.75, 12);
    expect(value('precision')).toBeCloseTo(1, 12);
    expect(value('recall')).toBeCloseTo(0.5, 12);
    expect(evaluation).toMatchObject({
      schema: 'mlops-actions/evaluation',
      schemaVersion: 1,
      rows: 4,
      threshold: 0.5,
      passed: true,
    });
    expect(evaluation.baseline).toBeUndefined();
    expect(evaluation.pairedTest).toBeUndefined();
  });

  it('a candidate identical to the baseline has zero deltas, intervals of [0, 0] and no significant change', () => {
    const truth = Array.from({ length: 200 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
    const scores = truth.map((label, i) => (label ? 0.6 : 0.4) + ((i * 13) % 10) / 50 - 0.1);
    const evaluation = evaluatePredictions({
      task: 'binary',
      truth,
      candidate: { task: 'binary', scores },
      baseline: { task: 'binary', scores: [...scores] },
      model,
      baselineModel: { name: 'churn', tag: 'churn@v1', version: 1 },
      bootstrap: { resamples: 200 },
    });
    for (const metric of evaluation.metrics) {
      if (Number.isNaN(metric.candidate)) continue;
      expect(metric.delta).toBe(0);
      expect(metric.interval).toMatchObject({ lower: 0, upper: 0 });
      expect(metric.significant).toBe(false);
    }
    expect(evaluation.pairedTest).toMatchObject({
      test: 'mcnemar',
      pValue: 1,
      candidateOnly: 0,
      baselineOnly: 0,
    });
    expect(evaluation.baseline?.tag).toBe('churn@v1');
  });

  it('a clearly better regressor shows a significant drop in error and a Wilcoxon test', () => {
    const truth = Array.from({ length: 300 }, (_, i) => i / 10);
    // Deterministic "noise": the candidate is off by ±0.1, the baseline by ±1.
    const noise = (i: number) => (((i * 7919) % 101) / 101 - 0.5) * 2;
    const candidate = truth.map((y, i) => y + 0.1 * noise(i));
    const baseline = truth.map((y, i) => y + 1 * noise(i + 1));
    const evaluation = evaluatePredictions({
      task: 'regression',
      truth,
      candidate: { task: 'regression', values: candidate },
      baseline: { task: 'regression', values: baseline },
      model,
      metrics: ['mae', 'r2'],
    });
    const mae = evaluation.metrics.find((m) => m.name === 'mae')!;
    // An independent computation of both MAEs.
    const meanAbs = (predictions: number[]) =>
      predictions.reduce((s, p, i) => s + Math.abs(p - truth[i]!), 0) / truth.length;
    expect(mae.candidate).toBeCloseTo(meanAbs(candidate), 12);
    expect(mae.baseline).toBeCloseTo(meanAbs(baseline), 12);
    expect(mae.delta).toBeLessThan(0);
    expect(mae.significant).toBe(true);
    expect(mae.interval!.upper).toBeLessThan(0);
    expect(evaluation.pairedTest?.test).toBe('wilcoxon');
    expect(evaluation.pairedTest!.pValue).toBeLessThan(1e-6);
  });

  it('breaks metrics down by slice, equal to scoring each slice on its own', () => {
    const region = ['eu', 'us', 'eu', 'us', 'eu', 'apac', 'us', 'eu'];
    const truth = [1, 0, 1, 1, 0, 1, 0, 0];
    const scores = [0.9, 0.2, 0.4, 0.7, 0.3, 0.6, 0.8, 0.1];
    const evaluation = evaluatePredictions({
      task: 'binary',
      truth,
      candidate: { task: 'binary', scores },
      model,
      metrics: ['accuracy'],
      slices: [{ column: 'region', values: region }],
      sliceOptions: { minRows: 2 },
    });
    // eu: rows 0,2,4,7 → predictions 1,0,0,0 vs 1,1,0,0 → 3/4. us: rows 1,3,6 → 0,1,1 vs 0,1,0 → 2/3.
    // apac has 1 row (< 2) and is dropped: "(other)" would hold only that row.
    expect(evaluation.slices).toEqual([
      { column: 'region', value: 'eu', rows: 4, metrics: [{ name: 'accuracy', candidate: 0.75 }] },
      { column: 'region', value: 'us', rows: 3, metrics: [{ name: 'accuracy', candidate: 2 / 3 }] },
    ]);
  });

  it('gives a slice missing a class NaN instead of crashing', () => {
    const evaluation = evaluatePredictions({
      task: 'binary',
      truth: [1, 1, 0, 1],
      candidate: { task: 'binary', scores: [0.9, 0.8, 0.2, 0.7] },
      model,
      metrics: ['roc_auc'],
      slices: [{ column: 'segment', values: ['a', 'a', 'b', 'b'] }],
      sliceOptions: { minRows: 1 },
    });
    expect(evaluation.slices.find((s) => s.value === 'a')?.metrics[0]?.candidate).toBeNaN();
  });

  it('refuses empty data, mismatched lengths and unknown metrics with clear messages', () => {
    const base = { task: 'binary' as const, model };
    expect(() =>
      evaluatePredictions({ ...base, truth: [], candidate: { task: 'binary', scores: [] } }),
    ).toThrow(/empty/);
    expect(() =>
      evaluatePredictions({ ...base, truth: [1, 0], candidate: { task: 'binary', scores: [0.5] } }),
    ).toThrow(/candidate has 1 predictions for 2 rows/);
    expect(() =>
      evaluatePredictions({
        ...base,
        truth: [1, 0],
        candidate: { task: 'binary', scores: [0.5, 0.2] },
        metrics: ['mae'],
      }),
    ).toThrow(/Unknown binary metric "mae"; available: accuracy/);
    expect(() =>
      evaluatePredictions({ ...base, truth: [1, 0], candidate: { task: 'regression', values: [0.5, 0.2] } }),
    ).toThrow(/regression task, but the evaluation is binary/);
  });
});

describe('checkGates', () => {
  const accuracy: EvaluatedMetric = {
    name: 'accuracy',
    title: 'Accuracy',
    higherIsBetter: true,
    candidate: 0.8,
    baseline: 0.85,
    warnings: [],
  };
  const logLoss: EvaluatedMetric = {
    name: 'log_loss',
    title: 'Log loss',
    higherIsBetter: false,
    candidate: 0.42,
    baseline: 0.4,
    warnings: [],
  };

  it('knows which way is worse for each metric', () => {
    const results = checkGates(
      {
        accuracy: { min: 0.75, 'max-regression': 0.01 },
        log_loss: { 'max-relative-regression': 0.1, max: 0.4 },
      },
      [accuracy, logLoss],
    );
    expect(results.map((r) => [r.metric, r.rule, r.passed])).toEqual([
      ['accuracy', 'min', true],
      ['accuracy', 'max-regression', false], // 0.85 → 0.80 is 0.05 worse, 0.01 allowed
      ['log_loss', 'max-relative-regression', true], // 0.40 → 0.42 is 5 % worse, 10 % allowed
      ['log_loss', 'max', false],
    ]);
    expect(results[1]?.actual).toBeCloseTo(0.05, 12);
    expect(results[1]?.reason).toMatch(
      /accuracy regressed by 0\.05 \(0\.85 → 0\.8\), beyond the allowed 0\.01/,
    );
    expect(results[2]?.actual).toBeCloseTo(0.05, 12);
  });

  it('passes regression rules without a baseline, and says so', () => {
    const [result] = checkGates({ accuracy: { 'max-regression': 0 } }, [
      { ...accuracy, baseline: undefined },
    ]);
    expect(result).toMatchObject({ passed: true });
    expect(result?.reason).toMatch(/no baseline/);
  });

  it('refuses gates on metrics that were not evaluated, and unknown rules', () => {
    expect(() => checkGates({ f1: { min: 0.5 } }, [accuracy])).toThrow(
      /"f1" was not evaluated \(evaluated: accuracy\)/,
    );
    expect(() => checkGates({ accuracy: { minimum: 0.5 } as never }, [accuracy])).toThrow(
      /"accuracy.minimum" is not a rule/,
    );
  });
});

describe('sliceRows', () => {
  it('keeps the most frequent values and folds the rest into "(other)"', () => {
    const values = ['a', 'a', 'a', 'b', 'b', 'c', null, null, null, 'd'];
    const slices = sliceRows({ column: 'x', values }, { minRows: 2, maxValues: 2 });
    expect(slices.map((s) => [s.value, Array.from(s.rows)])).toEqual([
      // a and null both have 3 rows: ties go by value ("a" < "null").
      ['a', [0, 1, 2]],
      [null, [6, 7, 8]],
      ['(other)', [3, 4, 5, 9]],
    ]);
  });
});

describe('parseEvaluation', () => {
  const valid = () =>
    evaluatePredictions({
      task: 'binary',
      truth: [0, 1, 1, 0],
      candidate: { task: 'binary', scores: [0.2, 0.7, 0.6, 0.4] },
      baseline: { task: 'binary', scores: [0.3, 0.6, 0.4, 0.5] },
      model,
      bootstrap: { resamples: 10 },
    });

  it('reads what evaluatePredictions writes', () => {
    const evaluation = valid();
    expect(parseEvaluation(JSON.stringify(evaluation), 'e.json')).toEqual(evaluation);
    // The file says how its intervals were drawn.
    expect(evaluation.bootstrap).toEqual({ method: 'poisson', resamples: 10, confidence: 0.95, seed: 1 });
  });

  it('reads a file written before the bootstrap method was recorded (multinomial, by omission)', () => {
    const older = JSON.parse(JSON.stringify(valid())) as Record<string, Record<string, unknown>>;
    delete older['bootstrap']!['method'];
    expect(parseEvaluation(JSON.stringify(older), 'e.json').bootstrap?.method).toBeUndefined();
  });

  it('refuses fields a comment would render that are not what evaluate writes', () => {
    const tampered = (change: (e: Record<string, unknown>) => void) => {
      const e = JSON.parse(JSON.stringify(valid())) as Record<string, unknown>;
      change(e);
      return () => parseEvaluation(JSON.stringify(e), 'artifact/evaluation.json');
    };
    expect(tampered((e) => (e['task'] = '<img src=x onerror=alert(1)>'))).toThrow(
      /artifact\/evaluation\.json: "task" must be/,
    );
    expect(
      tampered((e) => ((e['pairedTest'] as Record<string, unknown>)['candidateOnly'] = '@octocat')),
    ).toThrow(/"pairedTest" is malformed/);
    expect(
      tampered((e) => (e['gates'] = [{ metric: 'x', rule: 'sometimes', limit: 1, passed: true }])),
    ).toThrow(/gates\[0\] is malformed/);
    expect(tampered((e) => (e['schemaVersion'] = 2))).toThrow(/schema version 2/);
    expect(tampered((e) => ((e['bootstrap'] as Record<string, unknown>)['method'] = '::warning::x'))).toThrow(
      /"bootstrap" is malformed/,
    );
    expect(tampered((e) => (e['bootstrap'] = { resamples: '1000' }))).toThrow(/"bootstrap" is malformed/);
  });
});
