/** Evidently's names for its stattests, which users pass in `tests: { column: { method } }`. */
export type DriftMethod = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi';

export interface DriftMethodInfo {
  /** A p-value drifts below its threshold; a distance drifts at or above it. */
  readonly statistic: 'p-value' | 'distance';
  readonly defaultThreshold: number;
  /** Whether the method compares numbers (ordered values) or only category shares. */
  readonly needsNumbers: boolean;
  readonly title: string;
}

/** Each method with Evidently's default threshold (`stattests/*.py`, `StatTest(default_threshold=…)`). */
export const DRIFT_METHODS: Readonly<Record<DriftMethod, DriftMethodInfo>> = {
  ks: { statistic: 'p-value', defaultThreshold: 0.05, needsNumbers: true, title: 'Kolmogorov–Smirnov' },
  chisquare: { statistic: 'p-value', defaultThreshold: 0.05, needsNumbers: false, title: 'chi-square' },
  z: { statistic: 'p-value', defaultThreshold: 0.05, needsNumbers: false, title: 'two-proportion z-test' },
  wasserstein: {
    statistic: 'distance',
    defaultThreshold: 0.1,
    needsNumbers: true,
    title: 'Wasserstein distance (normed)',
  },
  jensenshannon: {
    statistic: 'distance',
    defaultThreshold: 0.1,
    needsNumbers: false,
    title: 'Jensen–Shannon distance',
  },
  psi: { statistic: 'distance', defaultThreshold: 0.1, needsNumbers: false, title: 'PSI' },
};

export const DRIFT_METHOD_NAMES = Object.keys(DRIFT_METHODS) as DriftMethod[];

/** Evidently's sample-size cut: at most this many reference values → tests with p-values. */
export const SMALL_REFERENCE_LIMIT = 1000;

/**
 * Evidently's default test (`stattests/registry.py`, `_get_default_stattest`), as PRODUCT.md states it:
 * with n reference values and u distinct values in both samples together,
 * n ≤ 1000: numeric with u > 5 → ks; otherwise chisquare (u > 2) or z (u ≤ 2);
 * n > 1000: numeric with u > 5 → wasserstein; otherwise jensenshannon.
 */
export function defaultDriftMethod(
  kind: 'numeric' | 'categorical',
  referenceCount: number,
  distinct: number,
): DriftMethod {
  const manyValues = kind === 'numeric' && distinct > 5;
  if (referenceCount <= SMALL_REFERENCE_LIMIT) {
    if (manyValues) return 'ks';
    return distinct > 2 ? 'chisquare' : 'z';
  }
  return manyValues ? 'wasserstein' : 'jensenshannon';
}

/** Whether a statistic shows drift at a threshold: p < threshold, or distance ≥ threshold. */
export function isDrift(method: DriftMethod, statistic: number, threshold: number): boolean {
  return DRIFT_METHODS[method].statistic === 'p-value' ? statistic < threshold : statistic >= threshold;
}
