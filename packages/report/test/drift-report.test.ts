import { describe, expect, it } from 'vitest';
import {
  DatasetProfile,
  driftBetweenProfiles,
  predictionDrift,
  profilePredictions,
  Xoshiro128,
} from '@mlops-actions/stats';
import { renderDriftReport } from '../src/index';

/** Rows of 3 class probabilities: `count` rows per class, the predicted one in [top, top + 0.2). */
function rows(count: number, top: number, seed: number): number[][] {
  const random = new Xoshiro128(seed);
  return [0, 1, 2].flatMap((k) =>
    Array.from({ length: count }, () => {
      const p = top + 0.2 * random.next();
      return [0, 1, 2].map((c) => (c === k ? p : (1 - p) / 2));
    }),
  );
}

describe('the drift report’s prediction section', () => {
  const empty = driftBetweenProfiles(new DatasetProfile(), new DatasetProfile());

  it('tabulates the predicted classes and each class’s probability, with class names escaped', () => {
    const classes = ['sun', 'rain', '@ops <b>'];
    const reference = profilePredictions(
      { task: 'multiclass', probabilities: rows(100, 0.7, 1) },
      { classes },
    );
    const current = profilePredictions(
      { task: 'multiclass', probabilities: rows(100, 0.45, 2) },
      { classes, reference },
    );
    const drift = predictionDrift(reference, current);
    const markdown = renderDriftReport({
      modelName: 'weather',
      report: empty,
      referenceLabel: 'weather@v2',
      referenceRows: 0,
      currentRows: 0,
      predictions: { modelLabel: 'weather.onnx', referenceLabel: 'evaluation.json', drift },
    });
    expect(markdown).toContain(
      "**Prediction drift** in the predicted classes and each class's probability of weather\\.onnx",
    );
    for (const name of ['probability\\[sun\\]', 'probability\\[rain\\]', 'prediction'])
      expect(markdown).toMatch(new RegExp(`\\| ${name.replace(/[\\[\]]/g, '\\$&')} +\\| `));
    // The data-derived class name can neither mention anyone nor open HTML.
    expect(markdown).toContain('probability\\[@&#8203;ops &lt;b&gt;\\]');
    expect(markdown).not.toMatch(/@ops|<b>/);
    // Three probability rows drifted, the class counts did not.
    expect(markdown.match(/✗ drifted/g)).toHaveLength(3);
  });

  it('without recorded probabilities, the predicted classes alone', () => {
    const reference = profilePredictions({ task: 'multiclass', probabilities: rows(50, 0.6, 3) });
    const { probabilities: _none, ...older } = reference;
    const markdown = renderDriftReport({
      modelName: 'weather',
      report: empty,
      referenceLabel: 'r',
      referenceRows: 0,
      currentRows: 0,
      predictions: { modelLabel: 'weather', drift: predictionDrift(older, reference) },
    });
    expect(markdown).toContain('**No prediction drift** in the predicted classes of weather');
    expect(markdown).not.toContain('probability\\[');
  });
});
