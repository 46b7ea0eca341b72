import { readMappingInput } from '../mapping-input';
import type { EvaluatedMetric, GateResult, GateRule } from './evaluation';

/**
 * Quality gates per metric, as users write them in `thresholds`:
 *
 * ```yaml
 * accuracy: { min: 0.8, max-regression: 0.01 }
 * log_loss: { max: 0.5, max-relative-regression: 0.05 }
 * ```
 *
 * - `min` / `max`: bounds on the candidate's value.
 * - `max-regression`: how much worse than the baseline the candidate may be, in the metric's units
 *   (worse means lower for accuracy, higher for a loss: the direction comes from the metric).
 * - `max-relative-regression`: the same as a fraction of the baseline's value (0.05 = 5 %).
 * Regression rules pass when there is no baseline, and say so.
 */
export type GateSpec = Record<string, Partial<Record<GateRule, number>>>;

/**
 * Reads `thresholds` as evaluate's input and the CLI's `--thresholds` give it: the path of a YAML/JSON
 * file (relative to `cwd`), or the YAML itself. `label` names an inline spec in errors (a file is named by
 * its path). Rules and limits are checked against the metrics by `checkGates`.
 */
export function readGateSpec(text: string, options: { cwd?: string; label?: string } = {}): GateSpec {
  return readMappingInput(text, {
    ...options,
    label: options.label ?? 'thresholds',
    expected: 'a mapping of metric → rules, e.g. {accuracy: {min: 0.8}}',
  }) as GateSpec;
}

const RULES: readonly GateRule[] = ['min', 'max', 'max-regression', 'max-relative-regression'];

/** Checks a gate spec against the evaluated metrics; unknown metrics or rules are errors, not silent passes. */
export function checkGates(spec: GateSpec, metrics: readonly EvaluatedMetric[]): GateResult[] {
  const results: GateResult[] = [];
  for (const [name, rules] of Object.entries(spec)) {
    const metric = metrics.find((m) => m.name === name);
    if (!metric) {
      throw new Error(
        `thresholds: metric "${name}" was not evaluated (evaluated: ${metrics.map((m) => m.name).join(', ')}).`,
      );
    }
    for (const [rule, limit] of Object.entries(rules ?? {})) {
      if (!RULES.includes(rule as GateRule)) {
        throw new Error(`thresholds: "${name}.${rule}" is not a rule; use one of ${RULES.join(', ')}.`);
      }
      if (typeof limit !== 'number' || !Number.isFinite(limit)) {
        throw new Error(
          `thresholds: "${name}.${rule}" must be a finite number, got ${JSON.stringify(limit)}.`,
        );
      }
      results.push(checkRule(metric, rule as GateRule, limit));
    }
  }
  return results;
}

function checkRule(metric: EvaluatedMetric, rule: GateRule, limit: number): GateResult {
  const value = metric.candidate;
  const result = (actual: number, passed: boolean, reason: string): GateResult => ({
    metric: metric.name,
    rule,
    limit,
    actual,
    passed,
    reason,
  });
  switch (rule) {
    case 'min':
      return result(
        value,
        value >= limit,
        `${metric.name} is ${fmt(value)}, ${value >= limit ? 'at least' : 'below'} the minimum ${fmt(limit)}`,
      );
    case 'max':
      return result(
        value,
        value <= limit,
        `${metric.name} is ${fmt(value)}, ${value <= limit ? 'at most' : 'above'} the maximum ${fmt(limit)}`,
      );
    case 'max-regression':
    case 'max-relative-regression': {
      if (metric.baseline === undefined) {
        return result(0, true, `${metric.name}: no baseline to compare with, so no regression to check`);
      }
      // Positive = worse than the baseline, whichever way the metric points.
      const regression = metric.higherIsBetter ? metric.baseline - value : value - metric.baseline;
      const relative = rule === 'max-relative-regression';
      const actual = relative ? regression / Math.abs(metric.baseline || Number.EPSILON) : regression;
      const passed = actual <= limit;
      const shown = relative ? `${fmt(actual * 100)} %` : fmt(actual);
      const allowed = relative ? `${fmt(limit * 100)} %` : fmt(limit);
      const change = fmtChange(metric.baseline, value);
      return result(
        actual,
        passed,
        regression <= 0
          ? `${metric.name} did not regress (${change})`
          : `${metric.name} regressed by ${shown} (${change}), ${passed ? 'within' : 'beyond'} the allowed ${allowed}`,
      );
    }
  }
}

function fmt(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}

/**
 * `before → after` with enough decimals that the change shows and agrees with the regression
 * printed beside it: 4 significant digits each, more when the two differ beyond them
 * (53.106117 → 53.1 reads `53.1061 → 53.1`, a change of 0.0061, not `53.11 → 53.1`).
 */
function fmtChange(before: number, after: number): string {
  const change = Math.abs(after - before);
  if (!Number.isFinite(before) || !Number.isFinite(after) || change === 0)
    return `${fmt(before)} → ${fmt(after)}`;
  // Two significant digits of the change, and never fewer than fmt's four of each value.
  const decimals = Math.min(
    20,
    Math.max(significantDecimals(before), significantDecimals(after), 1 - Math.floor(Math.log10(change))),
  );
  const fixed = (value: number) => String(Number(value.toFixed(decimals)));
  return `${fixed(before)} → ${fixed(after)}`;
}

/** The decimals that show four significant digits of `value`. */
function significantDecimals(value: number): number {
  return value === 0 ? 0 : Math.max(0, 3 - Math.floor(Math.log10(Math.abs(value))));
}
