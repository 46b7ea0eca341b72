import { readFile } from 'node:fs/promises';

/**
 * Reads a JSON file that another step wrote (run.json, evaluation.json, profile.json). A missing
 * file or invalid JSON is an error that names the file and the input it came from.
 */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  const text = await readDocumentText(path, what);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new Error(`${path}: the ${what} is not valid JSON — ${(error as Error).message}.`);
  }
}

/** Reads a file another step wrote; a missing or unreadable file is an error that names it and what it is. */
export async function readDocumentText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`${path}: cannot read the ${what} — ${reason}.`);
  }
}

/** Narrowing helpers for documents whose shape is owned by other actions: unknown shapes read as absent. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
