/**
 * Column names that are every member of Object.prototype: `constructor`, `toString`, `__proto__`,
 * `hasOwnProperty`, … On a plain object they read back functions, or replace the prototype.
 */
export const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

/** A CSV with those columns: even ones categorical (a, b, c), odd ones numeric, moved by `shift`. */
export function prototypeColumnsCsv(rows: number, shift: number): string {
  const lines = [PROTOTYPE_NAMES.join(',')];
  for (let i = 0; i < rows; i++) {
    lines.push(
      PROTOTYPE_NAMES.map((_, j) =>
        j % 2 ? String(((i * 7 + j) % 13) + shift) : ['a', 'b', 'c'][(i + j) % 3],
      ).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
