import { CellParser, CellType } from '@mlops-actions/data';
import type { Kwargs } from './suite';

/** Why an expectation cannot run (bad kwargs, a column of the wrong kind); its result carries it as `exception_info`. */
export class ExpectationError extends Error {
  override readonly name = 'ExpectationError';
}

/** Reads kwargs without null tokens, so that "NA" in a value_set stays the string "NA". */
const kwargParser = new CellParser([]);

export function columnArg(kwargs: Kwargs): string {
  const column = kwargs['column'];
  if (typeof column !== 'string' || column === '')
    throw new ExpectationError('kwargs.column must name a column');
  return column;
}

/** GE's `mostly`: the share of non-null values that must meet the expectation; default 1. */
export function mostlyArg(kwargs: Kwargs): number {
  const mostly = kwargs['mostly'] ?? 1;
  if (typeof mostly !== 'number' || !(mostly >= 0 && mostly <= 1))
    throw new ExpectationError(`kwargs.mostly must be a number from 0 to 1, not ${JSON.stringify(mostly)}`);
  return mostly;
}

export function numberArg(
  kwargs: Kwargs,
  name: string,
  options: { integer?: boolean; min?: number } = {},
): number {
  const value = kwargs[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || (options.integer && !Number.isInteger(value)))
    throw new ExpectationError(
      `kwargs.${name} must be a${options.integer ? 'n integer' : ' number'}, not ${JSON.stringify(value)}`,
    );
  if (options.min !== undefined && value < options.min)
    throw new ExpectationError(`kwargs.${name} must be at least ${options.min}, not ${value}`);
  return value;
}

export function stringListArg(kwargs: Kwargs, name: string): string[] {
  const value = kwargs[name];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw new ExpectationError(`kwargs.${name} must be a list of column names`);
  return value as string[];
}

/** A value set (`value_set`) as a list; GE accepts any scalars. */
export function valueSetArg(kwargs: Kwargs, name = 'value_set'): unknown[] {
  const value = kwargs[name];
  if (!Array.isArray(value)) throw new ExpectationError(`kwargs.${name} must be a list of values`);
  if (value.some((item) => item !== null && typeof item === 'object'))
    throw new ExpectationError(`kwargs.${name} must hold plain values (numbers, strings, booleans)`);
  return value;
}

/** Numbers compare with numbers and datetimes (epoch milliseconds) with datetimes. */
export type Domain = 'number' | 'datetime';

/** `min_value`/`max_value` with GE's `strict_min`/`strict_max`; a null side is open. */
export interface Bounds {
  readonly domain: Domain;
  readonly min: number | null;
  readonly max: number | null;
  readonly strictMin: boolean;
  readonly strictMax: boolean;
}

/**
 * Reads GE's between-kwargs. Bounds are numbers, or ISO 8601 datetimes (compared as instants with a
 * datetime column). At least one side must be given, as GE requires.
 */
export function boundsArg(kwargs: Kwargs, minName = 'min_value', maxName = 'max_value'): Bounds {
  const min = boundValue(kwargs[minName], minName);
  const max = boundValue(kwargs[maxName], maxName);
  if (min === null && max === null)
    throw new ExpectationError(`give kwargs.${minName}, kwargs.${maxName} or both (null means unbounded)`);
  if (min && max && min.domain !== max.domain)
    throw new ExpectationError(
      `kwargs.${minName} and kwargs.${maxName} must both be numbers or both datetimes`,
    );
  if (min && max && min.value > max.value)
    throw new ExpectationError(
      `kwargs.${minName} (${String(kwargs[minName])}) is above kwargs.${maxName} (${String(kwargs[maxName])})`,
    );
  return {
    domain: (min ?? max)?.domain ?? 'number',
    min: min?.value ?? null,
    max: max?.value ?? null,
    strictMin: kwargs['strict_min'] === true,
    strictMax: kwargs['strict_max'] === true,
  };
}

function boundValue(value: unknown, name: string): { domain: Domain; value: number } | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && !Number.isNaN(value)) return { domain: 'number', value };
  if (value instanceof Date) return { domain: 'datetime', value: value.getTime() };
  if (typeof value === 'string') {
    const type = kwargParser.classify(value);
    if (type === CellType.Integer || type === CellType.Fractional)
      return { domain: 'number', value: kwargParser.value };
    if (type === CellType.Datetime) return { domain: 'datetime', value: kwargParser.value };
  }
  throw new ExpectationError(
    `kwargs.${name} must be a number or an ISO 8601 datetime, not ${JSON.stringify(value)}`,
  );
}

export function withinBounds(value: number, bounds: Bounds): boolean {
  const { min, max } = bounds;
  if (min !== null && (bounds.strictMin ? value <= min : value < min)) return false;
  if (max !== null && (bounds.strictMax ? value >= max : value > max)) return false;
  return true;
}

/**
 * The key by which a value is compared with a value set: numbers by value ("1", "1.0" and 1 are one
 * value), booleans by truth ("True", true), everything else by its exact text.
 */
export function canonicalKey(type: CellType, value: number, text: string): string {
  if (type === CellType.Integer || type === CellType.Fractional) return `n:${value}`;
  if (type === CellType.Boolean) return value === 1 ? 'b:true' : 'b:false';
  return `s:${text}`;
}

/** canonicalKey of a value written in kwargs (YAML/JSON scalar). */
export function kwargKey(value: unknown): string {
  if (typeof value === 'number') return `n:${value}`;
  if (typeof value === 'boolean') return `b:${value}`;
  const text = value instanceof Date ? value.toISOString() : String(value);
  const type = kwargParser.classify(text);
  return canonicalKey(type, kwargParser.value, text);
}

/** A cell as a JSON value for reports: numbers and booleans as themselves, the rest as text. */
export function reportValue(type: CellType, value: number, text: string): string | number | boolean | null {
  if (type === CellType.Null) return null;
  if (type === CellType.Integer || type === CellType.Fractional) return value;
  if (type === CellType.Boolean) return value === 1;
  return text;
}
