import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type Params = Record<string, string | number | boolean | null>;

/**
 * Training parameters from a YAML/JSON file or inline YAML (`{C: 0.5, max_iter: 200}`): a flat
 * mapping of scalars, so each can also become an environment variable.
 */
export function readParams(text: string): Params {
  if (!text.trim()) return {};
  const isFile = !text.includes('\n') && !text.trim().startsWith('{') && existsSync(text);
  const source = isFile ? text : 'params';
  let value: unknown;
  try {
    value = parse(isFile ? readFileSync(text, 'utf8') : text);
  } catch (error) {
    throw new Error(`${source}: not valid YAML or JSON — ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${source}: expected a mapping of parameter names to values, e.g. {C: 0.5}.`);
  }
  for (const [name, param] of Object.entries(value)) {
    if (param !== null && typeof param === 'object') {
      throw new Error(
        `${source}: parameter "${name}" must be a number, string or boolean, not a nested value.`,
      );
    }
  }
  return value as Params;
}

/** `MLOPS_PARAM_MAX_ITER=200`: each parameter as an environment variable for the training command. */
export function paramEnv(params: Params): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      `MLOPS_PARAM_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`,
      String(value),
    ]),
  );
}
