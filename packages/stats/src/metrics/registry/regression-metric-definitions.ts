import { absoluteErrors, meanAbsoluteError } from '../regression/mean-absolute-error';
import { meanAbsolutePercentageError, percentageErrors } from '../regression/mean-absolute-percentage-error';
import { medianAbsoluteError, prepareMedianAbsoluteError } from '../regression/median-absolute-error';
import { r2Score } from '../regression/r2-score';
import { rootMeanSquaredError, squaredErrors } from '../regression/root-mean-squared-error';
import { checkRegressionInputs } from '../validate-inputs';
import { NON_NEGATIVE_RANGE } from './metric-definition';
import type { RegressionMetricDefinition } from './metric-definition';
import { recompute, rowMean } from './prepared-statistics';

export const REGRESSION_METRICS: readonly RegressionMetricDefinition[] = [
  {
    name: 'mae',
    title: 'MAE',
    higherIsBetter: false,
    range: NON_NEGATIVE_RANGE,
    definition: 'scikit-learn mean_absolute_error',
    task: 'regression',
    compute: meanAbsoluteError,
    prepare(truth, predictions) {
      checkRegressionInputs('mae', truth, predictions, undefined);
      return rowMean(absoluteErrors(truth, predictions));
    },
  },
  {
    name: 'rmse',
    title: 'RMSE',
    higherIsBetter: false,
    range: NON_NEGATIVE_RANGE,
    definition: 'scikit-learn root_mean_squared_error',
    task: 'regression',
    compute: rootMeanSquaredError,
    prepare(truth, predictions) {
      checkRegressionInputs('rmse', truth, predictions, undefined);
      return rowMean(squaredErrors(truth, predictions), Math.sqrt);
    },
  },
  {
    name: 'r2',
    title: 'R²',
    higherIsBetter: true,
    range: { min: Number.NEGATIVE_INFINITY, max: 1 },
    definition: 'scikit-learn r2_score (force_finite=True)',
    task: 'regression',
    compute: r2Score,
    prepare: (truth, predictions) => recompute(r2Score, truth, predictions),
  },
  {
    name: 'mape',
    title: 'MAPE',
    higherIsBetter: false,
    range: NON_NEGATIVE_RANGE,
    definition: 'scikit-learn mean_absolute_percentage_error (a fraction; ε = 2⁻⁵²)',
    task: 'regression',
    compute: meanAbsolutePercentageError,
    prepare(truth, predictions) {
      checkRegressionInputs('mape', truth, predictions, undefined);
      return rowMean(percentageErrors(truth, predictions));
    },
  },
  {
    name: 'median_ae',
    title: 'Median absolute error',
    higherIsBetter: false,
    range: NON_NEGATIVE_RANGE,
    definition: 'scikit-learn median_absolute_error',
    task: 'regression',
    compute: medianAbsoluteError,
    prepare: prepareMedianAbsoluteError,
  },
];
