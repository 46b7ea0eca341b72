import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { DataError } from './data-error';

const DATA_FILE_PATTERN = '**/*.{csv,tsv,tab,jsonl,ndjson,json,parquet,pq}{,.gz,.gzip}';

/**
 * Expands paths, directories and glob patterns into a sorted list of files, each once.
 * Names stay as the user wrote them (relative to `cwd` when relative) so messages point where they looked.
 */
export async function resolveDataFiles(
  patterns: string | readonly string[],
  cwd = process.cwd(),
): Promise<string[]> {
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  if (list.length === 0) throw new Error('no data files given — pass at least one path or glob');
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = resolve(cwd, file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  for (const pattern of list) {
    if (isDynamicPattern(pattern)) {
      const absolute = isAbsolute(pattern);
      const matches = (
        await glob(pattern, { cwd, absolute, onlyFiles: true, expandDirectories: false })
      ).sort();
      if (matches.length === 0) throw notFound(pattern, `no files match the pattern "${pattern}"`);
      matches.forEach(add);
      continue;
    }
    const info = await stat(resolve(cwd, pattern)).catch(() => null);
    if (info === null) throw notFound(pattern, 'file not found');
    if (info.isDirectory()) {
      const base = pattern.replace(/\/+$/, '');
      const absolute = isAbsolute(pattern);
      const matches = (await glob(`${base}/${DATA_FILE_PATTERN}`, { cwd, absolute, onlyFiles: true })).sort();
      if (matches.length === 0)
        throw notFound(pattern, 'the directory holds no data files (.csv, .tsv, .jsonl, .parquet)');
      matches.forEach(add);
      continue;
    }
    add(pattern);
  }
  return files;
}

function notFound(pattern: string, problem: string): DataError {
  return new DataError(
    { file: pattern, line: 1, column: 1 },
    problem,
    'check the path, or quote a glob so the shell does not expand it',
  );
}
