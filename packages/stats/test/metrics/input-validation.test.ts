import { describe, expect, it } from 'vitest';
import {
  accuracy,
  logLoss,
  meanAbsoluteError,
  MetricInputError,
  multiclassLogLoss,
  rocAuc,
} from '../../src/metrics/index';

describe('metric inputs', () => {
  it('reject empty input with a clear message', () => {
    expect(() => accuracy([], [])).toThrow(MetricInputError);
    expect(() => accuracy([], [])).toThrow('accuracy: labels is empty — a metric needs at least one row');
    expect(() => meanAbsoluteError([], [])).toThrow('mae: truth is empty');
  });

  it('name the row that holds a NaN or an infinity', () => {
    expect(() => rocAuc([0, 1, 1, 0], [0.1, 0.2, Number.NaN, 0.4])).toThrow(
      'roc_auc: scores[2] is NaN — metrics need finite numbers',
    );
    expect(() => meanAbsoluteError([1, Number.POSITIVE_INFINITY], [1, 2])).toThrow(
      'mae: truth[1] is Infinity',
    );
    expect(() => meanAbsoluteError([1, 2], [1, Number.NEGATIVE_INFINITY])).toThrow(
      'mae: predictions[1] is -Infinity',
    );
  });

  it('reject mismatched lengths, non-binary labels and out-of-range probabilities', () => {
    expect(() => accuracy([0, 1], [0.5])).toThrow('accuracy: scores has 1 rows but labels has 2');
    expect(() => accuracy([0, 2], [0.5, 0.5])).toThrow(
      'accuracy: labels[1] is 2 — binary labels must be 0 or 1',
    );
    expect(() => logLoss([0, 1], [0.5, 1.5])).toThrow(
      'log_loss: scores[1] is 1.5 — this metric needs probabilities',
    );
    // Scores for ranking metrics need not be probabilities.
    expect(rocAuc([0, 1], [-3, 12])).toBe(1);
  });

  it('reject negative, non-finite or all-zero weights', () => {
    expect(() => accuracy([0, 1], [0.5, 0.5], { weights: [1, -1] })).toThrow('accuracy: weights[1] is -1');
    expect(() => accuracy([0, 1], [0.5, 0.5], { weights: [0, 0] })).toThrow('accuracy: weights are all zero');
    expect(() => accuracy([0, 1], [0.5, 0.5], { weights: [1] })).toThrow('accuracy: weights has 1 rows');
  });

  it('name the cell of a bad probability row', () => {
    expect(() =>
      multiclassLogLoss(
        [0, 1],
        [
          [0.5, 0.5],
          [0.2, Number.NaN],
        ],
      ),
    ).toThrow('log_loss: probabilities[1][1] is NaN');
    expect(() =>
      multiclassLogLoss(
        [0, 1],
        [
          [0.5, 0.5],
          [0.2, 0.3, 0.5],
        ],
      ),
    ).toThrow('log_loss: probabilities[1] has 3 columns but row 0 has 2');
    expect(() =>
      multiclassLogLoss(
        [0, 3],
        [
          [0.5, 0.5],
          [0.2, 0.8],
        ],
      ),
    ).toThrow('log_loss: labels[1] is 3');
  });
});
