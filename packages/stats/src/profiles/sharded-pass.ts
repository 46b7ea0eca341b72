import { MessageChannel, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { bundleEntryHolding, DataError } from '@mlops-actions/data';
import type { DataShard, Dataset } from '@mlops-actions/data';
import type { DatasetProfileJSON } from './dataset-profile';
import { numberBuffers } from './number-columns';
import { describeFailure, SHARD_WORKER, ShardLane } from './shard-worker';
import type {
  ShardFailure,
  ShardReply,
  ShardRequest,
  ShardResult,
  ShardTask,
  ShardWorkerSetup,
} from './shard-worker';

/** Where a shard sits in the dataset: rows before it, and the file line it starts on. */
export interface ShardPlace {
  readonly rowsBefore: number;
  readonly firstLine: number;
  /** The shard's size in bytes (for progress). */
  readonly bytes: number;
}

/**
 * Lane 0's weight against a worker lane's. Lane 0 runs on the calling thread, which also reads, hashes
 * and cuts the files, yet equal weights finish together: the workers load while the kinds are inferred,
 * so they start at once, and uneven weights gain nothing.
 *
 * With equal weights shard 0 is lane 0's, and this thread runs it before it cuts shard 1, so a worker
 * starts a little after it. That stagger helps: while one thread's code is still interpreted, its
 * optimizing compiles get the other core (starting both together makes them compete for it).
 */
const MAIN_LANE_WEIGHT = 10;
const WORKER_LANE_WEIGHT = 10;
const lanePatterns = new Map<number, Uint8Array>();

/**
 * The lane of shard `sequence` with `threads` lanes: a fixed pattern that gives lane 0 MAIN_LANE_WEIGHT
 * shards for each worker lane's WORKER_LANE_WEIGHT, spread evenly (smooth weighted round robin, as nginx
 * balances servers). It depends only on the sequence and the thread count, so the same input and thread
 * count give the same profile.
 */
export function laneOf(sequence: number, threads: number): number {
  let pattern = lanePatterns.get(threads);
  if (!pattern) {
    const weights = Array.from({ length: threads }, (_, lane) =>
      lane === 0 ? MAIN_LANE_WEIGHT : WORKER_LANE_WEIGHT,
    );
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const current = weights.map(() => 0);
    pattern = new Uint8Array(threads === 1 ? 1 : total);
    for (let slot = 0; slot < pattern.length; slot++) {
      let best = 0;
      for (let lane = 0; lane < threads; lane++) {
        current[lane]! += weights[lane] as number;
        if ((current[lane] as number) > (current[best] as number)) best = lane;
      }
      current[best]! -= total;
      pattern[slot] = best;
    }
    lanePatterns.set(threads, pattern);
  }
  return pattern[sequence % pattern.length] as number;
}

/**
 * The file a shard worker runs (see bundleEntryHolding): the worker bundle beside an action's or the
 * CLI's bundle. Under a test runner or a TypeScript loader there is no such file, and profiling stays
 * on the calling thread.
 */
export function shardWorkerEntry(): string | null {
  return bundleEntryHolding(SHARD_WORKER);
}

/**
 * Runs `task` on every shard of the dataset on `threads` workers (or on this thread with `inline`, for
 * tests): each shard on its lane (see laneOf and ShardLane). Hands each shard's result to `onResult` in file
 * order, with its place, and returns each lane's profile, in lane order. Reading stays a few
 * shards ahead of the workers, so memory does not grow with the input. The first error in file order
 * wins, with its line made absolute, as one thread reading the files would report it.
 */
export async function runShardedPass(
  dataset: Dataset,
  task: ShardTask,
  pass: { threads: number; shardBytes: number; inline: boolean },
  onResult: (result: ShardResult, place: ShardPlace) => void,
  workers?: ShardWorkers | null,
): Promise<DatasetProfileJSON[]> {
  const runner: ShardRunner = pass.inline
    ? new InlineRunner(task, pass.threads)
    : new MixedRunner(
        task,
        workers ?? (await startShardWorkers(pass.threads)) ?? fail('no shard worker entry'),
      );
  const inFlight = new Set<Promise<void>>();
  const outcomes = new Map<number, { result: ShardResult } | { failure: ShardFailure }>();
  const firstLines: (number | undefined)[] = [];
  const bytesOfShard: number[] = [];
  const rowsOfShard: number[] = [];
  let next = 0;
  let rowsBefore = 0;
  let line = 1;
  let failedAt = Number.POSITIVE_INFINITY;
  // Results in file order; shards that finish early wait here (at most a few).
  const settle = () => {
    for (let outcome = outcomes.get(next); outcome; outcome = outcomes.get(next)) {
      outcomes.delete(next);
      const firstLine = firstLines[next] ?? line;
      if ('failure' in outcome) throw placeFailure(outcome.failure, firstLine);
      onResult(outcome.result, { rowsBefore, firstLine, bytes: bytesOfShard[next] ?? 0 });
      // onResult has placed the shard's numbers: their buffers go back to the lane that filled them.
      const buffers = numberBuffers(outcome.result.numbers);
      if (buffers.length > 0) runner.recycle(next, buffers);
      rowsOfShard[next] = outcome.result.rows;
      rowsBefore += outcome.result.rows;
      line = firstLine + outcome.result.lines;
      next++;
    }
  };
  const finish = async () => {
    while (inFlight.size > 0) {
      await Promise.race(inFlight);
      settle();
    }
    settle();
  };
  try {
    try {
      for await (const shard of dataset.shards(pass.shardBytes)) {
        firstLines[shard.sequence] = shard.firstLine;
        bytesOfShard[shard.sequence] = shard.format === 'parquet' ? shard.bytes : shard.end - shard.start;
        // Results handed on as soon as they are in order: held back until the end, every shard's
        // result (validate's cells, the trainer's numbers) would be in memory at once.
        settle();
        // Shards are byte ranges (the workers read the bytes), so a deeper queue costs no memory and
        // keeps a worker from waiting when this thread is slow to be scheduled.
        while (inFlight.size >= pass.threads * 4) {
          await Promise.race(inFlight);
          settle();
        }
        // A failed shard ends the pass: the shards after it cannot change which error is reported.
        if (failedAt < shard.sequence) break;
        const { sequence } = shard;
        const job: Promise<void> = runner.run(shard).then(
          (result) => void outcomes.set(sequence, { result }),
          (error: unknown) => {
            outcomes.set(sequence, { failure: describeFailure(error) });
            failedAt = Math.min(failedAt, sequence);
          },
        );
        const tracked = job.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
      }
    } catch (error) {
      // Reading a later file's header failed: an earlier shard's error comes first.
      await finish();
      throw error;
    }
    await finish();
    dataset.completeShards(rowsOfShard);
    return await runner.finish();
  } finally {
    runner.close();
  }
}

function fail(message: string): never {
  throw new Error(message);
}

/**
 * Starts the worker threads of a sharded pass with `threads` lanes (lanes 1 to threads − 1; lane 0 is the
 * calling thread), before their task is known: a worker takes a noticeable while to load its bundle,
 * which then overlaps the kind inference. Null when there is no worker entry. The caller hands them to
 * runShardedPass, or closes them.
 */
export async function startShardWorkers(threads: number): Promise<ShardWorkers | null> {
  const entry = shardWorkerEntry();
  return entry ? new ShardWorkers(entry, threads, 1) : null;
}

function placeFailure(failure: ShardFailure, firstLine: number): Error {
  if ('place' in failure) {
    const { file, line, column, problem, hint } = failure.place;
    return new DataError({ file, line: firstLine + line - 1, column }, problem, hint);
  }
  const error = new Error(failure.message);
  if (failure.stack) error.stack = failure.stack;
  return error;
}

interface ShardRunner {
  /** Runs a shard on its lane, `laneOf(sequence, threads)`. */
  run(shard: DataShard): Promise<ShardResult>;
  /** Each lane's profile, in lane order, once every shard has run. */
  finish(): Promise<DatasetProfileJSON[]>;
  /** Hands the buffers of shard `sequence`'s result back to its lane, for its next shards. */
  recycle(sequence: number, buffers: ArrayBuffer[]): void;
  close(): void;
}

/** Runs the lanes on this thread, a shard per macrotask: the sharded pass without workers, for tests. */
class InlineRunner implements ShardRunner {
  private readonly lanes: ShardLane[];

  constructor(task: ShardTask, threads: number) {
    this.lanes = Array.from({ length: threads }, (_, lane) => new ShardLane(task, lane));
  }

  async run(shard: DataShard): Promise<ShardResult> {
    await new Promise((resolve) => setImmediate(resolve));
    return (this.lanes[laneOf(shard.sequence, this.lanes.length)] as ShardLane).run(shard);
  }

  async finish(): Promise<DatasetProfileJSON[]> {
    return this.lanes.map((lane) => lane.finish());
  }

  recycle(sequence: number, buffers: ArrayBuffer[]): void {
    (this.lanes[laneOf(sequence, this.lanes.length)] as ShardLane).recycle(buffers);
  }

  close(): void {}
}

/**
 * Lane 0 on this thread, the other lanes on worker threads: `threads` lanes on threads − 1 workers.
 * Otherwise this thread only reads, hashes and cuts the file, a small part of the work, while
 * every worker loads its own copy of the entry bundle and has its own heap: one worker fewer saves a
 * bundle and a heap of peak memory, in the same time. The lanes and
 * their shards are those of a worker per lane, so the profile is the same.
 */
class MixedRunner implements ShardRunner {
  private readonly local: ShardLane;

  constructor(
    task: ShardTask,
    private readonly pool: ShardWorkers,
  ) {
    this.local = new ShardLane(task, 0);
    pool.start(task);
  }

  async run(shard: DataShard): Promise<ShardResult> {
    if (laneOf(shard.sequence, this.pool.threads) !== 0) return this.pool.run(shard);
    // After the shards already posted to the workers: they work while this thread does.
    await new Promise((resolve) => setImmediate(resolve));
    return this.local.run(shard);
  }

  async finish(): Promise<DatasetProfileJSON[]> {
    const local = this.local.finish();
    return [local, ...(await this.pool.finish())];
  }

  recycle(sequence: number, buffers: ArrayBuffer[]): void {
    if (laneOf(sequence, this.pool.threads) === 0) this.local.recycle(buffers);
    else this.pool.recycle(sequence, buffers);
  }

  close(): void {
    this.pool.close();
  }
}

interface PoolWorker {
  readonly worker: Worker;
  readonly requests: MessagePort;
  readonly signal: Int32Array;
  readonly waiting: Map<number, { resolve: (result: ShardResult) => void; reject: (error: unknown) => void }>;
  finished?: { resolve: (profile: DatasetProfileJSON) => void; reject: (error: unknown) => void };
}

/**
 * Worker threads, a lane each from lane `firstLane` to `threads` − 1, that run the entry bundle as a
 * shard worker (see shard-worker.ts). They wait for their task (`start`) before any shard.
 */
export class ShardWorkers implements ShardRunner {
  private readonly workers: PoolWorker[] = [];

  constructor(
    entry: string,
    readonly threads: number,
    private readonly firstLane = 0,
  ) {
    for (let lane = firstLane; lane < threads; lane++) {
      const { port1, port2 } = new MessageChannel();
      const signal = new SharedArrayBuffer(4);
      const setup: ShardWorkerSetup = { lane, requests: port2, signal };
      const worker = new Worker(entry, {
        workerData: { [SHARD_WORKER]: setup },
        transferList: [port2],
        argv: [],
        // A smaller young generation than V8's default: each worker's batches die young, and a large
        // nursery only keeps dead ones longer — a quarter less peak RSS for no measurable time.
        resourceLimits: { maxYoungGenerationSizeMb: 4 },
      });
      const member: PoolWorker = {
        worker,
        requests: port1,
        signal: new Int32Array(signal),
        waiting: new Map(),
      };
      const failAll = (error: unknown) => {
        for (const { reject } of member.waiting.values()) reject(error);
        member.waiting.clear();
        member.finished?.reject(error);
      };
      worker.on('message', (message: ShardReply) => {
        if (message.type === 'profile') {
          member.finished?.resolve(message.profile);
          return;
        }
        const sequence = message.type === 'result' ? message.result.sequence : message.sequence;
        const waiter = member.waiting.get(sequence);
        member.waiting.delete(sequence);
        if (message.type === 'result') waiter?.resolve(message.result);
        else waiter?.reject(placeFailure(message.failure, 1));
      });
      worker.on('error', failAll);
      worker.on('exit', (code) => failAll(new Error(`a profiling worker stopped (exit code ${code})`)));
      this.workers.push(member);
    }
  }

  /** Gives every worker the pass's task; shards may follow at once. */
  start(task: ShardTask): void {
    for (const member of this.workers) this.post(member, { type: 'task', task });
  }

  run(shard: DataShard): Promise<ShardResult> {
    const member = this.workers[laneOf(shard.sequence, this.threads) - this.firstLane] as PoolWorker;
    return new Promise((resolve, reject) => {
      member.waiting.set(shard.sequence, { resolve, reject });
      this.post(member, { type: 'shard', shard });
    });
  }

  finish(): Promise<DatasetProfileJSON[]> {
    return Promise.all(
      this.workers.map(
        (member) =>
          new Promise<DatasetProfileJSON>((resolve, reject) => {
            member.finished = { resolve, reject };
            this.post(member, { type: 'finish' });
          }),
      ),
    );
  }

  recycle(sequence: number, buffers: ArrayBuffer[]): void {
    const member = this.workers[laneOf(sequence, this.threads) - this.firstLane] as PoolWorker;
    this.post(member, { type: 'recycle', buffers }, buffers);
  }

  close(): void {
    for (const member of this.workers) {
      member.worker.removeAllListeners('exit');
      this.post(member, { type: 'exit' });
      member.requests.close();
      member.worker.unref();
    }
  }

  private post(member: PoolWorker, request: ShardRequest, transfer: ArrayBuffer[] = []): void {
    member.requests.postMessage(request, transfer);
    Atomics.add(member.signal, 0, 1);
    Atomics.notify(member.signal, 0);
  }
}
