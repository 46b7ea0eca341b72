import { availableParallelism } from 'node:os';
import { KindSampler, openDataset, ownEntry, sampleKinds } from '@mlops-actions/data';
import type { ColumnKind, DataBatch, Dataset, ReadOptions, ShardReadOptions } from '@mlops-actions/data';
import { BatchProfiler } from './batch-profiler';
import type { ProfiledColumn, ScannedColumnObserver } from './batch-profiler';
import { DEFAULT_SKETCH_OPTIONS } from './column-profile';
import type { SketchOptions } from './column-profile';
import { DatasetProfile } from './dataset-profile';
import type { DatasetProfileJSON } from './dataset-profile';
import { runShardedPass, shardWorkerEntry, startShardWorkers } from './sharded-pass';
import type { ShardWorkers } from './sharded-pass';
import type { ShardResult, ShardTask } from './shard-worker';
import type { ShardPlace } from './sharded-pass';
import { ProgressMeter } from './progress';
import type { NumberColumns } from './number-columns';
import { bothObservers } from './shard-worker';
import type { ProgressListener } from './progress';

export interface ProfileOptions extends ReadOptions, SketchOptions {
  /** Kinds given by the user; they win over the reference's and over inference. */
  readonly kinds?: Readonly<Record<string, ColumnKind>>;
  /** Profile only these columns (default: all). */
  readonly columns?: readonly string[];
  /** Rows read to infer kinds before profiling starts; default 10,000. */
  readonly sampleRows?: number;
  /**
   * A reference profile (e.g. the training data's): its kinds and histogram edges are used, so the two
   * profiles compare bin by bin.
   */
  readonly reference?: DatasetProfile | DatasetProfileJSON;
  /** Histogram edges per numeric column; default: the reference's, else chosen by the data. */
  readonly histogramEdges?: Readonly<Record<string, readonly number[]>>;
  /**
   * Threads for large plain CSV/TSV or flat Parquet inputs (16 MiB or more, not gzip): each reads and
   * profiles its shards — whole records, or whole row groups; a fixed pattern gives each thread its
   * shards — into one profile, and the threads' profiles merge; the calling thread is one of them
   * (besides cutting the files), the others are worker threads. Default: the available parallelism, at
   * most 4; 1 keeps everything on the calling thread. Exact fields (counts, min/max,
   * moments up to rounding, histograms, distinct-count sketch) equal a one-thread profile's; quantiles,
   * frequent values and the sample stay within their stated errors but differ in detail. The same input
   * and thread count give the same profile.
   */
  readonly threads?: number;
  /**
   * Told how far the pass has got, at most once per `progressIntervalMs` (default 10 s): rows read, and
   * bytes for a sharded pass. A pass shorter than the interval reports nothing.
   */
  readonly onProgress?: ProgressListener;
  readonly progressIntervalMs?: number;
  /**
   * Hands back the parsed numbers of its columns (see NumberColumns), so that a caller needing the
   * columns themselves — the built-in trainer — does not read and parse the data a second time.
   */
  readonly numbers?: NumberColumns;
  /** For tests: shard size, the least input size to shard, and running the shards on this thread. */
  readonly sharding?: { readonly shardBytes?: number; readonly minBytes?: number; readonly inline?: boolean };
}

const MiB = 1 << 20;

/**
 * Profiles the files named by `data` (paths, directories or globs, read as one dataset) in one streaming
 * pass. Kinds come from `kinds`, then the reference, then inference on the first `sampleRows` rows
 * (those rows are held until the kinds are known, then profiled like the rest). Large plain CSV/TSV
 * and flat Parquet inputs are read by worker threads too (see `threads`).
 */
export async function profileDataset(
  data: string | readonly string[] | Dataset,
  options: ProfileOptions = {},
): Promise<DatasetProfile> {
  // Only the profiled columns are decoded where the format allows it (Parquet); the others read as null.
  const readOptions = options.columns ? { ...options, select: options.columns } : options;
  const dataset =
    typeof data === 'string' || Array.isArray(data)
      ? await openDataset(data as string[], readOptions)
      : (data as Dataset);
  const sharding = await planSharding(dataset, data === dataset, options);
  if (sharding) return profileShards(dataset, sharding);
  if (options.numbers && !(await keepsNumbersOnOneThread(dataset))) {
    // One thread cannot size the columns ahead (their rows are unknown until the end), so they grow by
    // doubling; past a small input that costs more memory than reading the data again would.
    options.numbers.skip('a compressed, JSON Lines or large input profiled on one thread keeps no numbers');
    return profileBatches(dataset, { ...options, numbers: undefined });
  }
  return profileBatches(dataset, options);
}

