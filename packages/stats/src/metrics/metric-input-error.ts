/**
 * Thrown when a metric is given inputs it cannot score. The message names the metric, the argument and,
 * where there is one, the row: `roc_auc: scores[3] is NaN — …`, so the user can find the bad value.
 */
export class MetricInputError extends Error {
  override readonly name = 'MetricInputError';

  constructor(
    readonly metric: string,
    readonly argument: string,
    readonly index: number | undefined,
    problem: string,
    remedy: string,
  ) {
    super(`${metric}: ${argument}${index === undefined ? '' : `[${index}]`} ${problem} — ${remedy}`);
  }
}
