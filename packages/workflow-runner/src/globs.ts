import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Glob patterns as workflow filters and hashFiles() read them: `*` matches within a path
 * segment, `**` across segments, `?` one character, `[0-9]` one of a range or set, `+` one or
 * more of what precedes it (GitHub's filter syntax, e.g. tags `v[0-9]+.[0-9]+.[0-9]+`); a leading
 * `!` excludes what earlier patterns included (the last matching pattern wins).
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more directories; a trailing `**` anything below.
      if (pattern[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '+' && i > 0) source += '+';
    else if (char === '[' && pattern.indexOf(']', i + 2) > i) {
      const end = pattern.indexOf(']', i + 2);
      source += `[${pattern.slice(i + 1, end).replace(/[\\^\]]/g, '\\$&')}]`;
      i = end;
    } else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function matchesAny(path: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (globToRegExp(negated ? pattern.slice(1) : pattern).test(path)) matched = !negated;
  }
  return matched;
}

/**
 * hashFiles() as the runner computes it: the sha256 of each matching file (sorted by path,
 * relative to the workspace), fed in turn into one sha256; empty when nothing matches.
 */
export function hashFiles(workspace: string, patterns: readonly string[]): string {
  const files = listFiles(workspace)
    .filter((path) => matchesAny(path, patterns))
    .sort();
  if (files.length === 0) return '';
  const result = createHash('sha256');
  for (const file of files)
    result.update(
      createHash('sha256')
        .update(readFileSync(join(workspace, file)))
        .digest(),
    );
  return result.digest('hex');
}

/** Every file below `root` (relative paths; `.git` left out). */
export function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '.git' ? [] : listFiles(root, path);
    return entry.isFile() ? [relative(root, path)] : [];
  });
}
