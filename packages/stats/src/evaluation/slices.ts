/** A column the metrics are broken down by, with each row's value (null = missing). */
export interface SliceColumn {
  column: string;
  values: ArrayLike<string | null>;
}

export interface SliceOptions {
  /** Slices smaller than this are folded into "(other)" (default 30). */
  minRows?: number;
  /** At most this many values per column, the most frequent first; the rest go to "(other)" (default 10). */
  maxValues?: number;
}

export const OTHER_SLICE = '(other)';

/**
 * Groups row indexes by value: the most frequent values that have at least `minRows` rows each
 * get their own slice, the rest one "(other)" slice (dropped too when it is below `minRows`).
 */
export function sliceRows(
  column: SliceColumn,
  options: SliceOptions = {},
): { value: string | null; rows: Int32Array }[] {
  const minRows = options.minRows ?? 30;
  const maxValues = options.maxValues ?? 10;
  const groups = new Map<string | null, number[]>();
  for (let i = 0; i < column.values.length; i++) {
    const value = column.values[i] ?? null;
    let rows = groups.get(value);
    if (!rows) groups.set(value, (rows = []));
    rows.push(i);
  }
  // Most rows first; ties by value so the order is stable across runs.
  const ordered = [...groups.entries()].sort(
    (a, b) => b[1].length - a[1].length || String(a[0]).localeCompare(String(b[0])),
  );
  const kept: { value: string | null; rows: Int32Array }[] = [];
  const other: number[] = [];
  for (const [value, rows] of ordered) {
    if (kept.length < maxValues && rows.length >= minRows) kept.push({ value, rows: Int32Array.from(rows) });
    else other.push(...rows);
  }
  if (other.length >= minRows)
    kept.push({ value: OTHER_SLICE, rows: Int32Array.from(other.sort((a, b) => a - b)) });
  return kept;
}
