import { readColumns, type ColumnTable } from '@mlops-actions/data';
import type { RawColumn } from '../onnx/linear-model';
import { modelColumns, modelInputs, type ModelInputs } from '../evaluate/model-inputs';
import type { FeatureOrder } from '../scoring/features';
import { loadModel, type LoadModelOptions, type ScoringModel } from '../scoring/scoring-model';
import { InferenceClient, type InferenceClientOptions } from './client';
import { datatypeOf, responseOutputs, type Tensor } from './protocol';

export interface SmokeTestOptions {
  endpoint: URL | string;
  /** The endpoint's credentials, as for the load. */
  client?: InferenceClientOptions;
  /** The model's name on the endpoint. */
  name: string;
  /** The version the endpoint must report (what was just loaded). */
  version: string;
  /** The local copy of the same model, scored with onnxruntime here for comparison. */
  model: string;
  runtime: Omit<LoadModelOptions, 'name'>;
  /** Data whose first `rows` rows are sent. */
  data: string | string[];
  rows: number;
  /** For a model with one [N, D] input: the columns in its order (default: what the model records). */
  features?: FeatureOrder;
  /** Largest absolute difference accepted between served and local numbers; default 1e-6. */
  tolerance?: number;
}

export interface SmokeTestResult {
  rows: number;
  /** The largest absolute difference seen between a served and a local number. */
  maxDifference: number;
}

/**
 * Sends the first rows of `data` to the endpoint's `/infer` and compares every output with the
 * same rows scored locally: it proves the endpoint serves this exact model, not merely a model.
 */
export async function smokeTestEndpoint(options: SmokeTestOptions): Promise<SmokeTestResult> {
  const client = new InferenceClient(options.endpoint, options.client);
  const served = await client.metadata(options.name);
  if (!served.versions.includes(options.version)) {
    throw new Error(
      `the endpoint serves ${options.name} version ${served.versions.join(', ')}, not ${options.version}`,
    );
  }
  const local = await loadModel(options.model, { ...options.runtime, name: options.model });
  try {
    const feeds = await modelInputs(local, options.features, options.data);
    const table = await readColumns(options.data, feeds.columns);
    const rows = Math.min(options.rows, table.rows);
    if (rows === 0) throw new Error(`${String(options.data)}: no rows to smoke-test with`);
    const columns = firstRows(local, table, feeds, rows);
    const inputs = requestTensors(local, feeds, columns, rows);
    const expected = responseOutputs(
      await local.score(
        columns,
        feeds.order ? { featureOrder: feeds.order.columns, featureSource: feeds.order.source } : {},
      ),
    );
    const response = await client.infer(options.name, { id: 'smoke-test', inputs });
    const maxDifference = compareOutputs(expected, response.outputs, options.tolerance ?? 1e-6);
    return { rows, maxDifference };
  } finally {
    await local.release();
  }
}

/** The model's inputs over the first rows: numbers for numeric inputs, texts for string ones. */
function firstRows(
  model: ScoringModel,
  table: ColumnTable,
  feeds: ModelInputs,
  rows: number,
): Map<string, RawColumn> {
  const columns = modelColumns(model, table, feeds, rows);
  for (const [name, values] of columns) {
    if (!(values instanceof Float64Array)) {
      columns.set(
        name,
        (values as (string | null)[]).map((text) => text ?? ''),
      );
      continue;
    }
    // JSON has no NaN: a missing value cannot travel to the endpoint.
    const row = values.findIndex((value) => !Number.isFinite(value));
    if (row >= 0) {
      const { file, line } = table.locate(row);
      throw new Error(`${file}:${line}: column "${name}" is empty; smoke rows need numbers`);
    }
  }
  return columns;
}

/** The request's tensors: one per input, or the one [rows, D] tensor filled row by row in feature order. */
function requestTensors(
  model: ScoringModel,
  feeds: ModelInputs,
  columns: ReadonlyMap<string, RawColumn>,
  rows: number,
): Tensor[] {
  if (feeds.order) {
    const input = model.signature.inputs[0]!;
    const width = feeds.columns.length;
    const data = new Array<number>(rows * width);
    feeds.columns.forEach((name, c) => {
      const values = columns.get(name) as Float64Array;
      for (let row = 0; row < rows; row++) data[row * width + c] = values[row]!;
    });
    return [{ name: input.name, datatype: datatypeOf(input), shape: [rows, width], data }];
  }
  return model.signature.inputs.map((input) => ({
    name: input.name,
    datatype: datatypeOf(input),
    shape: input.shape.length === 2 ? [rows, 1] : [rows],
    data: Array.from(columns.get(input.name)! as ArrayLike<number | string>),
  }));
}

function compareOutputs(expected: Tensor[], actual: Tensor[], tolerance: number): number {
  let maxDifference = 0;
  for (const want of expected) {
    const got = actual.find((tensor) => tensor.name === want.name);
    if (!got)
      throw new Error(
        `the endpoint returned no output "${want.name}" (it returned ${actual.map((t) => t.name).join(', ') || 'none'})`,
      );
    const data = (got.data as unknown[]).flat(Infinity);
    if (data.length !== want.data.length) {
      throw new Error(
        `output "${want.name}" has ${data.length} values from the endpoint, ${want.data.length} locally`,
      );
    }
    want.data.forEach((value, i) => {
      const served = data[i];
      const difference =
        typeof value === 'number' && typeof served === 'number'
          ? Math.abs(value - served)
          : value === served
            ? 0
            : Infinity;
      if (!(difference <= tolerance)) {
        throw new Error(
          `the endpoint disagrees with the local model on output "${want.name}" value ${i}: served ${JSON.stringify(served)}, local ${JSON.stringify(value)} (tolerance ${tolerance})`,
        );
      }
      maxDifference = Math.max(maxDifference, difference);
    });
  }
  return maxDifference;
}
