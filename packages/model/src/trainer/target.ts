import type { LinearTask } from '../onnx/linear-model';
import type { TrainingColumn } from './columns';
import { TrainerError } from './trainer-error';

/** The target of the usable rows, in the form the solvers take. */
export type EncodedTarget =
  | { task: 'regression'; values: Float64Array }
  /** `labels[i]` indexes `classes`, which are sorted (numbers ascending, strings by code unit). */
  | { task: 'binary' | 'multiclass'; labels: Int32Array; classes: (string | number)[] };

/**
 * The task of a target when the user gives none: a categorical target is a class label; a numeric
 * one is a class label only when it has at most `maxClasses` distinct values, all integers
 * (0/1, ratings); otherwise it is a regression target. Two classes make a binary task.
 */
export function inferTask(target: TrainingColumn, rows: Int32Array, maxClasses: number): LinearTask {
  const distinct = distinctValues(target, rows, maxClasses + 1);
  let integers = true;
  for (const value of distinct) if (typeof value === 'number' && !Number.isInteger(value)) integers = false;
  if (target.kind === 'numeric' && (!integers || distinct.size > maxClasses)) return 'regression';
  return distinct.size === 2 ? 'binary' : 'multiclass';
}

/** Encodes the target of `rows` for `task`, checking it fits (numbers for regression, ≥ 2 classes). */
export function encodeTarget(target: TrainingColumn, rows: Int32Array, task: LinearTask): EncodedTarget {
  const where = `target "${target.name}"`;
  if (task === 'regression') {
    if (target.kind !== 'numeric') {
      throw new TrainerError(where, 'is categorical', 'use task binary or multiclass, or a numeric target');
    }
    return { task, values: Float64Array.from(rows, (row) => target.values[row] as number) };
  }
  const classes = [...distinctValues(target, rows, Infinity)].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a) < String(b)
        ? -1
        : String(a) > String(b)
          ? 1
          : 0,
  );
  if (task === 'binary' && classes.length !== 2) {
    throw new TrainerError(
      where,
      `has ${classes.length} classes (${classes.slice(0, 5).join(', ')}${classes.length > 5 ? ', …' : ''})`,
      'a binary task needs exactly 2; use task multiclass',
    );
  }
  if (classes.length < 2) {
    throw new TrainerError(where, `has ${classes.length} class`, 'a classifier needs at least 2 classes');
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = new Int32Array(rows.length);
  const values = target.values;
  // Runs of equal labels are common (and two classes make every other row a repeat): skip the lookup.
  let previous: unknown = undefined;
  let label = -1;
  for (let i = 0; i < rows.length; i++) {
    const value = values[rows[i]!];
    if (value !== previous) {
      previous = value;
      label = index.get(value as string | number)!;
    }
    labels[i] = label;
  }
  return { task, classes, labels };
}

/**
 * The distinct values of the rows, in first-seen order; stops once it has `limit`. Each value is
 * first compared with the last one seen, so a class label column costs no hash lookup per row.
 */
function distinctValues(target: TrainingColumn, rows: Int32Array, limit: number): Set<string | number> {
  const distinct = new Set<string | number>();
  const values = target.values;
  let previous: unknown = undefined;
  for (let i = 0; i < rows.length && distinct.size < limit; i++) {
    const value = values[rows[i]!] as string | number;
    if (value === previous) continue;
    previous = value;
    distinct.add(value);
  }
  return distinct;
}
