import { readColumns, type ColumnTable } from '@mlops-actions/data';
import type { RawColumn } from '../onnx/linear-model';
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
    const names = local.signature.inputs.map((input) => input.name);
    const table = await readColumns(options.data, names);
    const rows = Math.min(options.rows, table.rows);
    if (rows === 0) throw new Error(`${String(options.data)}: no rows to smoke-test with`);
    const columns = firstRows(local, table, rows);
    const inputs: Tensor[] = local.signature.inputs.map((input) => ({
      name: input.name,
      datatype: datatypeOf(input),
      shape: input.shape.length === 2 ? [rows, 1] : [rows],
      data: Array.from(columns.get(input.name)! as ArrayLike<number | string>),
    }));
    const expected = responseOutputs(await local.score(columns));
    const response = await client.infer(options.name, { id: 'smoke-test', inputs });
    const maxDifference = compareOutputs(expected, response.outputs, options.tolerance ?? 1e-6);
    return { rows, maxDifference };
  } finally {
    await local.release();
  }
}

/** The model's inputs over the first rows: numbers for numeric inputs, texts for string ones. */
function firstRows(model: ScoringModel, table: ColumnTable, rows: number): Map<string, RawColumn> {
  const columns = new Map<string, RawColumn>();
  for (const input of model.signature.inputs) {
    const texts = table.columns.get(input.name)!.slice(0, rows);
    if (input.type === 'string') {
      columns.set(
        input.name,
        texts.map((text) => text ?? ''),
      );
      continue;
    }
    columns.set(
      input.name,
      Float64Array.from(texts, (text, row) => {
        const value = text === null ? Number.NaN : Number(text);
        // JSON has no NaN: a missing value cannot travel to the endpoint.
        if (!Number.isFinite(value)) {
          const { file, line } = table.locate(row);
          throw new Error(
            `${file}:${line}: column "${input.name}" holds ${JSON.stringify(text)}; smoke rows need numbers`,
          );
        }
        return value;
      }),
    );
  }
  return columns;
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
