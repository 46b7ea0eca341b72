import { describe, expect, it } from 'vitest';
import { flattenEntries, formatCell, plainText } from '../src/cells';
import { renderRunSummary } from '../src/run-summary';

describe('table cells', () => {
  it('spells out lists and objects instead of JSON, and escapes what it writes', () => {
    expect(plainText(0.66412345)).toBe('0.6641');
    expect(plainText(['a', 'b'])).toBe('a, b');
    expect(plainText({ accuracy: 0.66412345, f1: 0.5 })).toBe('accuracy 0.6641 · f1 0.5');
    expect(plainText(null)).toBe('—');
    expect(formatCell('x|y')).toBe('x\\|y');
    expect(formatCell({ '<b>': 1 })).not.toContain('<b>');
  });

  it('flattens nested records into one row per leaf, named by their path', () => {
    expect(
      flattenEntries({ loss: 0.5, validation: { accuracy: 0.7, per_class: { a: 1 } }, empty: {} }),
    ).toEqual([
      ['loss', 0.5],
      ['validation › accuracy', 0.7],
      ['validation › per_class › a', 1],
      ['empty', {}],
    ]);
  });

  it('a run summary shows nested metrics as rows, with no JSON', () => {
    const markdown = renderRunSummary({
      modelName: 'weather',
      params: { trees: 10, features: ['wind', 'temp'] },
      metrics: { train: { accuracy: 0.664123, f1: 0.6 }, seconds: 1.5 },
      data: [{ path: 'train.csv', rows: 100, sha256: 'a'.repeat(64) }],
      durationMs: 1500,
      model: { sha256: 'b'.repeat(64), bytes: 2048, inputs: [{ name: 'wind' }] },
    });
    expect(markdown).not.toMatch(/[{}"]/);
    expect(markdown).toMatch(/\| train › accuracy\s*\| 0\\\.6641\s*\|/);
    expect(markdown).toMatch(/\| features\s*\| wind, temp\s*\|/);
  });
});
