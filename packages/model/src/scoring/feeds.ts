import type { Tensor } from 'onnxruntime-node';
import type { OnnxRuntime } from '../runtime/onnxruntime';
import type { RawColumn } from '../onnx/linear-model';
import { ScoringError } from './scoring-error';
import { featureTensorInput, featureWidthMismatch, missingFeatureOrder } from './features';
import type { FeatureOrder } from './features';
import { describe } from './signature';
import type { ValueSpec } from './signature';

/** Rows [start, end) of every input, as onnxruntime tensors keyed by input name. */
export type FeedBuilder = (start: number, end: number) => Record<string, Tensor>;

/**
 * Each numeric input's array, written again for the next run rather than allocated per run: a run
 * is over (awaited) before the next batch's feed is built, so onnxruntime is done with it.
 */
export type FeedScratch = Map<string, Float32Array | Float64Array | Int32Array>;

const NUMERIC_INPUTS = ['float32', 'float64', 'int64', 'int32'];

/**
 * The float32 copies of float64 columns that feeds of one batch made, for the next model that scores
 * the same rows (a candidate and its baseline take the same columns): each column is converted once.
 * Made per batch by the caller, and dropped before the arrays it copied change.
 */
export class Float32Copies {
  private readonly copies = new Map<Float64Array, { start: number; end: number; data: Float32Array }>();

  find(values: Float64Array, start: number, end: number): Float32Array | undefined {
    const copy = this.copies.get(values);
    return copy && copy.start === start && copy.end === end ? copy.data : undefined;
  }

  keep(values: Float64Array, start: number, end: number, data: Float32Array): void {
    this.copies.set(values, { start, end, data });
  }
}

/**
 * Matches data columns to the model's inputs and returns a builder of per-batch feeds. Two layouts:
 * - one input per column (every input name is a column): [N] or [N, 1] tensors, strings for string
 *   inputs (null → ''), numbers converted to the declared numeric type;
 * - one [N, D] input fed from `featureOrder` (D numeric columns in the order the model declares).
 * Everything that can be checked before running is checked here, with the input and column named.
 */
export function planFeeds(
  ort: OnnxRuntime,
  where: string,
  inputs: readonly ValueSpec[],
  columns: ReadonlyMap<string, RawColumn>,
  featureOrder?: FeatureOrder,
  scratch?: FeedScratch,
  copies?: Float32Copies,
): FeedBuilder {
  const tensor = featureTensorInput(inputs, featureOrder !== undefined);
  if (tensor && (featureOrder || !columns.has(tensor.name))) {
    return singleTensorFeed(ort, where, tensor, columns, featureOrder, scratch);
  }
  const missing = inputs.filter((input) => !columns.has(input.name));
  if (missing.length > 0) {
    throw new ScoringError(
      where,
      `the data has no column for input${missing.length > 1 ? 's' : ''} ${missing.map((i) => `"${i.name}" ${describe(i)}`).join(', ')} ` +
        `(columns: ${[...columns.keys()].join(', ')})`,
    );
  }
  const builders = inputs.map((input) =>
    columnFeed(ort, where, input, columns.get(input.name) as RawColumn, scratch, copies),
  );
  return (start, end) => Object.fromEntries(inputs.map((input, i) => [input.name, builders[i]!(start, end)]));
}

function columnFeed(
  ort: OnnxRuntime,
  where: string,
  input: ValueSpec,
  column: RawColumn,
  scratch: FeedScratch | undefined,
  copies: Float32Copies | undefined,
) {
  const rank = input.shape.length;
  const width = input.shape[1];
  if (rank < 1 || rank > 2 || (rank === 2 && typeof width === 'number' && width !== 1)) {
    throw new ScoringError(
      where,
      `input "${input.name}" is ${describe(input)}; one column feeds [N] or [N, 1]`,
    );
  }
  const dims = (rows: number) => (rank === 2 ? [rows, 1] : [rows]);
  const holdsStrings = isStringColumn(column);
  if (input.type === 'string') {
    if (!holdsStrings) {
      throw new ScoringError(
        where,
        `input "${input.name}" expects strings (${describe(input)}) but column "${input.name}" holds numbers — read it as categorical`,
      );
    }
    const values = column as readonly (string | null)[];
    return (start: number, end: number) => {
      const batch = new Array<string>(end - start);
      for (let row = start; row < end; row++) batch[row - start] = values[row] ?? '';
      return new ort.Tensor('string', batch, dims(end - start));
    };
  }
  if (!NUMERIC_INPUTS.includes(input.type)) {
    throw new ScoringError(
      where,
      `input "${input.name}" is ${describe(input)}, a type the scorer does not feed`,
    );
  }
  if (holdsStrings) {
    const sample = (column as readonly (string | null)[]).find((v) => v !== null);
    throw new ScoringError(
      where,
      `input "${input.name}" expects numbers (${describe(input)}) but column "${input.name}" holds strings (e.g. ${JSON.stringify(sample)})`,
    );
  }
  const values = column as ArrayLike<number>;
  if (input.type === 'float32' && values instanceof Float64Array && copies) {
    // The float32 copy another model's feed made of these very rows, or one made here for the next.
    return (start: number, end: number) => {
      const copied = copies.find(values, start, end);
      if (copied) return new ort.Tensor('float32', copied, dims(end - start));
      const tensor = numericTensor(ort, where, input, [values], start, end, dims(end - start), scratch);
      copies.keep(values, start, end, tensor.data as Float32Array);
      return tensor;
    };
  }
  return (start: number, end: number) =>
    numericTensor(ort, where, input, [values], start, end, dims(end - start), scratch);
}

