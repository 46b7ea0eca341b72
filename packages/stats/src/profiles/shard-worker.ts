import { isMainThread, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { BufferPool, CellParser, DataError, DEFAULT_NULL_TOKENS, readDataShard } from '@mlops-actions/data';
import type { DataShard, ShardReadOptions } from '@mlops-actions/data';
import { BatchProfiler } from './batch-profiler';
import type { ProfiledColumn, ScannedColumnObserver } from './batch-profiler';
import { numberBuffers, ShardNumberCollector } from './number-columns';
import type { ShardNumbers } from './number-columns';
import type { SketchOptions } from './column-profile';
import type { DatasetProfileJSON } from './dataset-profile';
import { CellPass, CodeMemos, planExpectation } from '../expectations/cell-pass';
import type { CellPassJSON } from '../expectations/cell-pass';
import type { ExpectationConfig } from '../expectations/suite';
import { deriveSeed } from '../metrics/numerics/seeded-random';

/**
 * The key of a shard worker's workerData, and the text looked for in a bundle (bundleEntryHolding)
 * before starting workers on it.
 */
export const SHARD_WORKER = 'mlops-actions:shard-worker:1';

/** What every shard of a pass computes; plain data, posted to each worker once. */
export interface ShardTask {
  readonly columns: readonly ProfiledColumn[];
  readonly sketch: SketchOptions;
  readonly read: ShardReadOptions;
  /** Validate: the suite, whose cell checks run on each shard too (none may need file order). */
  readonly expectations?: readonly ExpectationConfig[];
  /** Dataset indexes of the columns whose numbers each shard hands back (see NumberColumns). */
  readonly numbers?: readonly number[];
}

/** One shard's findings; rows, lines and places in `cells` count from the shard's start. */
export interface ShardResult {
  readonly sequence: number;
  readonly rows: number;
  /** Line breaks in the shard: the next shard of the file starts this many lines further. */
  readonly lines: number;
  readonly cells?: CellPassJSON;
  readonly numbers?: ShardNumbers;
}

/** A worker's failure, as plain data: DataErrors keep their place so the pass can make it absolute. */
export type ShardFailure =
  | { readonly place: { file: string; line: number; column: number; problem: string; hint: string } }
  | { readonly message: string; readonly stack?: string };

/**
 * One lane of a sharded pass: it profiles the shards given to it (see laneOf in sharded-pass.ts) into
 * one profile, so that per-shard costs — fresh sketches, serializing and merging them —
 * are paid once per lane, not per shard, however many shards a large file is cut into. The sketches
 * draw from a seed derived from the options' seed and the lane, and a lane always gets the same shards,
 * so the same input and thread count give the same profile.
 */
export class ShardLane {
  private profiler: BatchProfiler | null = null;
  /** The lane's read buffers, reused from shard to shard. */
  private readonly buffers = new BufferPool();
  /** Validate's verdicts on the lane's dictionary ids, kept from shard to shard. */
  private readonly codeMemos = new CodeMemos();
  /** The numbers handed back (NumberColumns), collected into arrays reused from shard to shard. */
  private readonly numbers: ShardNumberCollector | null;

  constructor(
    private readonly task: ShardTask,
    private readonly lane: number,
    private readonly parser = new CellParser(task.read.nullTokens ?? DEFAULT_NULL_TOKENS),
  ) {
    this.numbers = task.numbers ? new ShardNumberCollector(task.numbers) : null;
  }

  run(shard: DataShard): ShardResult {
    const { task } = this;
    this.profiler ??= this.newProfiler();
    // Validate's cell checks are kept per shard: their row indexes and lines are placed in file order.
    const cells = task.expectations
      ? new CellPass(task.expectations.map(planExpectation), this.codeMemos)
      : null;
    // Smaller batches than one thread reads keep each worker's peak memory down at no cost in time;
    // their arrays are reused.
    const options = { maxBatchRows: 8_192, ...task.read, transientBatches: true };
    const numbers = this.numbers;
    const observer = bothObservers(cells, numbers);
    const reading = readDataShard(shard, options, this.parser, this.buffers);
    for (;;) {
      const next = reading.next();
      if (next.done) {
        const { rows, lines } = next.value;
        return {
          sequence: shard.sequence,
          rows,
          lines,
          cells: cells?.toJSON(),
          ...(numbers ? { numbers: numbers.take() } : {}),
        };
      }
      this.profiler.add(next.value, observer);
    }
  }

  /** Buffers of this lane's earlier results, free again once their numbers were placed. */
  recycle(buffers: readonly ArrayBuffer[]): void {
    this.numbers?.recycle(buffers);
  }

  /** The profile of every shard this lane read. */
  finish(): DatasetProfileJSON {
    return (this.profiler ?? this.newProfiler()).profile.toJSON();
  }

  private newProfiler(): BatchProfiler {
    const seed = deriveSeed(this.task.sketch.seed ?? 1, `lane ${this.lane}`);
    return new BatchProfiler(this.task.columns, { ...this.task.sketch, seed });
  }
}

/** One observer that shows every column to both (either may be absent). */
export function bothObservers(
  first: ScannedColumnObserver | null | undefined,
  second: ScannedColumnObserver | null | undefined,
): ScannedColumnObserver | undefined {
  if (!first || !second) return first ?? second ?? undefined;
  return {
    column(batch, index, types, values, coded) {
      first.column(batch, index, types, values, coded);
      second.column(batch, index, types, values, coded);
    },
    endBatch(batch, shown) {
      first.endBatch(batch, shown);
      second.endBatch(batch, shown);
    },
  };
}

export function describeFailure(error: unknown): ShardFailure {
  if (error instanceof DataError) {
    const { file, line, column, problem, hint } = error;
    return { place: { file, line, column, problem, hint } };
  }
  const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
  return { message, stack };
}

/** What the pass posts to a worker. */
export type ShardRequest =
  | { readonly type: 'task'; readonly task: ShardTask }
  | { readonly type: 'shard'; readonly shard: DataShard }
  | { readonly type: 'finish' }
  | { readonly type: 'recycle'; readonly buffers: readonly ArrayBuffer[] }
  | { readonly type: 'exit' };

/** What a worker posts back. */
export type ShardReply =
  | { readonly type: 'result'; readonly result: ShardResult }
  | { readonly type: 'error'; readonly sequence: number; readonly failure: ShardFailure }
  | { readonly type: 'profile'; readonly profile: DatasetProfileJSON };

/**
 * What the pass gives a worker in workerData[SHARD_WORKER]. The task comes as the first request: workers
 * are started while the pass still infers the columns' kinds, so that their start-up overlaps it.
 */
export interface ShardWorkerSetup {
  /** The worker's lane (see ShardLane). */
  readonly lane: number;
  /** Requests arrive here; the worker takes them synchronously. */
  readonly requests: MessagePort;
  /** An Int32Array's buffer: the pass bumps [0] after each request, and the worker waits on it. */
  readonly signal: SharedArrayBuffer;
}

/**
 * A worker runs a bundle holding this module (the worker bundle; a test's bundled entry), so this
 * module's evaluation is where it takes over: it serves shards synchronously and never returns, so the entry's own code (an
 * action's `run()`, a CLI's command) never starts in the worker. Blocking is fine: all the work is
 * synchronous, and results are posted without the worker's event loop.
 */
const setup = isMainThread
  ? undefined
  : ((workerData as Record<string, unknown> | null)?.[SHARD_WORKER] as ShardWorkerSetup | undefined);
if (setup) serveShards(setup);

function serveShards({ lane, requests, signal }: ShardWorkerSetup): never {
  const waits = new Int32Array(signal);
  let shards: ShardLane | null = null;
  const reply = (message: ShardReply, transfer: ArrayBuffer[] = []) =>
    parentPort?.postMessage(message, transfer);
  for (;;) {
    const seen = Atomics.load(waits, 0);
    const received = receiveMessageOnPort(requests);
    if (!received) {
      Atomics.wait(waits, 0, seen);
      continue;
    }
    const request = received.message as ShardRequest;
    if (request.type === 'exit') process.exit(0);
    if (request.type === 'task') {
      shards = new ShardLane(request.task, lane);
      continue;
    }
    if (!shards) throw new Error(`a shard worker got a "${request.type}" request before its task`);
    if (request.type === 'recycle') {
      shards.recycle(request.buffers);
      continue;
    }
    if (request.type === 'finish') {
      reply({ type: 'profile', profile: shards.finish() });
      continue;
    }
    try {
      const result = shards.run(request.shard);
      // The numbers move to the pass's thread rather than being copied.
      reply({ type: 'result', result }, numberBuffers(result.numbers));
    } catch (error) {
      reply({ type: 'error', sequence: request.shard.sequence, failure: describeFailure(error) });
    }
  }
}