/** Inputs whose numbers a one-thread pass keeps: plain files below ONE_THREAD_NUMBERS_BYTES. */
const ONE_THREAD_NUMBERS_BYTES = 16 * MiB;

async function keepsNumbersOnOneThread(dataset: Dataset): Promise<boolean> {
  const bytes = await dataset.shardableBytes();
  return bytes !== null && bytes < ONE_THREAD_NUMBERS_BYTES;
}

/** The one-thread pass; `observer` sees every profiled column as it is scanned (validate's cell checks). */
export async function profileBatches(
  dataset: Dataset,
  options: ProfileOptions,
  observer?: ScannedColumnObserver,
): Promise<DatasetProfile> {
  const reference = referenceOf(options);
  const sampleRows = options.sampleRows ?? 10_000;
  let sampler: KindSampler | null = null;
  const held: DataBatch[] = [];
  let profiler: BatchProfiler | null = null;
  let observers = observer;
  const start = (columns: ProfiledColumn[]) => {
    observers = bothObservers(observer, options.numbers?.batchObserver(columns));
    return new BatchProfiler(columns, options);
  };
  const progress = new ProgressMeter(options.onProgress, undefined, options.progressIntervalMs);
  for await (const batch of dataset) {
    progress.add(batch.length);
    if (profiler) {
      profiler.add(batch, observers);
      continue;
    }
    sampler ??= new KindSampler(batch.columns);
    sampler.addBatch(batch, sampleRows - sampler.rows);
    held.push(batch);
    if (sampler.rows >= sampleRows) {
      profiler = start(planColumns(sampler, options, reference));
      for (const heldBatch of held.splice(0)) profiler.add(heldBatch, observers);
    }
  }
  if (!profiler) {
    profiler = start(planColumns(sampler ?? new KindSampler(dataset.columns ?? []), options, reference));
    for (const heldBatch of held.splice(0)) profiler.add(heldBatch, observers);
  }
  options.numbers?.finish(profiler.profile.rows);
  return withFiles(profiler.profile, dataset);
}

/** A sharded pass: what each shard computes, and how the pass runs. */
export interface Sharding {
  readonly task: ShardTask;
  readonly pass: { readonly threads: number; readonly shardBytes: number; readonly inline: boolean };
  /** Bytes of the files the shards are cut from (headers included), and whom to tell how far the pass has got. */
  readonly totalBytes: number;
  readonly onProgress?: ProgressListener;
  readonly progressIntervalMs?: number;
  /** Where the shards' numbers go (the task names their columns). */
  readonly numbers?: NumberColumns;
  /** The pass's worker threads, started while the kinds were inferred (null for an inline pass). */
  readonly workers: ShardWorkers | null;
}

/**
 * Profiles the dataset shard by shard (see `ProfileOptions.threads`); the lanes' profiles merge in lane
 * order. `onShard` sees each shard's result, in file order (validate's cell checks).
 */
export async function profileShards(
  dataset: Dataset,
  sharding: Sharding,
  onShard?: (result: ShardResult, place: ShardPlace) => void,
): Promise<DatasetProfile> {
  const progress = new ProgressMeter(sharding.onProgress, sharding.totalBytes, sharding.progressIntervalMs);
  let bytesBefore = 0;
  const lanes = await runShardedPass(
    dataset,
    sharding.task,
    sharding.pass,
    (result, place) => {
      progress.add(result.rows, place.bytes);
      bytesBefore += place.bytes;
      if (result.numbers) {
        // Rows expected in all: the rows so far at the bytes per row so far, with a little to spare.
        const rowsSoFar = place.rowsBefore + result.rows;
        const expected = (rowsSoFar / Math.max(1, bytesBefore)) * sharding.totalBytes * 1.02 + 1024;
        sharding.numbers?.place(result.numbers, place.rowsBefore, result.rows, expected);
      }
      onShard?.(result, place);
    },
    sharding.workers,
  );
  let profile: DatasetProfile | null = null;
  for (const lane of lanes) {
    const laneProfile = DatasetProfile.fromJSON(lane);
    profile = profile ? profile.merge(laneProfile) : laneProfile;
  }
  profile ??= new BatchProfiler(sharding.task.columns, sharding.task.sketch).profile;
  sharding.numbers?.finish(profile.rows);
  return withFiles(profile, dataset);
}

/**
 * How a sharded pass over `dataset` would run, or null when it should run on this thread: small,
 * gzip, JSON Lines or nested Parquet input, one thread, or no worker entry. A Dataset passed in
 * (rather than paths) is the caller's to iterate, so it is never sharded.
 */
