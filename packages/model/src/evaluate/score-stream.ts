import {
  DataError,
  RowOrigins,
  streamTypedColumns,
  type TypedBatch,
  type TypedColumnRequest,
  type TypedReaderThread,
} from '@mlops-actions/data';
import type { RawColumn } from '../onnx/linear-model';
import { Float32Copies } from '../scoring/feeds';
import { ScoringError } from '../scoring/scoring-error';
import type { Scores, ScoringModel } from '../scoring/scoring-model';
import { FLOAT_TYPES } from '../scoring/signature';
import type { ModelInputs } from './model-inputs';

/** A model to score while reading, with the data columns that feed it. */
export interface StreamedModel {
  model: ScoringModel;
  inputs: ModelInputs;
  /** Names the model in errors (its path). */
  source: string;
}

/** What scoring a dataset keeps: each model's scores, and the other columns as typed arrays. */
export interface ScoredDataset {
  rows: number;
  /** Per model, in the order given: all rows' scores, concatenated. */
  scores: Scores[];
  /** The 'number' columns asked for besides the models' inputs (e.g. a regression target); NaN = missing. */
  numbers: Map<string, Float64Array>;
  /** The 'code' columns asked for: codes into `texts` (−1 = missing). */
  codes: Map<string, Int32Array>;
  texts: Map<string, readonly string[]>;
  /** File and physical line of a row, for errors that point at the data. */
  locate(row: number): { file: string; line: number };
}

/**
 * Reads the data once, batch by batch, and scores every model on each batch as it arrives
 * (onnxruntime per batch); only the scores and the `keep` columns stay, as typed arrays, so memory
 * grows by a few bytes per row whatever the number of features. Input columns are read as numbers
 * where the model takes numbers (a cell that is not one is an error at its file:line:column) and as
 * codes where it takes strings.
 */
export async function scoreDataset(
  data: readonly string[],
  models: readonly StreamedModel[],
  keep: readonly TypedColumnRequest[],
  /** A reader thread started ahead, to read on where a thread pays (see streamTypedColumns). */
  reader?: TypedReaderThread | null,
): Promise<ScoredDataset> {
  const inputKinds = models.map(inputColumnKinds);
  const numericInputs = new Map<string, { input: string; type: string; tensor: boolean }>();
  for (const { model, inputs } of models) {
    const tensor = inputs.order ? model.featureTensor(inputs.order.columns) : undefined;
    for (const column of inputs.columns) {
      const input = tensor ?? model.signature.inputs.find((i) => i.name === column);
      if (input && !numericInputs.has(column))
        numericInputs.set(column, { input: input.name, type: input.type, tensor: Boolean(tensor) });
    }
  }
  const requests: TypedColumnRequest[] = [...keep];
  for (const kinds of inputKinds) for (const [name, kind] of kinds) requests.push({ name, kind });
  const parts = models.map(() => [] as Scores[]);
  const keptNumbers = new Map(
    keep.filter((k) => k.kind === 'number').map((k) => [k.name, [] as Float64Array[]]),
  );
  const keptCodes = new Map(keep.filter((k) => k.kind === 'code').map((k) => [k.name, [] as Int32Array[]]));
  const origins = new RowOrigins();
  let texts = new Map<string, readonly string[]>();
  let rows = 0;
  const notNumberMessage = (column: string, text: string) => {
    const feeds = numericInputs.get(column);
    if (!feeds)
      return { problem: `column "${column}" holds "${text}", which is not a number`, hint: 'fix the value' };
    return {
      problem: `column "${column}" holds "${text}", but the model's input "${feeds.input}" (${feeds.type}) takes numbers there`,
      hint: feeds.tensor
        ? 'fix the value, or check `features`: a text column cannot feed a numeric tensor'
        : 'fix the value or leave it empty',
    };
  };
  // Each batch's numbers are scored, and the kept ones copied, before the next batch reuses the arrays.
  const read = streamTypedColumns(data, requests, {
    notNumberMessage,
    transient: true,
    ...(reader ? { thread: { reader } } : {}),
  });
  for await (const batch of read) {
    origins.add(batch.file, rows, batch.lines.slice(0, batch.rows));
    // The models take the same columns: each is converted to float32 once for all of them.
    const copies = new Float32Copies();
    for (let m = 0; m < models.length; m++) {
      parts[m]!.push(await scoreBatch(models[m]!, inputKinds[m]!, batch, copies));
    }
    for (const [name, chunks] of keptNumbers) chunks.push(batch.numbers.get(name)!.slice());
    for (const [name, chunks] of keptCodes) chunks.push(batch.codes.get(name)!);
    texts = batch.texts;
    rows += batch.rows;
  }
  return {
    rows,
    scores: parts.map((chunks) => concatScores(chunks, rows)),
    numbers: new Map([...keptNumbers].map(([name, chunks]) => [name, concat(Float64Array, chunks, rows)])),
    codes: new Map([...keptCodes].map(([name, chunks]) => [name, concat(Int32Array, chunks, rows)])),
    texts,
    locate: (row) => origins.locate(row) ?? { file: data[0] ?? '', line: 0 },
  };
}

