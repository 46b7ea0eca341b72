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
  const distinct = new Set<string | number>();
  let integers = true;
  for (const row of rows) {
    const value = target.values[row] as string | number;
    distinct.add(value);
    if (typeof value === 'number' && !Number.isInteger(value)) integers = false;
  }
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
  const distinct = new Set<string | number>();
  for (const row of rows) distinct.add(target.values[row] as string | number);
  const classes = [...distinct].sort((a, b) =>
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
  return {
    task,
    classes,
    labels: Int32Array.from(rows, (row) => index.get(target.values[row] as string | number) as number),
  };
}
