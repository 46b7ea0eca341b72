import { describe, expect, it } from 'vitest';
import {
  evaluatePredictions,
  MAX_PROBABILITY_CLASSES,
  parseEvaluation,
  parsePredictionProfile,
  profilePredictions,
} from '../../src/evaluation/index';
import { predictionDrift } from '../../src/drift/index';
import { Xoshiro128 } from '../../src/metrics/numerics/seeded-random';

/** n scores in (0, 1) from a seeded generator: Beta-like by averaging uniforms, then shifted. */
function scores(n: number, seed: number, shift = 0): Float64Array {
  const random = new Xoshiro128(seed);
  return Float64Array.from({ length: n }, () => {
    const value = (random.next() + random.next() + random.next()) / 3 + shift;
    return Math.min(Math.max(value, 0.001), 0.999);
  });
}

/**
 * Probability rows of 3 classes: `counts[k]` rows predict class k with a probability drawn from
 * [top, top + 0.2), the rest split evenly between the other two.
 */
function unsureRows(counts: readonly number[], top: number, seed: number): number[][] {
  const random = new Xoshiro128(seed);
  return counts.flatMap((count, k) =>
    Array.from({ length: count }, () => {
      const p = top + 0.2 * random.next();
      return [0, 1, 2].map((c) => (c === k ? p : (1 - p) / 2));
    }),
  );
}

/** KS D by its definition, checking the two empirical CDFs at every value: O(n·m), independent of the library's merge. */
function ksByHand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const cdf = (sample: ArrayLike<number>, x: number) => {
    let below = 0;
    for (let i = 0; i < sample.length; i++) if ((sample[i] as number) <= x) below++;
    return below / sample.length;
  };
  let d = 0;
  for (const x of [...Array.from(a), ...Array.from(b)]) d = Math.max(d, Math.abs(cdf(a, x) - cdf(b, x)));
  return d;
}

