import { designColumns } from '../onnx/linear-model';
import type { FeatureEncoding } from '../onnx/linear-model';
import type { TrainingColumn } from './columns';

/**
 * An N × D design (standardized numerics, then one-hot blocks), read in blocks of rows: the solvers
 * stream over it, so the raw columns are the only N-sized copy of the data the trainer needs.
 */
export interface Design {
  rows: number;
  columns: number;
  /**
   * Writes rows [start, start + count) column-major into `out`: design column j of row start + i
   * at `out[j · stride + i]` (stride ≥ count).
   */
  load(start: number, count: number, out: Float64Array, stride: number): void;
  /** The row-major N × D matrix, built on first use (for the row-at-a-time sparse and softmax paths). */
  readonly x: Float64Array;
  /** What the design is made of, for a worker thread to rebuild it (`designFromParts`); not every design. */
  readonly parts?: DesignParts;
}

/** The plain data of a `columnDesign`: a worker thread rebuilds the same design from it. */
export interface DesignParts {
  /** The standardized columns: `(values[row] − mean) / std`. */
  readonly numeric: readonly { values: Float64Array; mean: number; std: number }[];
  /** The one-hot blocks: each row's category index (−1 for none) and the block's width. */
  readonly oneHot: readonly { hits: Int32Array; width: number }[];
  /** The rows read from the numeric columns, ascending; null for every row in order. */
  readonly rows: Int32Array | null;
  /** Design rows and columns. */
  readonly count: number;
  readonly columns: number;
}

/** What every solver returns: D × K row-major weights, K intercepts, and how the solve went. */
export interface LinearFit {
  weights: Float64Array;
  intercepts: Float64Array;
  /** Newton steps (1 for the closed-form ridge solve). */
  iterations: number;
  converged: boolean;
  /** ‖∇f‖∞ of the per-row mean objective at the solution (0 for ridge, which is exact). */
  gradientNorm: number;
}

/** Rows per block when a design is streamed: a block's columns (P × 256 doubles) stay in the L1/L2 cache. */
export const BLOCK = 256;

/** A design over a row-major matrix held in memory. */
export function rowMajorDesign(x: Float64Array, rows: number, columns: number): Design {
  return {
    rows,
    columns,
    x,
    load(start, count, out, stride) {
      for (let i = 0; i < count; i++) {
        const base = (start + i) * columns;
        for (let j = 0; j < columns; j++) out[j * stride + i] = x[base + j]!;
      }
    },
  };
}

/**
 * The design of `rows` (indices into the raw columns, ascending) under `encodings`, computed from
 * the raw columns block by block with the exported graph's arithmetic, `(x − mean) / std` and
 * one-hot — no N × D copy. Categorical values are looked up once, here, as per-row category indices.
 */
export function columnDesign(
  encodings: readonly FeatureEncoding[],
  features: readonly TrainingColumn[],
  rows: Int32Array,
): Design {
  const byName = new Map(features.map((feature) => [feature.name, feature]));
  const n = rows.length;
  // Usable rows are ascending and distinct: as many as the column holds means every row, in order.
  const everyRow = features.every((feature) => feature.values.length === n);
  const numeric: { values: Float64Array; mean: number; std: number }[] = [];
  const oneHot: { hits: Int32Array; width: number }[] = [];
  for (const encoding of encodings) {
    const column = byName.get(encoding.name);
    if (!column) throw new Error(`no column "${encoding.name}" among ${[...byName.keys()].join(', ')}`);
    if (encoding.kind === 'numeric') {
      // The column itself, read through `rows` for a subset: a split's designs copy no numbers.
      const values = column.values as ArrayLike<number>;
      numeric.push({
        values: values instanceof Float64Array ? values : Float64Array.from(values, (v) => v ?? Number.NaN),
        mean: encoding.mean,
        std: encoding.std,
      });
    } else {
      const index = new Map(encoding.categories.map((category, i) => [category, i]));
      const values = column.values as ArrayLike<string | null>;
      const hits = new Int32Array(n);
      for (let i = 0; i < n; i++) hits[i] = index.get(values[everyRow ? i : rows[i]!] ?? '') ?? -1;
      oneHot.push({ hits, width: encoding.categories.length });
    }
  }
  return designFromParts({
    numeric,
    oneHot,
    rows: everyRow ? null : rows,
    count: n,
    columns: designColumns(encodings).length,
  });
}

/** The design of `columnDesign` over its parts. */
export function designFromParts(parts: DesignParts): Design {
  const { numeric, oneHot, rows } = parts;
  let rowMajor: Float64Array | undefined;
  const design: Design = {
    rows: parts.count,
    columns: parts.columns,
    parts,
    load(start, count, out, stride) {
      let j = 0;
      for (const { values, mean, std } of numeric) {
        const offset = j++ * stride;
        if (rows === null) {
          for (let i = 0; i < count; i++) out[offset + i] = (values[start + i]! - mean) / std;
        } else {
          for (let i = 0; i < count; i++) out[offset + i] = (values[rows[start + i]!]! - mean) / std;
        }
      }
      for (const { hits, width } of oneHot) {
        out.fill(0, j * stride, (j + width - 1) * stride + count);
        for (let i = 0; i < count; i++) {
          const hit = hits[start + i]!;
          if (hit >= 0) out[(j + hit) * stride + i] = 1;
        }
        j += width;
      }
    },
    get x() {
      rowMajor ??= toRowMajor(design);
      return rowMajor;
    },
  };
  return design;
}

/** True when at least half the design's entries (sampled over its first 1,024 rows) are non-zero. */
export function mostlyNonZero(design: Design): boolean {
  const count = Math.min(design.rows, 1024);
  const block = new Float64Array(design.columns * count);
  design.load(0, count, block, count);
  let nonZero = 0;
  for (const value of block) if (value !== 0) nonZero++;
  return nonZero * 2 >= block.length;
}

function toRowMajor(design: Design): Float64Array {
  const d = design.columns;
  const x = new Float64Array(design.rows * d);
  const block = new Float64Array(d * BLOCK);
  for (let start = 0; start < design.rows; start += BLOCK) {
    const count = Math.min(BLOCK, design.rows - start);
    design.load(start, count, block, BLOCK);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < d; j++) x[(start + i) * d + j] = block[j * BLOCK + i]!;
    }
  }
  return x;
}

/**
 * Row `row` of the design with a trailing 1 for the intercept, as the positions and values of its
 * non-zero entries: one-hot blocks are mostly zeros, and the Hessians skip them.
 */
export function augmentedRow(
  design: Design,
  row: number,
  positions: Int32Array,
  values: Float64Array,
): number {
  let count = 0;
  const x = design.x;
  const base = row * design.columns;
  for (let j = 0; j < design.columns; j++) {
    const value = x[base + j] as number;
    if (value !== 0) {
      positions[count] = j;
      values[count++] = value;
    }
  }
  positions[count] = design.columns;
  values[count++] = 1;
  return count;
}
