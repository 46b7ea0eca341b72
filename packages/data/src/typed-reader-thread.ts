import { availableParallelism } from 'node:os';
import {
  isMainThread,
  MessageChannel,
  parentPort,
  receiveMessageOnPort,
  Worker,
  workerData,
} from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { BufferPool } from './buffer-pool';
import { CellParser, DEFAULT_NULL_TOKENS } from './cells';
import { checkColumnsPresent } from './columns';
import { DataError, type Place } from './data-error';
import { openDataset, type Dataset, type ReadOptions } from './dataset';
import { readDataShard, type DataShard, type ShardReadOptions } from './shards';
import { NotNumberError, TypedBatchReader, wantedColumns } from './typed-batch-reader';
import type { TypedBatch, TypedColumnOptions, TypedColumnRequest } from './typed-columns';
import { bundleEntryHolding } from './worker-entry';

/**
 * The key of a reader thread's workerData, and the text looked for in a bundle (bundleEntryHolding)
 * before starting a worker on it.
 */
export const TYPED_READER_WORKER = 'mlops-actions:typed-reader-worker:1';

/** Below this many bytes of data a worker's start-up (~0.1 s to load the bundle) does not pay. */
const THREADED_FROM = 32 << 20;
/**
 * Batches handed over and not yet given back: one the caller works on, one the worker fills. More
 * only hold more memory: the slower side sets the pace either way.
 */
const SLOTS = 2;

/**
 * What the worker needs: the shards in order, the wanted columns and how to read them, and the shared
 * memory its batches go into: per slot, the numbers (column after column, `maxRows` apart), then the
 * lines. Shared, not transferred: a buffer arriving per batch counts as new memory on the caller's
 * heap and brought a full garbage collection every few batches.
 */
interface ReaderTask {
  readonly shards: readonly DataShard[];
  readonly slots: readonly SharedArrayBuffer[];
  readonly requests: readonly TypedColumnRequest[];
  readonly read: ShardReadOptions;
  readonly notNumber: 'error' | 'null';
}

/** What the caller's thread posts to the worker. */
type ToReader =
  | { readonly type: 'task'; readonly task: ReaderTask }
  | { readonly type: 'recycle'; readonly slot: number }
  | { readonly type: 'exit' };

interface NotNumbers {
  readonly column: string;
  readonly count: number;
  readonly first: { file: string; line: number; text: string };
}

/**
 * What the worker posts back: a batch is in a slot of shared memory (given back to the worker to be
 * filled again) and its codes; `texts` are each code column's texts new since the batch before.
 */
type FromReader =
  | {
      readonly type: 'batch';
      readonly file: string;
      readonly rows: number;
      readonly slot: number;
      readonly codes: readonly Int32Array[];
      readonly texts: readonly (readonly string[])[];
      readonly notNumbers: readonly NotNumbers[];
    }
  | { readonly type: 'end' }
  | { readonly type: 'error'; readonly failure: ReaderFailure };

type ReaderFailure =
  | {
      readonly place: Place;
      readonly problem: string;
      readonly hint: string;
      readonly notNumber?: { column: string; text: string };
    }
  | { readonly message: string; readonly stack?: string };

interface ReaderSetup {
  readonly requests: MessagePort;
  /** An Int32Array's buffer: the caller bumps [0] after each post, and the worker waits on it. */
  readonly signal: SharedArrayBuffer;
}

/**
 * A reader thread started before its reading is known, so that its bundle loads meanwhile (an
 * evaluate starts it, then loads its models): give it to `streamTypedColumns` (`thread.reader`),
 * which reads on it where a thread pays, and `release` it in any case (a reader never used stops).
 */
export class TypedReaderThread {
  /**
   * A thread for reading `paths` when one would read them (plain files from 32 MiB, see
   * `readOnThread`), else null: a small evaluate starts none.
   */
  static async startFor(
    paths: string | readonly string[],
    options: ReadOptions = {},
  ): Promise<TypedReaderThread | null> {
    if (!isMainThread || availableParallelism() < 2) return null;
    const bytes = await (await openDataset(paths as string[], options)).shardableBytes();
    return bytes !== null && bytes >= THREADED_FROM ? TypedReaderThread.start() : null;
  }

  /** A thread when one can start (a bundle to run, more than one core), else null. */
  static start(): TypedReaderThread | null {
    if (!isMainThread || availableParallelism() < 2) return null;
    const entry = bundleEntryHolding(TYPED_READER_WORKER);
    return entry ? new TypedReaderThread(entry) : null;
  }

  readonly inbox = new Inbox();
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private taken = false;
  private released = false;

