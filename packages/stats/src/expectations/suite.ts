import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, stringify } from 'yaml';
import { EXPECTATION_TYPES } from './catalog';

/** Keyword arguments of one expectation, as written in the suite. */
export type Kwargs = Record<string, unknown>;

/** How much a failed expectation matters; `warning`s fail a run only with `fail-on: warning`. */
export type Severity = 'error' | 'warning';

/** One expectation as Great Expectations writes it: `expectation_type` (or GE 1.x's `type`) and `kwargs`. */
export interface ExpectationConfig {
  expectation_type: string;
  kwargs: Kwargs;
  meta?: Record<string, unknown>;
}

export interface ExpectationSuite {
  expectation_suite_name: string;
  expectations: ExpectationConfig[];
  meta?: Record<string, unknown>;
}

/** A suite that cannot be read at all: the message names the file, and the place when known. */
export class SuiteError extends Error {
  override readonly name = 'SuiteError';
}

/** The severity an expectation declares in `meta.severity`; anything but "warning" is an error. */
export function severityOf(config: ExpectationConfig): Severity {
  return config.meta?.['severity'] === 'warning' ? 'warning' : 'error';
}

/** Reads a suite file (YAML or JSON); errors name the file. */
export async function readSuite(path: string): Promise<ExpectationSuite> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SuiteError(
      `${path}: cannot read the expectation suite (${(error as NodeJS.ErrnoException).code ?? String(error)}) — check the \`expectations\` path`,
    );
  }
  return parseSuite(text, path);
}

/**
 * Parses a suite written in YAML or JSON (JSON is YAML): `{ expectation_suite_name?, expectations: [...] }`,
 * or a bare list of expectations. Structural problems and unknown expectation types are SuiteErrors
 * naming `file:line:column` and the expectation's index; bad kwargs are left to evaluation, where they
 * become a failed result with `exception_info`, as in Great Expectations.
 */
export function parseSuite(text: string, file: string): ExpectationSuite {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  const place = (node: unknown) => {
    const offset = (node as { range?: [number, number] } | null)?.range?.[0];
    if (offset === undefined) return file;
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (document.errors.length > 0) {
    const [first] = document.errors;
    const at = first?.linePos?.[0];
    throw new SuiteError(
      `${file}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML or JSON (${first?.message.split('\n')[0]}) — fix the syntax`,
    );
  }
  const root: unknown = document.toJS();
  const list = Array.isArray(root) ? root : (root as { expectations?: unknown } | null)?.expectations;
  if (!Array.isArray(list)) {
    throw new SuiteError(
      `${file}: no \`expectations\` list — write \`expectations: [{ expectation_type: expect_column_to_exist, kwargs: { column: id } }]\``,
    );
  }
  const expectations = list.map((entry: unknown, index) => {
    const where = `${place(document.getIn(Array.isArray(root) ? [index] : ['expectations', index], true))}: expectations[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new SuiteError(`${where}: not a mapping — each expectation is { expectation_type, kwargs }`);
    }
    const raw = entry as Record<string, unknown>;
    const type = raw['expectation_type'] ?? raw['type'];
    if (typeof type !== 'string') {
      throw new SuiteError(`${where}: no \`expectation_type\` — name one of the supported expectations`);
    }
    if (!EXPECTATION_TYPES.includes(type)) {
      const suggestion = closest(type, EXPECTATION_TYPES);
      throw new SuiteError(
        `${where}: unknown expectation type "${type}" — ${suggestion ? `did you mean "${suggestion}"? ` : ''}supported: ${EXPECTATION_TYPES.join(', ')}`,
      );
    }
    const kwargs = raw['kwargs'] ?? {};
    if (kwargs === null || typeof kwargs !== 'object' || Array.isArray(kwargs)) {
      throw new SuiteError(`${where} (${type}): \`kwargs\` must be a mapping, e.g. { column: age }`);
    }
    const meta = raw['meta'];
    const config: ExpectationConfig = { expectation_type: type, kwargs: kwargs as Kwargs };
    if (meta !== null && typeof meta === 'object' && !Array.isArray(meta))
      config.meta = meta as Record<string, unknown>;
    return config;
  });
  const name = Array.isArray(root)
    ? undefined
    : ((root as Record<string, unknown>)['expectation_suite_name'] ??
      (root as Record<string, unknown>)['name']);
  const suiteMeta = Array.isArray(root) ? undefined : (root as Record<string, unknown>)['meta'];
  return {
    expectation_suite_name: typeof name === 'string' ? name : 'default',
    expectations,
    ...(suiteMeta !== null && typeof suiteMeta === 'object'
      ? { meta: suiteMeta as Record<string, unknown> }
      : {}),
  };
}

/** The suite as YAML, the form users commit and edit. */
export function suiteToYaml(suite: ExpectationSuite): string {
  return stringify(suite, { lineWidth: 0 });
}

/** The candidate nearest `name` by edit distance, when it is close enough to be a likely typo. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(name.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
