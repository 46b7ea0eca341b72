import { availableParallelism } from 'node:os';
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { bundleEntryHolding } from '@mlops-actions/data';
import { MetricInputError } from '../metric-input-error';
import {
  binaryBootstrapDeltas,
  binaryMetricValues,
  definedValues,
  layOutBinaryBootstrap,
  sortBinaryBootstrap,
  type BinaryBootstrapInput,
  type PreparedBinaryBootstrap,
  type SortedBinaryBootstrap,
} from './binary-paired-bootstrap';
import {
  checkBootstrapOptions,
  summariseBootstrap,
  type PairedBootstrapOptions,
  type PairedBootstrapResult,
} from './paired-bootstrap';

/**
 * The key of a bootstrap worker's workerData, and the text looked for in a bundle (bundleEntryHolding)
 * before starting a worker on it.
 */
export const BOOTSTRAP_WORKER = 'mlops-actions:bootstrap-worker:1';

/** Below this many row-resamples a worker's start-up (~0.1–0.2 s to load the bundle) does not pay. */
const THREADED_FROM = 50_000_000;
/** Resamples a thread claims at a time. */
const CHUNK = 8;

export interface BinaryBootstrapRunOptions {
  /**
   * Threads to split the resamples across (default: one per core, at most 4, when the process runs
   * from a bundle and the run is large; else 1).
   */
  threads?: number;
}

/** A bootstrap under way: `finish` computes what is left on this thread and gives the results. */
export interface PendingBootstrap {
  finish(): PairedBootstrapResult[];
}

/**
 * The paired bootstrap of every metric of `input` at once (see `pairedBootstraps` for the method): the
 * same intervals as `pairedBootstraps` with each metric's prepared statistic and the same seed, to
 * float rounding (sums in another order), in one walk of each model's score order per resample (four
 * resamples per walk in WebAssembly). Large runs split the resamples between this thread and workers
 * (one per core, up to 4 threads); each resample's weights depend only on (seed, resample, row), so the
 * result does not depend on the split.
 */
export function binaryPairedBootstraps(
  input: BinaryBootstrapInput,
  options: PairedBootstrapOptions & BinaryBootstrapRunOptions = {},
): PairedBootstrapResult[] {
  return startBinaryPairedBootstraps(input, options).finish();
}

/**
 * `binaryPairedBootstraps` begun: workers (when the run is large enough for them) start on the
 * resamples at once, while this thread does other work until it calls `finish`.
 */
export function startBinaryPairedBootstraps(
  input: BinaryBootstrapInput,
  options: PairedBootstrapOptions & BinaryBootstrapRunOptions = {},
): PendingBootstrap {
  if (options.weights !== undefined) {
    throw new MetricInputError(
      'bootstrap',
      'weights',
      undefined,
      'are given',
      'the fused binary bootstrap takes no data weights; use pairedBootstraps',
    );
  }
  const { resamples, seed } = checkBootstrapOptions(input.labels.length, options);
  const threads = options.threads ?? defaultThreads(input.labels.length * resamples);
  // The workers load their bundle while this thread sorts the scores.
  const workers: BootstrapWorker[] = [];
  for (let thread = 1; thread < threads; thread++) {
    const worker = spawnBootstrapWorker();
    if (worker) workers.push(worker);
  }
  let sorted: SortedBinaryBootstrap;
  try {
    sorted = sortBinaryBootstrap(input);
  } catch (error) {
    for (const worker of workers) worker.cancel();
    throw error;
  }
  // Each worker lays the rows out itself (the same arrays) and walks while this thread does its other
  // work; the first shares its layout, which this thread takes at `finish` if it is there by then (so
  // two threads do not lay out the same rows), else lays them out itself.
  let prepared: PreparedBinaryBootstrap | undefined;
  const laidOut = () => (prepared ??= workers[0]?.layout(sorted) ?? layOutBinaryBootstrap(sorted));
  const deltas =
    threads > 1
      ? startThreadedDeltas(sorted, seed, resamples, workers)
      : { finish: (laid: PreparedBinaryBootstrap) => binaryBootstrapDeltas(laid, seed, 0, resamples) };
  return {
    finish() {
      const laid = laidOut();
      const values = binaryMetricValues(laid);
      const all = deltas.finish(laid);
      return laid.metrics.map((_, m) =>
        summariseBootstrap(values[m]![0]!, values[m]![1]!, definedValues(all[m]!), options),
      );
    },
  };
}

