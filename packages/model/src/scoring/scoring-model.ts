import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { decodeModel, encodeModel } from '../onnx/proto';
import type { ModelProto } from '../onnx/proto';
import type { RawColumn } from '../onnx/linear-model';
import { requireOnnxRuntime } from '../runtime/onnxruntime';
import type { OnnxRuntime, RuntimeLocation } from '../runtime/onnxruntime';
import { resolveExternalData } from './external-data';
import { planFeeds, type FeedScratch, type Float32Copies } from './feeds';
import { featureOrderFromMetadata, featureTensorInput } from './features';
import type { FeatureOrder } from './features';
import { planOutputs } from './output-plan';
import type { OutputOptions, OutputPlan } from './output-plan';
import { NonFiniteOutput, ScoringError } from './scoring-error';
import { signatureOf } from './signature';
import type { ModelSignature, ValueSpec } from './signature';
import { unzipMapOutputs } from './zipmap';
import type { ClassLabels } from './zipmap';

/** Rows per `session.run`: large enough to amortize the call, small enough to bound memory. */
export const DEFAULT_BATCH_SIZE = 8192;

export interface LoadModelOptions {
  /** An onnxruntime-node module (tests and the CLI: the installed one)… */
  ort?: OnnxRuntime;
  /** …or where `installOnnxRuntime` put the fetched runtime (actions). */
  runtime?: RuntimeLocation;
  /** Names the model in errors (default: the file path, or `<bytes>`). */
  name?: string;
  /** What the outputs are, where the model does not say (task, output kind, class labels). */
  outputs?: OutputOptions;
  /**
   * The one folder ONNX external-data tensors may be read from; without it a model with
   * external data is refused (see `resolveExternalData`).
   */
  externalDataDir?: string;
  /**
   * onnxruntime's threads per run (its intra-op pool, the calling thread included). Default: one
   * fewer than the machine's cores, at least 1 — scoring runs beside a reader on another thread, and
   * onnxruntime's pool spins on every core it has: with all of them, its spinning took the reader's
   * core (a two-model evaluate of 1M rows on 2 cores: 3.2 s, 2.7 s with one thread).
   */
  threads?: number;
}

export interface ScoreOptions {
  /** Rows per run; default `DEFAULT_BATCH_SIZE`. */
  batchSize?: number;
  /** For a model with one [N, D] input: the D columns in the model's order (default: its metadata's). */
  featureOrder?: readonly string[];
  /** Where `featureOrder` came from, for messages (default "featureOrder"). */
  featureSource?: string;
  /** Float32 copies of the columns shared with other models scoring the same arrays (see Float32Copies). */
  float32Copies?: Float32Copies;
}

/** Data to score: raw columns by name, numbers for numeric columns and strings (null = missing) for categorical ones. */
export type ScoringData = ReadonlyMap<string, RawColumn> | Readonly<Record<string, RawColumn>>;

export interface ClassificationScores {
  task: 'classification';
  rows: number;
  /** Class labels; `labels` index into them and `probabilities` columns follow them. */
  classes: ClassLabels;
  /** Predicted class of each row, as an index into `classes`. */
  labels: Int32Array;
  /** Row-major N × K class probabilities, when the model outputs them. */
  probabilities?: Float64Array;
}

export interface RegressionScores {
  task: 'regression';
  rows: number;
  predictions: Float64Array;
}

export type Scores = ClassificationScores | RegressionScores;

/**
 * An ONNX model ready to score plain columns with onnxruntime-node: its signature, how its outputs
 * are read, and a batched `score`. Create with `loadModel`; `release` frees the native session.
 */
export class ScoringModel {
  /** Feed arrays kept from one `score` call to the next (see FeedScratch); taken while a call runs. */
  private feedScratch: FeedScratch | undefined = new Map();

  private constructor(
    /** The file path, or `options.name`, or `<bytes>`: prefixes every error. */
    readonly source: string,
    readonly signature: ModelSignature,
    readonly outputs: OutputPlan,
    /** `metadata_props` of the model. */
    readonly metadata: ReadonlyMap<string, string>,
    /** The feature order the model records in its metadata, if any. */
    readonly recordedFeatureOrder: FeatureOrder | undefined,
    private readonly ort: OnnxRuntime,
    private readonly session: InferenceSession,
  ) {}

