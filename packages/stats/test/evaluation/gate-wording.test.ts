import { describe, expect, it } from 'vitest';
import { checkGates, type EvaluatedMetric } from '../../src/evaluation/index';

const metric = (
  name: string,
  baseline: number,
  candidate: number,
  higherIsBetter = true,
): EvaluatedMetric => ({
  name,
  title: name,
  higherIsBetter,
  candidate,
  baseline,
  delta: candidate - baseline,
  warnings: [],
});

describe('gate messages', () => {
  it('show the values with enough digits that the change they print is visible', () => {
    // A mean absolute error of 53.1 going up by 0.006117: four significant digits would print
    // "53.11 → 53.11" beside a regression of 0.006117.
    const [gate] = checkGates({ mae: { 'max-regression': 0.01 } }, [metric('mae', 53.1, 53.106117, false)]);
    expect(gate!.reason).toBe('mae regressed by 0.006117 (53.1 → 53.1061), within the allowed 0.01');
    // 53.1061 − 53.1 = 0.0061: the shown values agree with the shown regression to its 2nd digit.
  });

  it('keep four significant digits when they already show the change', () => {
    const [gate] = checkGates({ roc_auc: { 'max-regression': 0.02 } }, [
      metric('roc_auc', 0.704827, 0.69928),
    ]);
    expect(gate!.reason).toBe('roc_auc regressed by 0.005547 (0.7048 → 0.6993), within the allowed 0.02');
  });

  it('say an improvement did not regress, with its visible change', () => {
    const [gate] = checkGates({ accuracy: { 'max-regression': 0.01 } }, [
      metric('accuracy', 0.91234, 0.91241),
    ]);
    expect(gate!.reason).toBe('accuracy did not regress (0.91234 → 0.91241)');
  });
});
