import type { MetricOptions, MetricWarning } from '../metric-options';
import { BINARY_METRICS } from './binary-metric-definitions';
import type {
  BinaryMetricDefinition,
  MetricDefinition,
  MetricTask,
  MulticlassMetricDefinition,
  RegressionMetricDefinition,
} from './metric-definition';
import { MULTICLASS_METRICS } from './multiclass-metric-definitions';
import { REGRESSION_METRICS } from './regression-metric-definitions';

/** Every metric, so gates and comments know which way is better without guessing. */
export const METRICS: readonly MetricDefinition[] = [
  ...BINARY_METRICS,
  ...MULTICLASS_METRICS,
  ...REGRESSION_METRICS,
];

/** The definition of a metric by task and name, or undefined when there is none. */
export function findMetric(task: 'binary', name: string): BinaryMetricDefinition | undefined;
export function findMetric(task: 'multiclass', name: string): MulticlassMetricDefinition | undefined;
export function findMetric(task: 'regression', name: string): RegressionMetricDefinition | undefined;
export function findMetric(task: MetricTask, name: string): MetricDefinition | undefined;
export function findMetric(task: MetricTask, name: string): MetricDefinition | undefined {
  return METRICS.find((metric) => metric.task === task && metric.name === name);
}

export interface MetricValue {
  value: number;
  /** The caveats the computation raised (zero division, undefined, conventions). */
  warnings: MetricWarning[];
}

/** Computes a metric and collects its warnings, for reports that must say why a value is 0 or NaN. */
export function computeMetric<Truth, Prediction, Options extends MetricOptions>(
  metric: { compute(truth: Truth, prediction: Prediction, options?: Options): number },
  truth: Truth,
  prediction: Prediction,
  options?: Options,
): MetricValue {
  const warnings: MetricWarning[] = [];
  const collecting: Options = {
    ...(options as Options),
    onWarning: (warning: MetricWarning) => {
      warnings.push(warning);
      options?.onWarning?.(warning);
    },
  };
  return { value: metric.compute(truth, prediction, collecting), warnings };
}