  /** Loads ONNX bytes or a file. ZipMap outputs are unzipped to [N, K] tensors (see `unzipMapOutputs`). */
  static async load(source: string | Uint8Array, options: LoadModelOptions): Promise<ScoringModel> {
    const where = options.name ?? (typeof source === 'string' ? source : '<bytes>');
    const ort = options.ort ?? (options.runtime ? requireOnnxRuntime(options.runtime) : undefined);
    if (!ort) throw new ScoringError(where, 'no onnxruntime: pass options.ort or options.runtime');
    let bytes: Uint8Array;
    try {
      bytes = typeof source === 'string' ? await readFile(source) : source;
    } catch (error) {
      throw new ScoringError(where, `cannot read the model — ${(error as Error).message}`);
    }
    let proto: ModelProto;
    try {
      proto = decodeModel(bytes);
    } catch (error) {
      throw new ScoringError(
        where,
        `not a valid ONNX model (protobuf: ${(error as Error).message}) — is the file complete?`,
      );
    }
    const inlined = await resolveExternalData(proto, where, options.externalDataDir);
    const zipMaps = unzipMapOutputs(proto);
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(zipMaps.size > 0 || inlined ? encodeModel(proto) : bytes, {
        intraOpNumThreads: options.threads ?? Math.max(1, availableParallelism() - 1),
      });
    } catch (error) {
      throw new ScoringError(where, `not a valid ONNX model (onnxruntime: ${(error as Error).message})`);
    }
    const signature = signatureOf(session);
    try {
      const outputs = planOutputs(where, signature, proto, zipMaps, options.outputs);
      const metadata = new Map((proto.metadata_props ?? []).map((p) => [p.key ?? '', p.value ?? '']));
      const recorded = featureOrderFromMetadata(metadata, where);
      return new ScoringModel(where, signature, outputs, metadata, recorded, ort, session);
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  /**
   * The one [N, D] input the model takes all its features through, or undefined when it takes one
   * input per column. `order`: whether a feature order is known (it makes a lone [N, 1] input a tensor).
   */
  featureTensor(order?: readonly string[]): ValueSpec | undefined {
    return featureTensorInput(this.signature.inputs, (order ?? this.recordedFeatureOrder) !== undefined);
  }

  /**
   * True when an input's batch axis was exported as a fixed 1 (`torch.onnx.export` without
   * `dynamic_axes`): such a model can only be run one row at a time.
   */
  get takesOneRowAtATime(): boolean {
    return this.signature.inputs.some((input) => input.shape[0] === 1);
  }

  /** Scores every row in batches; results are identical whatever the batch size. */
  async score(data: ScoringData, options: ScoreOptions = {}): Promise<Scores> {
    const columns =
      data instanceof Map ? (data as ReadonlyMap<string, RawColumn>) : new Map(Object.entries(data));
    const rows = rowCount(this.source, columns);
    const batchSize = this.takesOneRowAtATime ? 1 : (options.batchSize ?? DEFAULT_BATCH_SIZE);
    if (!(batchSize >= 1))
      throw new ScoringError(this.source, `batchSize must be at least 1 (got ${batchSize})`);
    const order: FeatureOrder | undefined = options.featureOrder
      ? { columns: options.featureOrder, source: options.featureSource ?? 'featureOrder' }
      : this.recordedFeatureOrder;
    // The model's feed arrays, taken for this call (a concurrent call, as a server makes, builds its own).
    const scratch = this.feedScratch;
    this.feedScratch = undefined;
    const feed = planFeeds(
      this.ort,
      this.source,
      this.signature.inputs,
      columns,
      order,
      scratch,
      options.float32Copies,
    );
    const plan = this.outputs;
    const fetches =
      plan.task === 'regression'
        ? [plan.prediction]
        : [plan.label, plan.probabilities].filter((n) => n !== undefined);
    const collector =
      plan.task === 'regression'
        ? new RegressionCollector(this.source, plan, rows)
        : new ClassificationCollector(this.source, plan, rows);
    for (let start = 0; start < rows; start += batchSize) {
      const end = Math.min(rows, start + batchSize);
      let result: InferenceSession.ReturnType;
      try {
        result = await this.session.run(feed(start, end), fetches);
      } catch (error) {
        throw new ScoringError(
          this.source,
          `onnxruntime failed on rows ${start}–${end - 1}: ${(error as Error).message}`,
        );
      }
      collector.add(result, start, end);
    }
    this.feedScratch = scratch ?? new Map();
    return collector.finish();
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** Loads a model for scoring; see `ScoringModel`. */
export function loadModel(source: string | Uint8Array, options: LoadModelOptions): Promise<ScoringModel> {
  return ScoringModel.load(source, options);
}

/** Load, score, release. */
export async function scoreModel(
  source: string | Uint8Array,
  data: ScoringData,
  options: LoadModelOptions & ScoreOptions,
): Promise<Scores> {
  const model = await loadModel(source, options);
  try {
    return await model.score(data, options);
  } finally {
    await model.release();
  }
}

function rowCount(where: string, columns: ReadonlyMap<string, RawColumn>): number {
  let rows: number | undefined;
  for (const [name, values] of columns) {
    if (rows === undefined) rows = values.length;
    else if (values.length !== rows) {
      throw new ScoringError(
        where,
        `column "${name}" has ${values.length} rows; the first column has ${rows}`,
      );
    }
  }
  if (rows === undefined) throw new ScoringError(where, 'no data columns to score');
  return rows;
}

function outputTensor(
  where: string,
  result: InferenceSession.ReturnType,
  name: string,
  rows: number,
  start: number,
): Tensor {
  const tensor = result[name];
  if (!tensor || tensor.dims[0] !== rows) {
    throw new ScoringError(
      where,
      `output "${name}" for rows ${start}–${start + rows - 1} has shape [${tensor?.dims.join(', ') ?? ''}], expected ${rows} rows`,
    );
  }
  return tensor;
}

/** Copies float values to `out` at `offset`, refusing NaN and ±Infinity with the row that holds one. */
function copyFinite(
  where: string,
  output: string,
  data: ArrayLike<number>,
  out: Float64Array,
  offset: number,
  width: number,
) {
  for (let i = 0; i < data.length; i++) {
    const value = data[i] as number;
    if (!Number.isFinite(value)) {
      const row = Math.floor((offset + i) / width);
      throw new NonFiniteOutput(where, output, value, row);
    }
    out[offset + i] = value;
  }
}

class RegressionCollector {
  private readonly predictions: Float64Array;
  constructor(
    private readonly where: string,
    private readonly plan: Extract<OutputPlan, { task: 'regression' }>,
    private readonly rows: number,
  ) {
    this.predictions = new Float64Array(rows);
  }

  add(result: InferenceSession.ReturnType, start: number, end: number): void {
    const tensor = outputTensor(this.where, result, this.plan.prediction, end - start, start);
    if (tensor.size !== end - start) {
      throw new ScoringError(
        this.where,
        `output "${this.plan.prediction}" has shape [${tensor.dims.join(', ')}]; a regressor returns one value per row`,
      );
    }
    copyFinite(this.where, this.plan.prediction, tensor.data as Float32Array, this.predictions, start, 1);
  }

  finish(): RegressionScores {
    return { task: 'regression', rows: this.rows, predictions: this.predictions };
  }
}

class ClassificationCollector {
  private readonly labels: Int32Array;
  private readonly probabilities: Float64Array | undefined;
  private readonly classIndex: Map<string | number, number>;
  private readonly k: number;

  constructor(
    private readonly where: string,
    private readonly plan: Extract<OutputPlan, { task: 'classification' }>,
    private readonly rows: number,
  ) {
    this.k = plan.classes.length;
    this.labels = new Int32Array(rows);
    this.probabilities = plan.probabilities ? new Float64Array(rows * this.k) : undefined;
    this.classIndex = new Map(plan.classes.map((c, i) => [c, i]));
  }

  add(result: InferenceSession.ReturnType, start: number, end: number): void {
    const rows = end - start;
    if (this.probabilities && this.plan.probabilities) {
      const name = this.plan.probabilities;
      const tensor = outputTensor(this.where, result, name, rows, start);
      const width = this.plan.singleScore ? 1 : this.k;
      if (tensor.size !== rows * width) {
        throw new ScoringError(
          this.where,
          `output "${name}" has shape [${tensor.dims.join(', ')}] but the model has ${this.k} classes (${this.plan.classes.join(', ')})`,
        );
      }
      const data = tensor.data as Float32Array;
      if (this.plan.singleScore) {
        // One score per row is the second class's: expand to (1 − p, p).
        for (let i = 0; i < rows; i++) {
          const score = data[i]!;
          if (!Number.isFinite(score)) {
            throw new NonFiniteOutput(this.where, name, score, start + i);
          }
          const p = this.plan.scoreKind === 'logit' ? sigmoid(score) : score;
          this.probabilities[(start + i) * 2] = 1 - p;
          this.probabilities[(start + i) * 2 + 1] = p;
        }
      } else {
        copyFinite(this.where, name, data, this.probabilities, start * this.k, this.k);
        if (this.plan.scoreKind === 'logit') softmaxRows(this.probabilities, start, end, this.k);
      }
      if (this.plan.scoreKind !== 'logit') this.checkProbabilities(name, start, end);
    }
    if (this.plan.label) {
      const values = outputTensor(this.where, result, this.plan.label, rows, start).data as ArrayLike<
        bigint | number | string
      >;
      for (let i = 0; i < rows; i++)
        this.labels[start + i] = this.indexOf(values[i] as bigint | number | string, start + i);
    } else if (this.probabilities) {
      for (let row = start; row < end; row++)
        this.labels[row] = argMax(this.probabilities, row * this.k, this.k);
    }
  }

  /**
   * Numbers outside [0, 1], or (for an output of unknown kind) rows that do not sum to 1, are not
   * probabilities: most likely logits. Refused rather than guessed, since the metrics would be wrong.
   */
  private checkProbabilities(output: string, start: number, end: number): void {
    const probabilities = this.probabilities!;
    const k = this.k;
    const what = this.plan.singleScore ? 'a logit (before the sigmoid)' : 'logits (before the softmax)';
    const remedy =
      `if it holds ${what}, set output-kind to logit (--output-kind logit) and it is applied` +
      (this.plan.singleScore ? '; if the model is a regressor, set task to regression' : '');
    for (let row = start; row < end; row++) {
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const p = probabilities[row * k + c]!;
        if (p < 0 || p > 1) {
          throw new ScoringError(
            this.where,
            `output "${output}" holds ${Number(p.toPrecision(6))} at row ${row}, outside [0, 1], so it is not a probability — ${remedy}`,
          );
        }
        sum += p;
      }
      if (this.plan.scoreKind === 'auto' && Math.abs(sum - 1) > 1e-3) {
        throw new ScoringError(
          this.where,
          `output "${output}" row ${row} sums to ${Number(sum.toPrecision(6))}, not 1, so it holds no class probabilities — ${remedy}; ` +
            'set output-kind to probability to take the numbers as they are',
        );
      }
    }
  }

  private indexOf(value: bigint | number | string, row: number): number {
    const key = typeof value === 'bigint' ? Number(value) : value;
    const index = this.plan.labelIsIndex
      ? typeof key === 'number' && key >= 0 && key < this.k
        ? key
        : undefined
      : this.classIndex.get(key);
    if (index === undefined) {
      throw new ScoringError(
        this.where,
        `output "${this.plan.label}" row ${row} is ${JSON.stringify(key)}, not one of the classes (${this.plan.classes.join(', ')})`,
      );
    }
    return index;
  }

  finish(): ClassificationScores {
    return {
      task: 'classification',
      rows: this.rows,
      classes: this.plan.classes,
      labels: this.labels,
      ...(this.probabilities ? { probabilities: this.probabilities } : {}),
    };
  }
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Rows [start, end) of a row-major N × k array turned from logits into probabilities, in place. */
function softmaxRows(values: Float64Array, start: number, end: number, k: number): void {
  for (let row = start; row < end; row++) {
    const offset = row * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, values[offset + c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(values[offset + c]! - max);
      values[offset + c] = e;
      sum += e;
    }
    for (let c = 0; c < k; c++) values[offset + c] = values[offset + c]! / sum;
  }
}

function argMax(values: Float64Array, offset: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++)
    if ((values[offset + c] as number) > (values[offset + best] as number)) best = c;
  return best;
}