describe('the prediction profile in evaluation.json', () => {
  it('profiles a binary model’s positive-class scores as a numeric column', () => {
    const values = [0.1, 0.4, 0.35, 0.8];
    const profile = profilePredictions({ task: 'binary', scores: values }, { classes: ['no', 'yes'] });
    expect(profile).toMatchObject({
      output: 'score',
      positiveClass: 'yes',
      classes: ['no', 'yes'],
      profile: { kind: 'numeric', count: 4, nulls: 0 },
    });
    expect(profile.profile.summary.mean).toBeCloseTo((0.1 + 0.4 + 0.35 + 0.8) / 4, 12);
    expect(profile.profile.summary.min).toBe(0.1);
    expect(profile.profile.summary.max).toBe(0.8);
  });

  it('profiles a multiclass model’s predicted class, the first most probable on ties (np.argmax)', () => {
    const profile = profilePredictions(
      {
        task: 'multiclass',
        probabilities: [
          [0.2, 0.5, 0.3],
          [0.4, 0.4, 0.2],
          [0.1, 0.1, 0.8],
          [0.6, 0.3, 0.1],
        ],
      },
      { classes: ['rain', 'sun', 'fog'] },
    );
    expect(profile.output).toBe('class');
    expect(profile.profile.kind).toBe('categorical');
    const counts = Object.fromEntries(
      (profile.profile.summary.mostFrequent ?? []).map(({ value, count }) => [value, count]),
    );
    expect(counts).toEqual({ rain: 2, sun: 1, fog: 1 });
  });

  it('profiles regression predictions as values, and a current profile takes the reference’s histogram edges', () => {
    const reference = profilePredictions({ task: 'regression', values: [1, 2, 3, 4, 5, 6.5] });
    expect(reference.output).toBe('value');
    const current = profilePredictions({ task: 'regression', values: [10, 20] }, { reference });
    expect(current.profile.histogram).toMatchObject({
      type: 'fixed',
      edges: reference.profile.histogram!.edges,
    });
  });

  it('is written by evaluatePredictions and read back by parseEvaluation', () => {
    const evaluation = evaluatePredictions({
      task: 'binary',
      truth: [0, 1, 0, 1],
      candidate: { task: 'binary', scores: [0.2, 0.7, 0.4, 0.9] },
      model: { name: 'churn' },
      classes: ['stay', 'leave'],
      bootstrap: { resamples: 0 },
    });
    expect(evaluation.predictions).toMatchObject({ output: 'score', positiveClass: 'leave' });
    const read = parseEvaluation(JSON.stringify(evaluation), 'evaluation.json');
    expect(read.predictions?.profile.count).toBe(4);
  });

  it('a multiclass profile also holds each class’s probability, binned by the reference’s edges', () => {
    const rows = unsureRows([40, 30, 30], 0.6, 11);
    const classes = ['fog', 'rain', 'sun'];
    const profile = profilePredictions({ task: 'multiclass', probabilities: rows }, { classes });
    expect(profile.probabilities).toHaveLength(3);
    profile.probabilities!.forEach((column, k) => {
      const values = rows.map((row) => row[k]!);
      expect(column).toMatchObject({ kind: 'numeric', count: 100, nulls: 0 });
      expect(column.summary.mean).toBeCloseTo(values.reduce((sum, x) => sum + x, 0) / 100, 12);
      expect(column.summary.min).toBe(Math.min(...values));
      expect(column.summary.max).toBe(Math.max(...values));
    });
    // The current profile of class "rain" takes the reference's "rain" edges, found by name.
    const current = profilePredictions(
      {
        task: 'multiclass',
        probabilities: unsureRows([10, 10, 10], 0.3, 12).map(([a, b, c]) => [b!, a!, c!]),
      },
      { classes: ['rain', 'fog', 'sun'], reference: profile },
    );
    expect(current.probabilities![0]!.histogram!.edges).toEqual(profile.probabilities![1]!.histogram!.edges);
    const read = parsePredictionProfile(JSON.parse(JSON.stringify(profile)), 'p');
    expect(read.probabilities).toHaveLength(3);
  });

  it(`records the predicted class only past ${MAX_PROBABILITY_CLASSES} classes (each probability is ~50 KB of JSON)`, () => {
    const k = MAX_PROBABILITY_CLASSES + 1;
    const row = Array.from({ length: k }, (_, c) => (c === 0 ? 0.5 : 0.5 / (k - 1)));
    const profile = profilePredictions({ task: 'multiclass', probabilities: [row, row] });
    expect(profile.output).toBe('class');
    expect(profile.probabilities).toBeUndefined();
    const atLimit = profilePredictions({ task: 'multiclass', probabilities: [row.slice(1)] });
    expect(atLimit.probabilities).toHaveLength(MAX_PROBABILITY_CLASSES);
  });

  it('refuses class probabilities that do not match the classes', () => {
    const good = profilePredictions(
      { task: 'multiclass', probabilities: unsureRows([5, 5, 5], 0.5, 13) },
      { classes: ['a', 'b', 'c'] },
    );
    expect(() =>
      parsePredictionProfile(
        { ...good, probabilities: good.probabilities!.slice(1) },
        'e.json: "predictions"',
      ),
    ).toThrow(
      'e.json: "predictions".probabilities has 2 columns for 3 classes: one per class, in their order.',
    );
    expect(() =>
      parsePredictionProfile(
        { ...good, probabilities: [good.profile, ...good.probabilities!.slice(1)] },
        'p',
      ),
    ).toThrow('p.probabilities[0] must be a numeric column profile.');
    const scores = profilePredictions({ task: 'binary', scores: [0.2] });
    expect(() => parsePredictionProfile({ ...scores, probabilities: [] }, 'p')).toThrow(
      'p.probabilities must be a list, and only of class predictions.',
    );
  });

  it('an evaluation without predictions (written before them) still reads; a malformed block is refused', () => {
    const base = {
      schema: 'mlops-actions/evaluation',
      schemaVersion: 1,
      model: { name: 'churn' },
      task: 'binary',
      rows: 4,
      metrics: [],
    };
    expect(parseEvaluation(JSON.stringify(base), 'old.json').predictions).toBeUndefined();
    const good = profilePredictions({ task: 'binary', scores: [0.2, 0.7] });
    expect(() =>
      parseEvaluation(JSON.stringify({ ...base, predictions: { ...good, output: 'logits' } }), 'e.json'),
    ).toThrow('e.json: "predictions".output must be score, class or value.');
    expect(() =>
      parseEvaluation(JSON.stringify({ ...base, predictions: { ...good, output: 'class' } }), 'e.json'),
    ).toThrow(/profile is numeric, but class predictions are profiled as categorical/);
    expect(() => parsePredictionProfile({ output: 'score', profile: { kind: 'numeric' } }, 'p')).toThrow(
      'p.profile must be a column profile with a "count".',
    );
  });
});