/** The bundle a bootstrap worker runs (see `bundleEntryHolding`). */
function bootstrapWorkerEntry(): string | null {
  return bundleEntryHolding(BOOTSTRAP_WORKER);
}

/**
 * Each worker holds its own copy of the rows laid out (~45 bytes a row for two models) and walks at the
 * speed of one core: more than 4 threads would add memory for little.
 */
const MAX_THREADS = 4;

function defaultThreads(work: number): number {
  if (work < THREADED_FROM || !isMainThread || availableParallelism() < 2) return 1;
  return bootstrapWorkerEntry() ? Math.min(availableParallelism(), MAX_THREADS) : 1;
}

/** What the worker gets: the sorted rows (it lays them out), and the shared chunk states and deltas. */
interface BootstrapWorkerSetup {
  sorted: SortedBinaryBootstrap;
  seed: number;
  resamples: number;
  /** Per chunk: 0 free, 1 claimed, 2 done (Atomics). */
  chunks: SharedArrayBuffer;
  /** metrics × resamples deltas. */
  deltas: SharedArrayBuffer;
  /** Lay the rows out on shared memory and post them back on the worker's port (the first worker). */
  shareLayout?: boolean;
}

/**
 * What a worker is started with: its setup comes later, on `port`, once [0] of `signal` is 1. [1] of
 * `signal` is LAYING_OUT while a worker that shares its layout lays the rows out, then POSTED.
 */
interface BootstrapWorkerStart {
  port: MessagePort;
  signal: SharedArrayBuffer;
}

const LAYING_OUT = 1;
const POSTED = 2;
/** How long this thread waits for a worker's layout under way before laying the rows out itself. */
const LAYOUT_PATIENCE_MS = 10_000;

/**
 * A worker started before its work is known: `start` hands it the work, `cancel` lets it go without,
 * `stop` ends it once its work is done; `layout` is the layout it shared (`shareLayout`), when it has
 * posted it by now, with this thread's own sorted rows.
 */
interface BootstrapWorker {
  start(setup: BootstrapWorkerSetup): void;
  cancel(): void;
  stop(): void;
  layout(sorted: SortedBinaryBootstrap): PreparedBinaryBootstrap | undefined;
}

/**
 * Starts a worker on the bundle, which waits for its setup (`BootstrapWorker.start`); undefined when
 * none can start. A worker that fails later only leaves its chunks to this thread.
 */
