import { FEATURE_NAMES_ALIASES, METADATA } from '../onnx/metadata';
import { ScoringError } from './scoring-error';
import { describe, type ValueSpec } from './signature';

/**
 * The order of a model's features — which data column goes to which position of its one [N, D]
 * input — and where that order came from, for messages ("from lineage.json of churn@v3").
 */
export interface FeatureOrder {
  columns: readonly string[];
  source: string;
}

/**
 * `features` as users write it (an action input, `--features`, `MLOPS_FEATURES`): column names
 * separated by commas or new lines. Empty → undefined. A name given twice is an error: it would
 * feed one column to two positions of the model.
 */
export function parseFeatureList(text: string | undefined, source: string): string[] | undefined {
  const names = (text ?? '')
    .split(/[,\n]/)
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) return undefined;
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new Error(`${source}: the feature "${name}" is listed twice.`);
    seen.add(name);
  }
  return names;
}

/**
 * The feature order a model records in its `metadata_props`: ours (`mlops-actions:feature-names`)
 * or a common alias, as a JSON array of names or a comma-separated list.
 */
export function featureOrderFromMetadata(
  metadata: ReadonlyMap<string, string>,
  where: string,
): FeatureOrder | undefined {
  for (const key of [METADATA.featureNames, ...FEATURE_NAMES_ALIASES]) {
    const text = metadata.get(key);
    if (text === undefined || text.trim() === '') continue;
    const source = `${where} metadata "${key}"`;
    let columns: string[] | undefined;
    if (text.trim().startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed) || !parsed.every((name) => typeof name === 'string' && name !== '')) {
        throw new ScoringError(
          where,
          `metadata "${key}" is not a JSON array of column names: ${text.slice(0, 80)}`,
        );
      }
      columns = parsed as string[];
    } else {
      columns = parseFeatureList(text, source);
    }
    if (columns && columns.length > 0) return { columns, source };
  }
  return undefined;
}

/**
 * The one [N, D] input a model takes all its features through, or undefined when it takes one
 * input per column (our trainer's models). A lone rank-2 input is such a tensor when its width is
 * not 1, or when a feature order is known for it; `[N, 1]` alone is read as one column by name.
 */
export function featureTensorInput(inputs: readonly ValueSpec[], knownOrder: boolean): ValueSpec | undefined {
  if (inputs.length !== 1) return undefined;
  const input = inputs[0]!;
  if (input.shape.length !== 2) return undefined;
  return input.shape[1] !== 1 || knownOrder ? input : undefined;
}

/** The error when a model takes one [N, D] tensor and nothing says which columns fill it. */
export function missingFeatureOrder(
  where: string,
  input: ValueSpec,
  candidates: readonly string[],
): ScoringError {
  const width = typeof input.shape[1] === 'number' ? `${input.shape[1]} features` : 'its features';
  const shown = candidates.slice(0, 40).join(', ') + (candidates.length > 40 ? ', …' : '');
  return new ScoringError(
    where,
    `input "${input.name}" (${describe(input)}) takes ${width} as one tensor, and nothing says which columns go where — ` +
      `set \`features\` (--features) to the columns in the model's input order` +
      (candidates.length > 0 ? ` (the data's columns: ${shown})` : '') +
      `, record it in run.json with train's \`features\`, or in the model's metadata "${METADATA.featureNames}"`,
  );
}

/** The error when the feature order's length is not the input's width. */
export function featureWidthMismatch(where: string, input: ValueSpec, order: FeatureOrder): ScoringError {
  return new ScoringError(
    where,
    `input "${input.name}" is ${describe(input)} but ${order.source} names ${order.columns.length} columns ` +
      `(${order.columns.slice(0, 12).join(', ')}${order.columns.length > 12 ? ', …' : ''}) — give exactly ${String(input.shape[1])}, in the model's input order`,
  );
}