/** Each input column of a model: 'number' where it takes numbers, 'code' where it takes strings. */
function inputColumnKinds({ model, inputs }: StreamedModel): Map<string, 'number' | 'code'> {
  const tensor = inputs.order ? model.featureTensor(inputs.order.columns) : undefined;
  const feeds = tensor
    ? inputs.columns.map((column) => ({ column, input: tensor }))
    : model.signature.inputs.map((input) => ({ column: input.name, input }));
  const kinds = new Map<string, 'number' | 'code'>();
  for (const { column, input } of feeds) {
    const numeric = FLOAT_TYPES.includes(input.type) || input.type === 'int64' || input.type === 'int32';
    kinds.set(column, numeric ? 'number' : 'code');
  }
  return kinds;
}

async function scoreBatch(
  { model, inputs, source }: StreamedModel,
  kinds: Map<string, 'number' | 'code'>,
  batch: TypedBatch,
  float32Copies: Float32Copies,
): Promise<Scores> {
  const columns = new Map<string, RawColumn>();
  for (const [name, kind] of kinds) {
    if (kind === 'number') {
      columns.set(name, batch.numbers.get(name)!);
      continue;
    }
    // A string input takes strings: the column's distinct texts, shared by reference.
    const texts = batch.texts.get(name)!;
    columns.set(
      name,
      Array.from(batch.codes.get(name)!, (code) => (code < 0 ? null : texts[code]!)),
    );
  }
  try {
    return await model.score(columns, {
      ...(inputs.order ? { featureOrder: inputs.order.columns, featureSource: inputs.order.source } : {}),
      // One run per read batch (at most 65,536 rows, so memory stays bounded): fewer, larger calls
      // into onnxruntime than its default 8,192-row runs; the scores are the same whatever the size.
      batchSize: Math.max(1, batch.rows),
      float32Copies,
    });
  } catch (error) {
    if (!(error instanceof ScoringError) || error.row === undefined || error.row >= batch.rows) throw error;
    throw noFiniteOutput(error, error.row, kinds, batch, source);
  }
}

/**
 * A row the model gives no finite output for (NaN, ±Infinity), as an error at the row's file and
 * line naming the inputs it lacks: a model trained without missing values returns NaN for them.
 */
function noFiniteOutput(
  error: ScoringError,
  row: number,
  kinds: Map<string, 'number' | 'code'>,
  batch: TypedBatch,
  source: string,
): DataError {
  const missing = [...kinds].flatMap(([name, kind]) =>
    (kind === 'number' ? Number.isNaN(batch.numbers.get(name)![row]) : batch.codes.get(name)![row]! < 0)
      ? [name]
      : [],
  );
  const lacks =
    missing.length === 0 ? '' : `; its ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`;
  const what = error.message.slice(error.model.length + 2).replace(/ at row \d+ — .*$/, '');
  return new DataError(
    { file: batch.file, line: batch.lines[row] ?? 0, column: 1 },
    `${source} gives no finite output for this row (${what})${lacks}`,
    missing.length === 0
      ? "check the row's values against the data the model was trained on"
      : 'the model cannot score missing values: fill them (e.g. with the training mean) or drop those rows',
  );
}

function concat<T extends Float64Array | Int32Array>(
  Type: { new (length: number): T },
  chunks: readonly T[],
  length: number,
): T {
  const out = new Type(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function concatScores(chunks: readonly Scores[], rows: number): Scores {
  const first = chunks[0];
  if (!first) {
    // No rows: an empty result of the model's kind (the caller refuses empty data).
    return { task: 'regression', rows: 0, predictions: new Float64Array(0) };
  }
  if (first.task === 'regression') {
    return {
      task: 'regression',
      rows,
      predictions: concat(
        Float64Array,
        chunks.map((c) => (c as typeof first).predictions),
        rows,
      ),
    };
  }
  const classification = chunks as (typeof first)[];
  const k = first.classes.length;
  return {
    task: 'classification',
    rows,
    classes: first.classes,
    labels: concat(
      Int32Array,
      classification.map((c) => c.labels),
      rows,
    ),
    ...(first.probabilities
      ? {
          probabilities: concat(
            Float64Array,
            classification.map((c) => c.probabilities!),
            rows * k,
          ),
        }
      : {}),
  };
}
