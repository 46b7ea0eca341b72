import { SharedBinaryInputs } from '../metrics/binary/shared-inputs';
import {
  startBinaryPairedBootstraps,
  type PendingBootstrap,
  correctPredictions,
  isFusedBinaryMetric,
  mcnemarTest,
  METRICS,
  pairedBootstraps,
  predictedClasses,
  thresholdScores,
  wilcoxonAbsoluteErrors,
  type MetricDefinition,
  type MetricTask,
  type MetricWarning,
  type ProbabilityRows,
  type WeightedStatistic,
} from '../metrics/index';
import {
  EVALUATION_SCHEMA,
  EVALUATION_SCHEMA_VERSION,
  type EvaluatedMetric,
  type Evaluation,
  type ModelReference,
  type PairedTestResult,
  type SliceResult,
} from './evaluation';
import { checkGates, type GateSpec } from './gates';
import { profilePredictions } from './prediction-profile';
import {
  checkTask,
  pick,
  predictionCount,
  predictionPayload,
  selectPredictions,
  type Predictions,
} from './predictions';
import { sliceRows, type SliceColumn, type SliceOptions } from './slices';

export interface EvaluateOptions {
  task: MetricTask;
  /** Labels (0/1 for binary, 0..K−1 for multiclass) or regression targets, one per row. */
  truth: ArrayLike<number>;
  candidate: Predictions;
  baseline?: Predictions;
  model: ModelReference;
  baselineModel?: ModelReference;
  /** Metric names to compute (default: every metric of the task). */
  metrics?: readonly string[];
  threshold?: number;
  /** Paired bootstrap of each delta; `resamples: 0` turns it off. */
  bootstrap?: { resamples?: number; confidence?: number; seed?: number };
  gates?: GateSpec;
  slices?: readonly SliceColumn[];
  sliceOptions?: SliceOptions;
  /** Class labels in the order of the predictions' classes, for the prediction profile (default "0", "1", …). */
  classes?: readonly string[];
  /** Profile the candidate's predictions into `predictions` (default true): prediction drift's reference. */
  profilePredictions?: boolean;
  /** For reproducible files in tests. */
  now?: Date;
}

/**
 * Scores a candidate (and optionally a baseline on the same rows): every metric of the task,
 * each delta with a paired bootstrap interval, the paired test that fits the task, gates and
 * slices — the content of `evaluation.json`.
 */