describe('prediction drift', () => {
  it('small reference: KS on the scores, with the D a hand count of the two CDFs gives', () => {
    const referenceScores = scores(300, 1);
    const currentScores = scores(200, 2, 0.08);
    const reference = profilePredictions({ task: 'binary', scores: referenceScores });
    const current = profilePredictions({ task: 'binary', scores: currentScores }, { reference });
    const drift = predictionDrift(reference, current);
    expect(drift.column).toMatchObject({
      column: 'prediction',
      kind: 'numeric',
      method: 'ks',
      details: { basis: 'exact', referenceCount: 300, currentCount: 200 },
    });
    expect(drift.column!.statistic).toBeCloseTo(ksByHand(referenceScores, currentScores), 12);
    // A shift of 0.08 on scores whose std is about 0.17: far beyond chance at these sizes.
    expect(drift.column!.pValue).toBeLessThan(1e-4);
    expect(drift.drifted).toBe(true);

    const same = profilePredictions({ task: 'binary', scores: scores(200, 3) }, { reference });
    expect(predictionDrift(reference, same)).toMatchObject({ drifted: false, column: { method: 'ks' } });
  });

  it('large reference: normed Wasserstein, equal to the mean gap between sorted samples over the std', () => {
    const referenceValues = scores(2000, 4);
    const currentValues = scores(2000, 5, 0.05);
    const reference = profilePredictions({ task: 'regression', values: referenceValues });
    const current = profilePredictions({ task: 'regression', values: currentValues }, { reference });
    // Sketches from here (more than the 1024 values a sample keeps): within the KLL bound, not to 12 digits.
    const drift = predictionDrift(reference, current);
    const a = Float64Array.from(referenceValues).sort();
    const b = Float64Array.from(currentValues).sort();
    let gap = 0;
    for (let i = 0; i < a.length; i++) gap += Math.abs(a[i]! - b[i]!) / a.length;
    const mean = a.reduce((sum, x) => sum + x, 0) / a.length;
    const std = Math.sqrt(a.reduce((sum, x) => sum + (x - mean) ** 2, 0) / a.length);
    expect(drift.column).toMatchObject({ method: 'wasserstein', details: { basis: 'sketch' } });
    expect(drift.column!.statistic).toBeCloseTo(gap / std, 1);
    expect(Math.abs(drift.column!.statistic - gap / std)).toBeLessThan(0.02);
    expect(drift.drifted).toBe(gap / std >= 0.1);
  });

  it('predicted classes: chi-square with the statistic and p = exp(−χ²/2) (2 degrees of freedom) by hand', () => {
    const rows = (counts: [number, number, number]) =>
      counts.flatMap((count, k) =>
        Array.from({ length: count }, () => [0, 1, 2].map((c) => (c === k ? 0.8 : 0.1))),
      );
    const classes = ['fog', 'rain', 'sun'];
    const reference = profilePredictions(
      { task: 'multiclass', probabilities: rows([50, 30, 20]) },
      { classes },
    );
    const current = profilePredictions(
      { task: 'multiclass', probabilities: rows([30, 30, 40]) },
      { classes },
    );
    const drift = predictionDrift(reference, current);
    // Expected current counts: reference shares × 100 = 50, 30, 20.
    const chi2 = (30 - 50) ** 2 / 50 + 0 + (40 - 20) ** 2 / 20;
    expect(drift.column).toMatchObject({ kind: 'categorical', method: 'chisquare' });
    expect(drift.column!.statistic).toBeCloseTo(chi2, 12);
    expect(drift.column!.pValue).toBeCloseTo(Math.exp(-chi2 / 2), 12);
    expect(drift.drifted).toBe(true);
  });

  it('a model growing unsure keeps its classes but its probabilities drift: KS per class, by hand', () => {
    const classes = ['fog', 'rain', 'sun'];
    const referenceRows = unsureRows([100, 100, 100], 0.7, 21);
    const currentRows = unsureRows([100, 100, 100], 0.45, 22);
    const reference = profilePredictions({ task: 'multiclass', probabilities: referenceRows }, { classes });
    const current = profilePredictions(
      { task: 'multiclass', probabilities: currentRows },
      { classes, reference },
    );
    const drift = predictionDrift(reference, current);
    // The same counts per predicted class: chi-square 0, p = 1.
    expect(drift.column).toMatchObject({ method: 'chisquare', statistic: 0, drifted: false });
    expect(drift.probabilities!.map((column) => column.column)).toEqual([
      'probability[fog]',
      'probability[rain]',
      'probability[sun]',
    ]);
    drift.probabilities!.forEach((column, k) => {
      expect(column).toMatchObject({ kind: 'numeric', method: 'ks', details: { basis: 'exact' } });
      const d = ksByHand(
        referenceRows.map((row) => row[k]!),
        currentRows.map((row) => row[k]!),
      );
      expect(column.statistic).toBeCloseTo(d, 12);
      expect(column.drifted).toBe(true);
    });
    expect(drift.drifted).toBe(true);
    expect(drift.findings).toEqual([]);

    const steady = profilePredictions(
      { task: 'multiclass', probabilities: unsureRows([100, 100, 100], 0.7, 23) },
      { classes, reference },
    );
    const calm = predictionDrift(reference, steady);
    expect(calm.probabilities!.every((column) => !column.drifted)).toBe(true);
    expect(calm.drifted).toBe(false);
  });

  it('probabilities are tested only where both sides have them; an override sets the class test alone', () => {
    const classes = ['fog', 'rain', 'sun'];
    const rows = unsureRows([50, 50, 50], 0.6, 31);
    const reference = profilePredictions({ task: 'multiclass', probabilities: rows }, { classes });
    // An evaluation written before probabilities were recorded: the predicted class alone, no finding.
    const { probabilities: _dropped, ...older } = reference;
    const current = profilePredictions({ task: 'multiclass', probabilities: rows }, { classes });
    const fromOlder = predictionDrift(older, current);
    expect(fromOlder.probabilities).toBeUndefined();
    expect(fromOlder.column).toMatchObject({ column: 'prediction' });
    expect(fromOlder.findings).toEqual([]);
    // A current model without one of the reference's classes: the two shared ones, and a finding.
    const twoClasses = profilePredictions(
      { task: 'multiclass', probabilities: rows.map(([a, , c]) => [a!, 1 - a! - c!, c!]) },
      { classes: ['fog', 'hail', 'sun'] },
    );
    const partial = predictionDrift(reference, twoClasses);
    expect(partial.probabilities!.map((column) => column.column)).toEqual([
      'probability[fog]',
      'probability[sun]',
    ]);
    expect(partial.findings[0]?.message).toMatch(/lack some of the reference classes/);
    const overridden = predictionDrift(reference, current, {
      test: { method: 'jensenshannon', threshold: 0.2 },
    });
    expect(overridden.column).toMatchObject({ method: 'jensenshannon', details: { chosenBy: 'override' } });
    expect(overridden.probabilities!.every((column) => column.details.chosenBy !== 'override')).toBe(true);
  });

  it('an override chooses the method, and predictions of different kinds are a finding, not a test', () => {
    const reference = profilePredictions({ task: 'binary', scores: scores(300, 6) });
    const current = profilePredictions({ task: 'binary', scores: scores(300, 7) }, { reference });
    expect(
      predictionDrift(reference, current, { test: { method: 'psi', threshold: 0.2 } }).column,
    ).toMatchObject({
      method: 'psi',
      threshold: 0.2,
      details: { chosenBy: 'override' },
    });
    const classes = profilePredictions({ task: 'multiclass', probabilities: [[0.5, 0.3, 0.2]] });
    const mismatch = predictionDrift(reference, classes);
    expect(mismatch.column).toBeUndefined();
    expect(mismatch.drifted).toBe(false);
    expect(mismatch.findings[0]).toMatchObject({ kind: 'predictions-not-comparable' });
    const otherClass = profilePredictions({ task: 'binary', scores: [0.3] }, { classes: ['yes', 'no'] });
    expect(predictionDrift(reference, otherClass).findings[0]?.message).toMatch(
      /probabilities of class "1" but the current ones of "no"/,
    );
  });
});