export async function planSharding(
  dataset: Dataset,
  givenDataset: boolean,
  options: ProfileOptions,
): Promise<Sharding | null> {
  const threads = Math.max(1, Math.floor(options.threads ?? Math.min(4, availableParallelism())));
  const inline = options.sharding?.inline ?? false;
  if (givenDataset || (threads < 2 && !inline)) return null;
  if (!inline && !shardWorkerEntry()) return null;
  const bytes = await dataset.shardableBytes();
  if (bytes === null || bytes < (options.sharding?.minBytes ?? 16 * MiB)) return null;
  // The workers load while this thread infers the kinds: both take about as long.
  const workers = inline ? null : await startShardWorkers(threads);
  let columns: ProfiledColumn[];
  try {
    // Kinds from the first rows, as in one pass; reading them again in the shards costs little.
    columns = planColumns(await sampleKinds(dataset, options.sampleRows), options, referenceOf(options));
  } catch (error) {
    workers?.close();
    throw error;
  }
  // Shards go round-robin to the lanes (deterministic); small ones shorten the wait for the last one,
  // which with 8 MiB shards left one lane idle for a noticeable share of the pass.
  const shardBytes =
    options.sharding?.shardBytes ?? Math.min(2 * MiB, Math.max(MiB, Math.ceil(bytes / (threads * 4))));
  const { nullTokens, maxFieldBytes, maxBatchRows } = options;
  const sketch: Record<string, number> = {};
  for (const key of Object.keys(DEFAULT_SKETCH_OPTIONS) as (keyof SketchOptions)[]) {
    const value = options[key];
    if (value !== undefined) sketch[key] = value;
  }
  return {
    task: {
      columns,
      sketch: sketch as SketchOptions,
      // Only the options given: posted to workers, and undefined would override the defaults there.
      read: JSON.parse(JSON.stringify({ nullTokens, maxFieldBytes, maxBatchRows })) as ShardReadOptions,
      ...(options.numbers ? { numbers: options.numbers.plan(columns) } : {}),
    },
    ...(options.numbers ? { numbers: options.numbers } : {}),
    pass: { threads, shardBytes, inline },
    workers,
    totalBytes: bytes,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.progressIntervalMs === undefined ? {} : { progressIntervalMs: options.progressIntervalMs }),
  };
}

function referenceOf(options: ProfileOptions): DatasetProfile | undefined {
  if (options.reference === undefined) return undefined;
  return options.reference instanceof DatasetProfile
    ? options.reference
    : DatasetProfile.fromJSON(options.reference);
}

export function withFiles(profile: DatasetProfile, dataset: Dataset): DatasetProfile {
  profile.files = dataset.files.map(({ path, format, compressed, bytes, sha256, rows }) => ({
    path,
    format,
    compressed,
    bytes,
    sha256,
    rows,
  }));
  profile.warnings = dataset.warnings.map((warning) => warning.message);
  return profile;
}

/** The columns to profile, with kinds from the options, the reference or inference, in that order. */
function planColumns(
  sampler: KindSampler,
  options: ProfileOptions,
  reference: DatasetProfile | undefined,
): ProfiledColumn[] {
  const all = sampler.columns;
  const chosen = options.columns ?? all;
  // One lookup per name: a file may have 100,000 columns, and indexOf per column is quadratic.
  const indexOf = new Map<string, number>();
  all.forEach((name, index) => {
    if (!indexOf.has(name)) indexOf.set(name, index);
  });
  const unknown = chosen.filter((name) => !indexOf.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `no column ${unknown.map((name) => `"${name}"`).join(', ')} in the data (columns: ${all.join(', ')})`,
    );
  }
  const referenceKinds = new Map<string, ColumnKind>();
  for (const [name, column] of reference?.columns ?? []) referenceKinds.set(name, column.kind);
  const inferred = sampler.kinds(options.kinds);
  return chosen.map((name) => {
    const kind =
      ownEntry(options.kinds, name) ?? referenceKinds.get(name) ?? (ownEntry(inferred, name) as ColumnKind);
    const edges = ownEntry(options.histogramEdges, name) ?? referenceEdges(reference, name, kind);
    return { name, index: indexOf.get(name)!, kind, edges };
  });
}

function referenceEdges(
  reference: DatasetProfile | undefined,
  name: string,
  kind: ColumnKind,
): number[] | undefined {
  const column = reference?.columns.get(name);
  if (!column?.histogram || column.kind !== kind) return undefined;
  const edges = column.histogram.toJSON().edges;
  return edges.length >= 2 ? edges : undefined;
}