export function evaluatePredictions(options: EvaluateOptions): Evaluation {
  const { task, truth, candidate, baseline } = options;
  checkTask(task, candidate, 'candidate');
  if (baseline) checkTask(task, baseline, 'baseline');
  const rows = truth.length;
  if (rows === 0) throw new Error('No rows to evaluate: the data is empty.');
  for (const [which, predictions] of [
    ['candidate', candidate],
    ['baseline', baseline],
  ] as const) {
    if (predictions && predictionCount(predictions) !== rows) {
      throw new Error(`The ${which} has ${predictionCount(predictions)} predictions for ${rows} rows.`);
    }
  }
  const definitions = selectMetrics(task, options.metrics);
  const thresholdOptions = options.threshold === undefined ? {} : { threshold: options.threshold };
  const resamples = options.bootstrap?.resamples ?? 1000;
  const confidence = options.bootstrap?.confidence ?? 0.95;
  const seed = options.bootstrap?.seed ?? 1;

  // What the binary metrics of one model share (input checks, score order, counts), computed once.
  const sharedOf = (predictions: Predictions | undefined) =>
    predictions?.task === 'binary' ? new SharedBinaryInputs(truth, predictions.scores) : undefined;
  const candidateShared = sharedOf(candidate);
  const baselineShared = sharedOf(baseline);
  // Every metric's delta gets a paired interval. The bootstrap starts first: on large data its worker
  // walks resamples while this thread computes the metrics (which reuse its sort of the scores), the
  // paired test, slices and prediction profile; it is finished after them.
  const bootstrap =
    baseline && resamples > 0 && rows > 1 && definitions.length > 0
      ? startBootstrap(
          definitions,
          truth,
          candidate,
          baseline,
          { ...thresholdOptions, resamples, confidence, seed },
          [candidateShared, baselineShared],
        )
      : undefined;
  const metrics = definitions.map((definition): EvaluatedMetric => {
    const warnings: string[] = [];
    const collect = (warning: MetricWarning) => warnings.push(warning.message);
    const value = compute(definition, truth, candidate, {
      ...thresholdOptions,
      onWarning: collect,
      ...(candidateShared ? { shared: candidateShared } : {}),
    });
    const evaluated: EvaluatedMetric = {
      name: definition.name,
      title: definition.title,
      higherIsBetter: definition.higherIsBetter,
      candidate: value,
      warnings: [...new Set(warnings)],
    };
    if (!baseline) return evaluated;
    const baselineValue = compute(definition, truth, baseline, {
      ...thresholdOptions,
      ...(baselineShared ? { shared: baselineShared } : {}),
    });
    evaluated.baseline = baselineValue;
    evaluated.delta = value - baselineValue;
    return evaluated;
  });

  const pairedTestResult = baseline
    ? pairedTest(task, truth, candidate, baseline, options.threshold)
    : undefined;
  const slices = sliceMetrics(options, definitions, thresholdOptions);
  const predictionProfile =
    options.profilePredictions === false
      ? undefined
      : profilePredictions(candidate, options.classes ? { classes: options.classes } : {});
  if (bootstrap) {
    const boots = bootstrap.finish();
    metrics.forEach((metric, i) => {
      const boot = boots[i]!;
      if (Number.isFinite(boot.lower) && Number.isFinite(boot.upper)) {
        metric.interval = { lower: boot.lower, upper: boot.upper, confidence };
        metric.significant = boot.lower > 0 || boot.upper < 0;
      }
    });
  }

  const gates = options.gates ? checkGates(options.gates, metrics) : [];
  const evaluation: Evaluation = {
    schema: EVALUATION_SCHEMA,
    schemaVersion: EVALUATION_SCHEMA_VERSION,
    model: options.model,
    ...(options.baselineModel ? { baseline: options.baselineModel } : {}),
    task,
    rows,
    ...(task === 'binary' ? { threshold: options.threshold ?? 0.5 } : {}),
    metrics,
    ...(pairedTestResult ? { pairedTest: pairedTestResult } : {}),
    gates,
    passed: gates.every((gate) => gate.passed),
    slices,
    ...(baseline && resamples > 0
      ? { bootstrap: { method: 'poisson' as const, resamples, confidence, seed } }
      : {}),
    ...(predictionProfile ? { predictions: predictionProfile } : {}),
    createdAt: (options.now ?? new Date()).toISOString(),
  };
  return evaluation;
}

/**
 * The paired bootstrap of each metric, begun: binary metrics in one fused walk per resample (the same
 * intervals as their prepared statistics give, to float rounding; on large data a worker walks
 * meanwhile), any other task through each metric's prepared statistic (computed at `finish`).
 */
function startBootstrap(
  definitions: readonly MetricDefinition[],
  truth: ArrayLike<number>,
  candidate: Predictions,
  baseline: Predictions,
  options: ThresholdOption & { resamples: number; confidence: number; seed: number },
  shared?: readonly [SharedBinaryInputs | undefined, SharedBinaryInputs | undefined],
): PendingBootstrap {
  const { threshold, ...bootstrap } = options;
  const names = definitions.map((definition) => definition.name);
  if (candidate.task === 'binary' && baseline.task === 'binary' && names.every(isFusedBinaryMetric)) {
    return startBinaryPairedBootstraps(
      {
        labels: truth,
        candidate: candidate.scores,
        baseline: baseline.scores,
        metrics: names,
        ...(threshold === undefined ? {} : { threshold }),
        ...(shared ? { shared } : {}),
      },
      bootstrap,
    );
  }
  const thresholdOptions = threshold === undefined ? {} : { threshold };
  return {
    finish: () =>
      pairedBootstraps(
        definitions.map((definition) => ({
          candidate: prepare(definition, truth, candidate, thresholdOptions),
          baseline: prepare(definition, truth, baseline, thresholdOptions),
        })),
        truth.length,
        bootstrap,
      ),
  };
}

