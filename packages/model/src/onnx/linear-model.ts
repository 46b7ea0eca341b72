/**
 * A fitted linear model together with the preprocessing it was fitted on. The trainer produces it
 * and the ONNX exporter writes it; both use the same design layout, defined here.
 */

/** How one raw column becomes design columns. */
export type FeatureEncoding =
  /** Standardized: `(x − mean) / std` (std is the population std of the training rows, or 1 when 0). */
  | { kind: 'numeric'; name: string; mean: number; std: number }
  /** One-hot over the training categories in this order; an unseen value encodes as all zeros. */
  | { kind: 'categorical'; name: string; categories: readonly string[] };

/** regression: one real output; binary: the logit of `classes[1]`; multiclass: one score per class. */
export type LinearTask = 'regression' | 'binary' | 'multiclass';

export interface LinearModel {
  task: LinearTask;
  /** Raw input columns, in the order the exported model declares its inputs. */
  features: readonly FeatureEncoding[];
  /** Row-major D × K weights over the design columns (see `designColumns`); K = `outputCount(model)`. */
  weights: Float64Array;
  /** K intercepts. */
  intercepts: Float64Array;
  /** Class labels for binary (2) and multiclass (K) models, in score order. */
  classes?: readonly (string | number)[];
}

/**
 * Design column names in layout order: every numeric feature (in `features` order), then each
 * categorical feature's one-hot block as `name=category`. Keeping numerics first lets the graph
 * standardize them with one Sub and one Div.
 */
export function designColumns(features: readonly FeatureEncoding[]): string[] {
  const numeric = features.filter((f) => f.kind === 'numeric').map((f) => f.name);
  const oneHot = features.flatMap((f) =>
    f.kind === 'categorical' ? f.categories.map((c) => `${f.name}=${c}`) : [],
  );
  return [...numeric, ...oneHot];
}

/** K: 1 for regression and binary (a single logit), the class count for multiclass. */
export function outputCount(model: Pick<LinearModel, 'task' | 'classes'>): number {
  return model.task === 'multiclass' ? (model.classes?.length ?? 0) : 1;
}

/** Raw values of one column: numbers for numeric features, strings (null = missing) for categorical ones. */
export type RawColumn = ArrayLike<number> | readonly (string | null)[];

/**
 * Builds the row-major N × D design matrix from raw columns (keyed by feature name), applying the
 * encodings exactly as the exported graph does.
 */
export function designMatrix(
  features: readonly FeatureEncoding[],
  columns: ReadonlyMap<string, RawColumn>,
  rows: number,
): Float64Array {
  const width = designColumns(features).length;
  const out = new Float64Array(rows * width);
  let offset = 0;
  for (const feature of features) {
    if (feature.kind !== 'numeric') continue;
    const values = columnOf(columns, feature.name) as ArrayLike<number>;
    for (let row = 0; row < rows; row++) {
      out[row * width + offset] = ((values[row] as number) - feature.mean) / feature.std;
    }
    offset++;
  }
  for (const feature of features) {
    if (feature.kind !== 'categorical') continue;
    const values = columnOf(columns, feature.name) as readonly (string | null)[];
    const index = new Map(feature.categories.map((category, i) => [category, i]));
    for (let row = 0; row < rows; row++) {
      const hit = index.get(values[row] ?? '');
      if (hit !== undefined) out[row * width + offset + hit] = 1;
    }
    offset += feature.categories.length;
  }
  return out;
}

function columnOf(columns: ReadonlyMap<string, RawColumn>, name: string): RawColumn {
  const column = columns.get(name);
  if (!column) throw new Error(`no column "${name}" among ${[...columns.keys()].join(', ')}`);
  return column;
}