function spawnBootstrapWorker(): BootstrapWorker | undefined {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(8));
  let worker: Worker;
  try {
    worker = new Worker(bootstrapWorkerEntry()!, {
      workerData: {
        [BOOTSTRAP_WORKER]: { port: port2, signal: signal.buffer } satisfies BootstrapWorkerStart,
      },
      transferList: [port2],
      argv: [],
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
  } catch {
    return undefined;
  }
  worker.unref();
  // A failing worker only leaves its chunks to this thread; the error itself is not the result's.
  worker.on('error', () => undefined);
  const send = (setup: BootstrapWorkerSetup | null) => {
    port1.postMessage(setup);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  return {
    start: (setup) => send(setup),
    cancel: () => send(null),
    stop: () => {
      port1.close();
      void worker.terminate();
    },
    layout: (sorted) => {
      // Waited for only once the worker is at it (it is then sooner than laying them out here), and
      // not forever: a worker that stops meanwhile leaves the layout to this thread.
      Atomics.wait(signal, 1, LAYING_OUT, LAYOUT_PATIENCE_MS);
      const shared = receiveMessageOnPort(port1)?.message as PreparedBinaryBootstrap | undefined;
      return shared && layoutFromMessage(shared, sorted);
    },
  };
}

/**
 * The workers claim chunks of resamples from now on; at `finish` this thread claims the rest until
 * none is left, then waits for the workers' claimed chunks, and computes any itself that a worker
 * leaves undone (one that failed to start or stopped), so the result is always complete and the same.
 */
function startThreadedDeltas(
  sorted: SortedBinaryBootstrap,
  seed: number,
  resamples: number,
  workers: readonly BootstrapWorker[],
): { finish(prepared: PreparedBinaryBootstrap): Float64Array[] } {
  const chunkCount = Math.ceil(resamples / CHUNK);
  const setup: BootstrapWorkerSetup = {
    sorted,
    seed,
    resamples,
    chunks: new SharedArrayBuffer(4 * chunkCount),
    deltas: new SharedArrayBuffer(8 * sorted.metrics.length * resamples),
  };
  workers.forEach((worker, index) => worker.start({ ...setup, shareLayout: index === 0 }));
  const finish = (prepared: PreparedBinaryBootstrap): Float64Array[] => {
    const states = new Int32Array(setup.chunks);
    const deltas = prepared.metrics.map(
      (_, m) => new Float64Array(setup.deltas, 8 * m * resamples, resamples),
    );
    runChunks(prepared, setup, states, deltas);
    for (let chunk = 0; chunk < chunkCount; chunk++) {
      // Wait for a worker's chunk (it is computing it); if it makes no progress for a while, do it here.
      while (Atomics.load(states, chunk) === 1) {
        if (Atomics.wait(states, chunk, 1, 30_000) === 'timed-out' && Atomics.load(states, chunk) === 1) {
          computeChunk(prepared, setup, chunk, deltas);
          Atomics.store(states, chunk, 2);
        }
      }
    }
    for (const worker of workers) worker.stop();
    return deltas.map((values) => Float64Array.from(values));
  };
  return { finish };
}

function runChunks(
  prepared: PreparedBinaryBootstrap,
  setup: BootstrapWorkerSetup,
  states: Int32Array,
  deltas: Float64Array[],
): void {
  for (let chunk = 0; chunk < states.length; chunk++) {
    if (Atomics.compareExchange(states, chunk, 0, 1) !== 0) continue;
    computeChunk(prepared, setup, chunk, deltas);
    Atomics.store(states, chunk, 2);
    Atomics.notify(states, chunk);
  }
}

function computeChunk(
  prepared: PreparedBinaryBootstrap,
  setup: BootstrapWorkerSetup,
  chunk: number,
  deltas: Float64Array[],
): void {
  const from = chunk * CHUNK;
  const to = Math.min(setup.resamples, from + CHUNK);
  const values = binaryBootstrapDeltas(prepared, setup.seed, from, to);
  values.forEach((metric, m) => deltas[m]!.set(metric, from));
}

/**
 * A layout as a worker posts it (laid out with `shared`): its large arrays travel as shared memory, the
 * small cuts are copied, and the orders' rows are left out — the receiver sorted them.
 */
export function layoutMessage(prepared: PreparedBinaryBootstrap): PreparedBinaryBootstrap {
  const [candidate, baseline] = prepared.orders.map((order) => ({ ...order, rowAt: new Uint32Array(0) }));
  return { ...prepared, orders: [candidate!, baseline!] };
}

/** A posted layout (`layoutMessage`) with the receiver's own sorted rows. */
export function layoutFromMessage(
  message: PreparedBinaryBootstrap,
  sorted: SortedBinaryBootstrap,
): PreparedBinaryBootstrap {
  const [candidate, baseline] = message.orders;
  return {
    ...message,
    orders: [
      { ...candidate, rowAt: sorted.rowAt[0] },
      { ...baseline, rowAt: sorted.rowAt[1] },
    ],
  };
}

const workerStart = isMainThread
  ? undefined
  : ((workerData as Record<string, unknown> | null)?.[BOOTSTRAP_WORKER] as BootstrapWorkerStart | undefined);
if (workerStart) {
  // Runs while the bundle loads, before its entry's own code; stopping the thread here keeps that code
  // (the CLI's, the action's) from ever running in the worker. It waits for its setup (the caller
  // sorts the scores meanwhile); a caller that is gone or cancels sends none.
  const signal = new Int32Array(workerStart.signal);
  while (Atomics.load(signal, 0) === 0) {
    if (Atomics.wait(signal, 0, 0, 600_000) === 'timed-out') process.exit(0);
  }
  const setup = receiveMessageOnPort(workerStart.port)?.message as BootstrapWorkerSetup | null | undefined;
  if (setup) {
    const { resamples } = setup;
    if (setup.shareLayout) Atomics.store(signal, 1, LAYING_OUT);
    const prepared = layOutBinaryBootstrap(setup.sorted, { shared: setup.shareLayout ?? false });
    if (setup.shareLayout) {
      workerStart.port.postMessage(layoutMessage(prepared));
      Atomics.store(signal, 1, POSTED);
      Atomics.notify(signal, 1);
    }
    runChunks(
      prepared,
      setup,
      new Int32Array(setup.chunks),
      prepared.metrics.map((_, m) => new Float64Array(setup.deltas, 8 * m * resamples, resamples)),
    );
  }
  process.exit(0);
}
