/**
 * Records keyed by column names. Data names its columns, so a column may be called
 * `constructor`, `toString` or `__proto__`: on a plain `{}` the first two read back
 * Object.prototype's functions and the third replaces the prototype. These records have no
 * prototype, and reads take own keys only.
 */

/** An empty record without a prototype, or one holding `entries`. */
export function columnRecord<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [name, value] of entries) record[name] = value;
  return record;
}

/** `record[name]` when `record` has `name` as its own key; never an inherited member. */
export function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}
