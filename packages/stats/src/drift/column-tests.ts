import { DRIFT_METHOD_NAMES, DRIFT_METHODS } from './drift-methods';
import type { DriftMethod } from './drift-methods';

/** A per-column override: `tests: { income: { method: 'psi', threshold: 0.2 } }`. */
export interface ColumnTestOverride {
  readonly method?: DriftMethod;
  readonly threshold?: number;
}

export type ColumnTests = Readonly<Record<string, ColumnTestOverride>>;

/**
 * Checks user overrides before any test runs, so a typo fails with a message that says what to write:
 * a known method, a threshold in (0, 1) for p-values and > 0 for distances, and a column some profile has.
 */
export function validateColumnTests(tests: unknown, knownColumns: readonly string[]): ColumnTests {
  if (tests === undefined || tests === null) return {};
  if (typeof tests !== 'object' || Array.isArray(tests))
    throw new Error('tests: expected an object of column → { method, threshold }');
  const known = new Set(knownColumns);
  for (const [column, override] of Object.entries(tests as Record<string, unknown>)) {
    const place = `tests.${column}`;
    if (!known.has(column))
      throw new Error(
        `${place}: no column "${column}" in the reference or current data — use one of ${knownColumns.join(', ')}`,
      );
    if (override === null || typeof override !== 'object' || Array.isArray(override))
      throw new Error(`${place}: expected { method, threshold }, got ${JSON.stringify(override)}`);
    const { method, threshold, ...rest } = override as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0)
      throw new Error(
        `${place}: unknown key ${extra.map((key) => `"${key}"`).join(', ')} — use method and threshold`,
      );
    if (method !== undefined && !DRIFT_METHOD_NAMES.includes(method as DriftMethod))
      throw new Error(
        `${place}.method: unknown method ${JSON.stringify(method)} — use one of ${DRIFT_METHOD_NAMES.join(', ')}`,
      );
    if (threshold !== undefined) {
      const info = method === undefined ? null : DRIFT_METHODS[method as DriftMethod];
      const valid =
        typeof threshold === 'number' &&
        Number.isFinite(threshold) &&
        threshold > 0 &&
        (info?.statistic !== 'p-value' || threshold < 1);
      if (!valid)
        throw new Error(
          `${place}.threshold: ${JSON.stringify(threshold)} is not a valid threshold — a p-value level in (0, 1) or a distance > 0`,
        );
    }
  }
  return tests as ColumnTests;
}