  private constructor(entry: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(entry, {
      workerData: {
        [TYPED_READER_WORKER]: { requests: port2, signal: this.signal.buffer } satisfies ReaderSetup,
      },
      transferList: [port2],
      argv: [],
      // Its batches die young: a small nursery keeps its memory down (as the profile's shard workers).
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    // Until it is given a read, a waiting reader does not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (message: FromReader) => this.inbox.put(message));
    this.worker.on('error', (error: Error) =>
      this.inbox.put({ type: 'error', failure: { message: error.message, stack: error.stack } }),
    );
    this.worker.on('exit', (code) =>
      this.inbox.put({
        type: 'error',
        failure: { message: `the reader thread stopped (exit code ${code})` },
      }),
    );
  }

  /** This thread for one read; false when it was taken or released before. */
  take(): boolean {
    if (this.taken || this.released) return false;
    this.taken = true;
    // The caller awaits its batches: the process lives while it reads.
    this.worker.ref();
    return true;
  }

  post(message: ToReader): void {
    this.port.postMessage(message);
    Atomics.add(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
  }

  /** Stops the thread (at once when it was never given a read; else once it has read what it was given). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.worker.removeAllListeners('exit');
    this.post({ type: 'exit' });
    this.worker.unref();
  }
}

/**
 * The typed batches of `dataset`, read and parsed on a worker thread — or null where that does not
 * pay or cannot run (no bundle to start a worker on, one core, small or gzip-compressed data, JSON
 * Lines): the caller then reads on its own thread. The worker reads the files in order and stays at
 * most a batch ahead; each batch's arrays go back to it once the caller asks for the next, as
 * transient batches promise. Errors are the one-thread read's: the same file, line, column and words.
 * Reads on `options.thread.reader` when given (started ahead), else on a thread started here.
 */
export async function readOnThread(
  dataset: Dataset,
  requests: readonly TypedColumnRequest[],
  options: TypedColumnOptions,
): Promise<AsyncGenerator<TypedBatch> | null> {
  const given = typeof options.thread === 'object' ? options.thread : {};
  if (!isMainThread || availableParallelism() < 2) return null;
  const bytes = await dataset.shardableBytes();
  if (bytes === null || bytes < (given.minBytes ?? THREADED_FROM)) return null;
  const reader = given.reader?.take() ? given.reader : TypedReaderThread.start();
  if (!reader) return null;
  if (reader !== given.reader) reader.take();
  let shards: DataShard[];
  try {
    shards = await dataset.fileShards();
    // A column the files lack fails here, before any reading (as the one-thread read's first batch).
    checkColumnsPresent(wantedColumns(requests).columnNames, dataset.columns ?? [], dataset.paths[0] ?? '');
  } catch (error) {
    reader.release();
    throw error;
  }
  return readShardsOnThread(reader, shards, requests, options);
}

async function* readShardsOnThread(
  reader: TypedReaderThread,
  shards: readonly DataShard[],
  requests: readonly TypedColumnRequest[],
  options: TypedColumnOptions,
): AsyncGenerator<TypedBatch> {
  const names = wantedColumns(requests);
  const maxRows = options.maxBatchRows ?? 65_536;
  const { inbox } = reader;
  const post = (message: ToReader) => reader.post(message);
  const slotBytes = (8 * names.numberNames.length + 4) * maxRows;
  const slots = Array.from({ length: SLOTS }, () => new SharedArrayBuffer(slotBytes));
  post({
    type: 'task',
    task: {
      shards,
      slots,
      requests,
      read: {
        ...(options.nullTokens ? { nullTokens: options.nullTokens } : {}),
        ...(options.maxFieldBytes !== undefined ? { maxFieldBytes: options.maxFieldBytes } : {}),
        ...(options.chunkBytes !== undefined ? { chunkBytes: options.chunkBytes } : {}),
        maxBatchRows: maxRows,
      },
      notNumber: options.notNumber ?? 'error',
    },
  });
  const texts = new Map(names.codeNames.map((name) => [name, [] as string[]]));
  let lent = -1;
  try {
    for (;;) {
      // The batch before is done with (transient batches): its slot goes back to be filled again.
      if (lent >= 0) post({ type: 'recycle', slot: lent });
      lent = -1;
      const message = await inbox.take();
      if (message.type === 'end') return;
      if (message.type === 'error') throw failureOf(message.failure, options);
      const { rows, slot } = message;
      const buffer = slots[slot]!;
      const numbers = new Map(
        names.numberNames.map((name, i) => [name, new Float64Array(buffer, 8 * i * maxRows, rows)]),
      );
      const lines = new Int32Array(buffer, 8 * names.numberNames.length * maxRows, rows);
      const codes = new Map(names.codeNames.map((name, i) => [name, message.codes[i]!]));
      names.codeNames.forEach((name, i) => {
        // A loop, not push(...added): a batch can bring tens of thousands of new texts.
        const known = texts.get(name)!;
        for (const text of message.texts[i]!) known.push(text);
      });
      for (const { column, count, first } of message.notNumbers) options.onNotNumber?.(column, count, first);
      lent = slot;
      yield { file: message.file, rows, lines, numbers, codes, texts };
    }
  } finally {
    reader.release();
  }
}

/** The worker's failure as the one-thread read would have thrown it. */
function failureOf(failure: ReaderFailure, options: TypedColumnOptions): Error {
  if ('place' in failure) {
    const { place, notNumber } = failure;
    const message = notNumber && options.notNumberMessage?.(notNumber.column, notNumber.text);
    return message
      ? new NotNumberError(place, message.problem, message.hint, notNumber.column, notNumber.text)
      : new DataError(place, failure.problem, failure.hint);
  }
  const error = new Error(failure.message);
  if (failure.stack) error.stack = failure.stack;
  return error;
}

/** Messages in arrival order, taken one at a time. */
class Inbox {
  private readonly messages: FromReader[] = [];
  private waiting: ((message: FromReader) => void) | null = null;

  put(message: FromReader): void {
    if (this.waiting) {
      const wake = this.waiting;
      this.waiting = null;
      wake(message);
    } else {
      this.messages.push(message);
    }
  }

  take(): Promise<FromReader> {
    const message = this.messages.shift();
    if (message) return Promise.resolve(message);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}

/**
 * A worker runs a bundle holding this module (the worker bundle; a test's bundled entry), so this
 * module's evaluation is where it takes over: it reads synchronously and never returns, so the entry's own code (an
 * action's `run()`, a CLI's command) never starts in the worker.
 */
const setup = isMainThread
  ? undefined
  : ((workerData as Record<string, unknown> | null)?.[TYPED_READER_WORKER] as ReaderSetup | undefined);
if (setup) serveTypedReads(setup);

function serveTypedReads({ requests, signal }: ReaderSetup): never {
  const waits = new Int32Array(signal);
  const next = (): ToReader => {
    for (;;) {
      const seen = Atomics.load(waits, 0);
      const received = receiveMessageOnPort(requests);
      if (received) return received.message as ToReader;
      Atomics.wait(waits, 0, seen);
    }
  };
  const reply = (message: FromReader, transfer: ArrayBuffer[] = []) =>
    parentPort?.postMessage(message, transfer);
  const first = next();
  if (first.type !== 'task') process.exit(0);
  const { shards, slots, requests: wanted, read, notNumber } = first.task;
  const free = slots.map((_, slot) => slot);
  /** A free slot: one the caller has not been given, or has given back. */
  const freeSlot = (): number => {
    while (free.length === 0) {
      const request = next();
      if (request.type === 'exit') process.exit(0);
      if (request.type === 'recycle') free.push(request.slot);
    }
    return free.shift()!;
  };
  const maxRows = read.maxBatchRows ?? 65_536;
  let lineOffset = 0;
  try {
    const notNumbers: NotNumbers[] = [];
    const reader = new TypedBatchReader(wanted, {
      notNumber,
      onNotNumber: (column, count, at) =>
        notNumbers.push({ column, count, first: { ...at, line: at.line + lineOffset } }),
    });
    const sent = reader.codeNames.map(() => 0);
    const parser = new CellParser(read.nullTokens ?? DEFAULT_NULL_TOKENS);
    const pool = new BufferPool();
    for (const shard of shards) {
      // Lines count from the shard's start (see readDataShard); a whole file's shard starts at firstLine.
      lineOffset = (shard.firstLine ?? 1) - 1;
      const reading = readDataShard(shard, { ...read, transientBatches: true }, parser, pool);
      for (let step = reading.next(); !step.done; step = reading.next()) {
        const batch = step.value;
        const slot = freeSlot();
        const filled = slots[slot]!;
        const numbers = reader.numberNames.map(
          (_, i) => new Float64Array(filled, 8 * i * maxRows, batch.length),
        );
        notNumbers.length = 0;
        const columns = reader.read(batch, numbers);
        const lines = new Int32Array(filled, 8 * reader.numberNames.length * maxRows, batch.length);
        for (let row = 0; row < batch.length; row++) lines[row] = batch.lines[row]! + lineOffset;
        const codes = reader.codeNames.map((name) => columns.codes.get(name)!);
        const texts = reader.codeNames.map((name, i) => {
          const all = columns.texts.get(name)!;
          const added = all.slice(sent[i]!);
          sent[i] = all.length;
          return added;
        });
        reply(
          {
            type: 'batch',
            file: batch.file,
            rows: batch.length,
            slot,
            codes,
            texts,
            notNumbers: [...notNumbers],
          },
          codes.map((c) => c.buffer as ArrayBuffer),
        );
      }
    }
    reply({ type: 'end' });
  } catch (error) {
    reply({ type: 'error', failure: describe(error, lineOffset) });
  }
  for (;;) if (next().type === 'exit') process.exit(0);
}

/** A failure as plain data, a DataError's line placed in its file. */
function describe(error: unknown, lineOffset: number): ReaderFailure {
  if (error instanceof DataError) {
    const place = { file: error.file, line: error.line + lineOffset, column: error.column };
    return {
      place,
      problem: error.problem,
      hint: error.hint,
      ...(error instanceof NotNumberError
        ? { notNumber: { column: error.columnName, text: error.text } }
        : {}),
    };
  }
  const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
  return { message, stack };
}
