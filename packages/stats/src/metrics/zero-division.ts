import type { MetricWarningSink, ZeroDivisionOptions } from './metric-options';

/**
 * numerator / denominator, or — when the denominator is 0 — scikit-learn's `zero_division` substitute
 * (0 unless `zeroDivision` says otherwise) with a 'zero-division' warning, as sklearn's default "warn" does.
 */
export function ratioOrZeroDivision(
  numerator: number,
  denominator: number,
  metric: string,
  reason: string,
  options: ZeroDivisionOptions & { onWarning?: MetricWarningSink },
): number {
  if (denominator !== 0) return numerator / denominator;
  const substitute = options.zeroDivision ?? 0;
  options.onWarning?.({
    metric,
    code: 'zero-division',
    message: `${metric} is ill-defined (${reason}); returning ${substitute} as scikit-learn's zero_division does`,
  });
  return substitute;
}