function singleTensorFeed(
  ort: OnnxRuntime,
  where: string,
  input: ValueSpec,
  columns: ReadonlyMap<string, RawColumn>,
  featureOrder: FeatureOrder | undefined,
  scratch: FeedScratch | undefined,
): FeedBuilder {
  if (!featureOrder) throw missingFeatureOrder(where, input, [...columns.keys()]);
  const width = input.shape[1];
  if (typeof width === 'number' && width !== featureOrder.columns.length) {
    throw featureWidthMismatch(where, input, featureOrder);
  }
  if (!NUMERIC_INPUTS.includes(input.type)) {
    throw new ScoringError(
      where,
      `input "${input.name}" is ${describe(input)}; one tensor of features must be numeric`,
    );
  }
  const sources = featureOrder.columns.map((name) => {
    const column = columns.get(name);
    if (!column)
      throw new ScoringError(
        where,
        `${featureOrder.source} names "${name}", which is not a column of the data (columns: ${[...columns.keys()].join(', ')})`,
      );
    if (isStringColumn(column)) {
      throw new ScoringError(
        where,
        `column "${name}" holds strings; input "${input.name}" (${describe(input)}) needs numbers`,
      );
    }
    return column as ArrayLike<number>;
  });
  return (start, end) => ({
    [input.name]: numericTensor(
      ort,
      where,
      input,
      sources,
      start,
      end,
      [end - start, sources.length],
      scratch,
    ),
  });
}

/**
 * Column `c` of a float32 feed from a column read as float64: the common case, in a loop that only
 * ever sees these two types (the shared loop below, reached by every type, ran ~3× slower).
 */
function copyToFloat32(
  data: Float32Array,
  values: Float64Array,
  start: number,
  end: number,
  width: number,
  c: number,
): void {
  if (width === 1) {
    for (let row = start; row < end; row++) data[row - start] = values[row]!;
    return;
  }
  for (let row = start; row < end; row++) data[(row - start) * width + c] = values[row]!;
}

/** Row-major [rows, columns.length] tensor of the input's numeric type from rows [start, end). */
function numericTensor(
  ort: OnnxRuntime,
  where: string,
  input: ValueSpec,
  columns: readonly ArrayLike<number>[],
  start: number,
  end: number,
  dims: number[],
  scratch?: FeedScratch,
): Tensor {
  const width = columns.length;
  const size = (end - start) * width;
  if (input.type === 'int64') {
    const data = new BigInt64Array(size);
    for (let c = 0; c < width; c++) {
      const values = columns[c] as ArrayLike<number>;
      for (let row = start; row < end; row++) {
        const value = values[row] as number;
        if (!Number.isSafeInteger(value)) {
          throw new ScoringError(where, `input "${input.name}" is int64 but row ${row} holds ${value}`);
        }
        data[(row - start) * width + c] = BigInt(value);
      }
    }
    return new ort.Tensor('int64', data, dims);
  }
  const Type = input.type === 'float32' ? Float32Array : input.type === 'float64' ? Float64Array : Int32Array;
  let data = scratch?.get(input.name);
  if (!(data instanceof Type) || data.length !== size) {
    data = new Type(size);
    scratch?.set(input.name, data);
  }
  for (let c = 0; c < width; c++) {
    const values = columns[c] as ArrayLike<number>;
    if (data instanceof Float32Array && values instanceof Float64Array) {
      copyToFloat32(data, values, start, end, width, c);
      continue;
    }
    for (let row = start; row < end; row++) data[(row - start) * width + c] = values[row] as number;
  }
  if (data instanceof Float32Array) return new ort.Tensor('float32', data, dims);
  if (data instanceof Float64Array) return new ort.Tensor('float64', data, dims);
  return new ort.Tensor('int32', data, dims);
}

/** Typed arrays and arrays of numbers are numeric; an array whose first non-null value is a string holds strings. */
function isStringColumn(column: RawColumn): boolean {
  if (!Array.isArray(column)) return false;
  const first = (column as readonly unknown[]).find((v) => v !== null && v !== undefined);
  return typeof first === 'string';
}
