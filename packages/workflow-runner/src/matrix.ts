import { text, type Value } from './expressions';

/**
 * `strategy.matrix` expanded into the legs GitHub runs (docs.github.com → "Running variations of
 * jobs in a workflow"): the product of the keys' lists in the order written, minus every
 * combination an `exclude` entry matches, then each `include` entry added to every combination
 * whose original values it does not overwrite — or, when it fits none, run as a leg of its own.
 */

export type MatrixLeg = Record<string, Value>;

export class MatrixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatrixError';
  }
}

const isObject = (value: Value): value is Record<string, Value> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function same(a: Value, b: Value): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function objectList(value: Value | undefined, what: string): Record<string, Value>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isObject))
    throw new MatrixError(`matrix ${what} must be a list of mappings`);
  return value;
}

export function expandMatrix(matrix: Value): MatrixLeg[] {
  if (!isObject(matrix)) throw new MatrixError('strategy.matrix must be a mapping');
  const exclude = objectList(matrix['exclude'], 'exclude');
  const include = objectList(matrix['include'], 'include');
  const keys = Object.keys(matrix).filter((key) => key !== 'include' && key !== 'exclude');

  let legs: MatrixLeg[] = keys.length > 0 ? [{}] : [];
  for (const key of keys) {
    const values = matrix[key]!;
    if (!Array.isArray(values) || values.length === 0)
      throw new MatrixError(`matrix.${key} must be a non-empty list`);
    legs = legs.flatMap((leg) => values.map((value) => ({ ...leg, [key]: value })));
  }
  legs = legs.filter(
    (leg) =>
      !exclude.some((rule) => Object.entries(rule).every(([key, value]) => same(leg[key] ?? null, value))),
  );

  const original = legs.map((leg) => ({ ...leg }));
  const added: MatrixLeg[] = [];
  for (const entry of include) {
    let fitted = false;
    legs.forEach((leg, index) => {
      const fits = Object.entries(entry).every(
        ([key, value]) => !(key in original[index]!) || same(original[index]![key]!, value),
      );
      if (fits) {
        Object.assign(leg, entry);
        fitted = true;
      }
    });
    if (!fitted) added.push({ ...entry });
  }
  const all = [...legs, ...added];
  if (all.length === 0) throw new MatrixError('the matrix has no combinations');
  if (all.length > 256) throw new MatrixError(`the matrix has ${all.length} combinations; GitHub allows 256`);
  return all;
}

/** GitHub's name of a leg when the job's own name does not use `matrix`: `id (v1, v2)`. */
export function legName(base: string, leg: MatrixLeg): string {
  const values = Object.values(leg).map((value) =>
    isObject(value) || Array.isArray(value) ? JSON.stringify(value) : text(value),
  );
  return values.length > 0 ? `${base} (${values.join(', ')})` : base;
}