function selectMetrics(task: MetricTask, names: readonly string[] | undefined): MetricDefinition[] {
  const available = METRICS.filter((metric) => metric.task === task);
  if (!names || names.length === 0) return available;
  return names.map((name) => {
    const found = available.find((metric) => metric.name === name);
    if (!found) {
      throw new Error(
        `Unknown ${task} metric "${name}"; available: ${available.map((m) => m.name).join(', ')}.`,
      );
    }
    return found;
  });
}

type ThresholdOption = { threshold?: number };

// The registry's definitions are typed per task; predictions were checked to match the task.
function compute(
  definition: MetricDefinition,
  truth: ArrayLike<number>,
  predictions: Predictions,
  options: ThresholdOption & { onWarning?: (warning: MetricWarning) => void; shared?: SharedBinaryInputs },
): number {
  const payload = predictionPayload(predictions);
  if (definition.task === 'multiclass') return definition.compute(truth, payload as ProbabilityRows, options);
  return definition.compute(truth, payload as ArrayLike<number>, options);
}

function prepare(
  definition: MetricDefinition,
  truth: ArrayLike<number>,
  predictions: Predictions,
  options: ThresholdOption,
): WeightedStatistic {
  const payload = predictionPayload(predictions);
  if (definition.task === 'multiclass') return definition.prepare(truth, payload as ProbabilityRows);
  if (definition.task === 'binary') return definition.prepare(truth, payload as ArrayLike<number>, options);
  return definition.prepare(truth, payload as ArrayLike<number>);
}

function pairedTest(
  task: MetricTask,
  truth: ArrayLike<number>,
  candidate: Predictions,
  baseline: Predictions,
  threshold: number | undefined,
): PairedTestResult {
  if (candidate.task === 'regression' && baseline.task === 'regression') {
    const result = wilcoxonAbsoluteErrors(truth, candidate.values, baseline.values);
    return { test: 'wilcoxon', method: result.method, statistic: result.statistic, pValue: result.pValue };
  }
  const classes = (predictions: Predictions) =>
    predictions.task === 'binary'
      ? thresholdScores(predictions.scores, threshold)
      : predictedClasses((predictions as { probabilities: ProbabilityRows }).probabilities);
  const result = mcnemarTest(
    correctPredictions(truth, classes(candidate)),
    correctPredictions(truth, classes(baseline)),
  );
  void task;
  return {
    test: 'mcnemar',
    method: result.method,
    statistic: result.statistic,
    pValue: result.pValue,
    candidateOnly: result.candidateOnlyCorrect,
    baselineOnly: result.baselineOnlyCorrect,
  };
}

function sliceMetrics(
  options: EvaluateOptions,
  definitions: MetricDefinition[],
  thresholdOptions: ThresholdOption,
): SliceResult[] {
  const results: SliceResult[] = [];
  for (const column of options.slices ?? []) {
    if (column.values.length !== options.truth.length) {
      throw new Error(
        `Slice column "${column.column}" has ${column.values.length} values for ${options.truth.length} rows.`,
      );
    }
    for (const slice of sliceRows(column, options.sliceOptions)) {
      const truth = pick(options.truth, slice.rows);
      const candidate = selectPredictions(options.candidate, slice.rows);
      const baseline = options.baseline ? selectPredictions(options.baseline, slice.rows) : undefined;
      results.push({
        column: column.column,
        value: slice.value,
        rows: slice.rows.length,
        metrics: definitions.map((definition) => ({
          name: definition.name,
          // A slice may lack a class: its metric is then NaN with a warning, never a crash.
          candidate: compute(definition, truth, candidate, {
            ...thresholdOptions,
            onWarning: () => undefined,
          }),
          ...(baseline
            ? {
                baseline: compute(definition, truth, baseline, {
                  ...thresholdOptions,
                  onWarning: () => undefined,
                }),
              }
            : {}),
        })),
      });
    }
  }
  return results;
}
