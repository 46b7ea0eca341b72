import { CellType } from '@mlops-actions/data';
import { canonicalKey, reportValue } from './kwargs';

/**
 * The exact set of a column's distinct non-null values, for the distinct-value expectations, which need
 * the set itself rather than the profile's estimates. It stops growing at LIMIT values (memory stays
 * bounded); past that `overflowed` is set and set comparisons report that they cannot run.
 */
export class DistinctValues {
  static readonly LIMIT = 10_000;
  overflowed = false;
  private readonly values = new Map<string, string | number | boolean>();

  add(type: CellType, value: number, text: () => string): void {
    if (type === CellType.Null) return;
    const cellText =
      type === CellType.Integer || type === CellType.Fractional || type === CellType.Boolean ? '' : text();
    const key = canonicalKey(type, value, cellText);
    if (this.values.has(key)) return;
    if (this.values.size >= DistinctValues.LIMIT) {
      this.overflowed = true;
      return;
    }
    this.values.set(key, reportValue(type, value, cellText) as string | number | boolean);
  }

  get size(): number {
    return this.values.size;
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  keys(): IterableIterator<string> {
    return this.values.keys();
  }

  /** [key, value] pairs, for handing a shard's set to another thread. */
  entries(): [string, string | number | boolean][] {
    return [...this.values.entries()];
  }

  /** Adds another shard's set: the result is the set of the union, overflowing as one pass would. */
  absorb(entries: readonly [string, string | number | boolean][], overflowed: boolean): void {
    this.overflowed ||= overflowed;
    for (const [key, value] of entries) {
      if (this.values.has(key)) continue;
      if (this.values.size >= DistinctValues.LIMIT) {
        this.overflowed = true;
        return;
      }
      this.values.set(key, value);
    }
  }

  /** The values, numbers before strings, each group sorted, for `observed_value`. */
  sorted(): (string | number | boolean)[] {
    return [...this.values.values()].sort(compareValues);
  }
}

function compareValues(a: string | number | boolean, b: string | number | boolean): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
