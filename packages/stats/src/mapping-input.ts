import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * Reads a mapping as the actions' inputs and the CLI's flags give it (`thresholds`, drift's `tests`):
 * the path of a YAML/JSON file (relative to `cwd`), or the YAML itself. One reader, so a spec that works
 * in a workflow works on the command line. Errors name the file, or `label` for an inline spec, and
 * `expected` says what the mapping holds.
 */
export function readMappingInput(
  text: string,
  options: { cwd?: string; label: string; expected: string },
): Record<string, unknown> {
  const path = resolve(options.cwd ?? '.', text);
  const isFile = !text.includes('\n') && !text.trim().startsWith('{') && existsSync(path);
  const source = isFile ? text : options.label;
  let spec: unknown;
  try {
    spec = parse(isFile ? readFileSync(path, 'utf8') : text);
  } catch (error) {
    throw new Error(`${source}: not valid YAML or JSON — ${(error as Error).message}`);
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw new Error(`${source}: expected ${options.expected}.`);
  return spec as Record<string, unknown>;
}
