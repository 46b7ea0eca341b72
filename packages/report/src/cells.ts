import { escapeMarkdown } from './escape';
import { formatNumber } from './format';

/**
 * Table rows for a record whose values may nest: an object's entries become rows of their own, named by their
 * path (`validation › accuracy`), so a table never shows raw JSON. Scalars and lists stay one row each.
 */
export function flattenEntries(record: Readonly<Record<string, unknown>>, depth = 3): [string, unknown][] {
  const rows: [string, unknown][] = [];
  const visit = (prefix: string, value: unknown, level: number) => {
    if (isPlainObject(value) && level < depth && Object.keys(value).length > 0) {
      for (const [key, inner] of Object.entries(value))
        visit(prefix ? `${prefix} › ${key}` : key, inner, level + 1);
    } else {
      rows.push([prefix, value]);
    }
  };
  for (const [key, value] of Object.entries(record)) visit(key, value, 0);
  return rows;
}

/** One value as a reviewer reads it in a Markdown table cell, escaped: numbers to 4 digits, lists and objects spelled out. */
export function formatCell(value: unknown): string {
  return escapeMarkdown(plainText(value));
}

/** The unescaped text of a value: `0.664`, `a, b, c`, `accuracy 0.664 · f1 0.61`, `—` for nothing. */
export function plainText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map(plainText).join(', ');
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    return entries.length === 0 ? '(none)' : entries.map(([k, v]) => `${k} ${plainText(v)}`).join(' · ');
  }
  return String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
