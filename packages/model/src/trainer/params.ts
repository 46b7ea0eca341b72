import { TrainerError } from './trainer-error';

/** Parameters of the built-in trainer, as users write them in `params` (snake_case). */
export interface TrainerParams {
  /**
   * L2 penalty on the weights (never on the intercepts), added to the **sum** of per-row losses:
   * `Σ loss_i + (l2 / 2)·‖W‖²` over standardized features. So `l2` is scikit-learn's `Ridge(alpha)`
   * and `1 / C` of its `LogisticRegression(C)`; its weight relative to the data shrinks as rows grow.
   * Default 1 (scikit-learn's defaults for both).
   */
  l2?: number;
  /** Newton iterations at most (classifiers; ridge is solved in one step). Default 100. */
  max_iter?: number;
  /** Converged when the largest gradient component of the per-row mean objective is ≤ tol. Default 1e-10. */
  tol?: number;
  /** Share of rows held out for validation, in [0, 1). Default 0.2. */
  validation_fraction?: number;
  /**
   * After the validation split has measured the model, fit it again on every usable row (training and
   * validation) and ship that — as scikit-learn users refit on all data after choosing. 1 (default) or
   * 0 (ship the model fitted on the training rows only).
   */
  refit?: number;
  /** Seed of the train/validation split. Default 0. */
  seed?: number;
  /** One-hot columns per categorical feature: its most frequent training values. Default 20. */
  max_categories?: number;
  /**
   * A numeric target with at most this many distinct values, all integers, is a class label when the
   * task is inferred (2 → binary, more → multiclass); otherwise it is a regression target. Default 10.
   */
  max_classes?: number;
}

export type ResolvedParams = Required<TrainerParams>;

export const DEFAULT_PARAMS: Readonly<ResolvedParams> = {
  l2: 1,
  max_iter: 100,
  tol: 1e-10,
  validation_fraction: 0.2,
  refit: 1,
  seed: 0,
  max_categories: 20,
  max_classes: 10,
};

/** Fills defaults and checks every value, naming the parameter that is wrong. */
export function resolveParams(params: TrainerParams = {}): ResolvedParams {
  const known = new Set(Object.keys(DEFAULT_PARAMS));
  const unknown = Object.keys(params).find((key) => !known.has(key));
  if (unknown !== undefined) {
    throw new TrainerError(
      `params.${unknown}`,
      'is not a parameter of the built-in trainer',
      `use one of ${[...known].join(', ')}`,
    );
  }
  const resolved: ResolvedParams = { ...DEFAULT_PARAMS };
  for (const [key, value] of Object.entries(params) as [keyof ResolvedParams, unknown][]) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TrainerError(`params.${key}`, `is ${JSON.stringify(value)}`, 'give a finite number');
    }
    resolved[key] = value;
  }
  const check = (key: keyof ResolvedParams, ok: boolean, expected: string) => {
    if (!ok) throw new TrainerError(`params.${key}`, `is ${resolved[key]}`, `give ${expected}`);
  };
  check('l2', resolved.l2 >= 0, 'a number ≥ 0');
  check('max_iter', Number.isInteger(resolved.max_iter) && resolved.max_iter >= 1, 'an integer ≥ 1');
  check('tol', resolved.tol > 0, 'a number > 0');
  check(
    'validation_fraction',
    resolved.validation_fraction >= 0 && resolved.validation_fraction < 1,
    'a share in [0, 1)',
  );
  check('refit', resolved.refit === 0 || resolved.refit === 1, '1 (refit on all rows) or 0');
  check('seed', Number.isInteger(resolved.seed), 'an integer');
  check(
    'max_categories',
    Number.isInteger(resolved.max_categories) && resolved.max_categories >= 1,
    'an integer ≥ 1',
  );
  check('max_classes', Number.isInteger(resolved.max_classes) && resolved.max_classes >= 2, 'an integer ≥ 2');
  return resolved;
}
