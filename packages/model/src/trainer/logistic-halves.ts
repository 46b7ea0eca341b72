import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { bundleEntryHolding } from '@mlops-actions/data';
import { BLOCK, designFromParts, type Design, type DesignParts } from './design';
import { gramBlock, type GramBlock } from './gram';
import { sigmoid, softplus } from './link';

/**
 * The key of a fit worker's workerData, and the text looked for in a bundle (bundleEntryHolding)
 * before starting a worker on it.
 */
export const FIT_WORKER = 'mlops-actions:fit-worker:1';

/** What a pass over the rows sums: the loss; with the gradient, Xᵀ(p − y); with the Hessian, XᵀWX. */
export type PassKind = 'value' | 'gradient' | 'hessian';
const KINDS: readonly PassKind[] = ['value', 'gradient', 'hessian'];

/**
 * The sums of one pass of the blocked logistic objective over rows [from, to), a block of BLOCK rows
 * at a time (the design's columns loaded column-major with the intercept's 1s): into `out`, the loss
 * at 0, Σ (p − y) x̃ at 1 … p, and the lower triangle of Σ p(1 − p) x̃ x̃ᵀ at p + 1 … (row-major P × P).
 */
export class LogisticBlockPass {
  private readonly p: number;
  private readonly block: GramBlock;
  private readonly logits = new Float64Array(BLOCK);
  private readonly residuals = new Float64Array(BLOCK);

  constructor(
    private readonly design: Design,
    private readonly labels: Int32Array,
  ) {
    this.p = design.columns + 1;
    this.block = gramBlock(this.p, BLOCK);
    this.block.columns.fill(1, design.columns * BLOCK, this.p * BLOCK);
  }

  /** The length of `out`: the loss, the gradient and the P × P Hessian. */
  static size(design: Design): number {
    const p = design.columns + 1;
    return 1 + p + p * p;
  }

  run(theta: Float64Array, kind: PassKind, from: number, to: number, out: Float64Array): void {
    const { p, block, logits, residuals, labels, design } = this;
    const d = p - 1;
    const { columns, weighted } = block;
    const withGradient = kind !== 'value';
    const withHessian = kind === 'hessian';
    let loss = 0;
    out.fill(0);
    if (withHessian) block.gram.fill(0);
    for (let start = from; start < to; start += BLOCK) {
      const count = Math.min(BLOCK, to - start);
      design.load(start, count, columns, BLOCK);
      logits.fill(theta[d]!, 0, count);
      for (let j = 0; j < d; j++) {
        const t = theta[j]!;
        const offset = j * BLOCK;
        for (let i = 0; i < count; i++) logits[i] = logits[i]! + t * columns[offset + i]!;
      }
      if (!withGradient) {
        for (let i = 0; i < count; i++) loss += softplus(logits[i]!) - labels[start + i]! * logits[i]!;
        continue;
      }
      for (let i = 0; i < count; i++) {
        const s = logits[i]!;
        const y = labels[start + i]!;
        loss += softplus(s) - y * s;
        const probability = sigmoid(s);
        residuals[i] = probability - y;
        logits[i] = probability * (1 - probability);
      }
      for (let a = 0; a < p; a++) {
        const offset = a * BLOCK;
        let sum = 0;
        for (let i = 0; i < count; i++) sum += residuals[i]! * columns[offset + i]!;
        out[1 + a] = out[1 + a]! + sum;
      }
      if (!withHessian) continue;
      for (let a = 0; a < p; a++) {
        const offset = a * BLOCK;
        for (let i = 0; i < count; i++) weighted[offset + i] = logits[i]! * columns[offset + i]!;
      }
      // Lower triangle of XᵀWX, as the sparse path fills it.
      block.add(count);
    }
    out[0] = loss;
    if (withHessian) out.set(block.gram, 1 + p);
  }
}

/**
 * Every pass of the blocked objective as the sums of two halves of the rows, [0, h) and [h, n) with
 * h a multiple of BLOCK, added in that order — whether a worker thread sums the second half meanwhile
 * (a design over shared memory, in a bundle) or this thread sums both, the same bits. This thread
 * sums the first half, then claims the second unless the worker has: a worker that is slow to start
 * or gone only leaves its half here.
 */
export class LogisticHalves {
  private readonly half: number;
  private readonly local: LogisticBlockPass;
  private readonly first: Float64Array;
  private readonly second: Float64Array;
  private readonly worker: FitWorker | null;

  constructor(
    private readonly design: Design,
    labels: Int32Array,
  ) {
    const n = design.rows;
    this.half = Math.min(n, BLOCK * Math.ceil(n / 2 / BLOCK));
    this.local = new LogisticBlockPass(design, labels);
    this.first = new Float64Array(LogisticBlockPass.size(design));
    this.second = new Float64Array(LogisticBlockPass.size(design));
    this.worker = FitWorker.start(design, labels, this.half);
  }

  /** The pass's sums over all rows (see LogisticBlockPass.run): the first half's plus the second's. */
  run(theta: Float64Array, kind: PassKind): Float64Array {
    const { first, second, half } = this;
    const n = this.design.rows;
    const offer = this.worker?.offer(theta, kind);
    this.local.run(theta, kind, 0, half, first);
    if (!offer?.wait(second)) this.local.run(theta, kind, half, n, second);
    const total = new Float64Array(first.length);
    for (let k = 0; k < total.length; k++) total[k] = first[k]! + second[k]!;
    return total;
  }

  close(): void {
    this.worker?.stop();
  }
}

/** The control words shared with the worker (Int32Array slots). */
const REQUEST = 0;
const KIND = 1;
/** The last request whose second half someone (the worker or this thread) took. */
const CLAIMED = 2;
/** The last request the worker finished. */
const DONE = 3;
const STOP = -1;

/** What the worker gets: the design's parts and the labels on shared memory, and the exchange areas. */
interface FitWorkerSetup {
  parts: DesignParts;
  labels: Int32Array;
  /** The first row of the second half. */
  from: number;
  control: SharedArrayBuffer;
  theta: SharedArrayBuffer;
  sums: SharedArrayBuffer;
}

/** A worker thread that sums the second half of each pass when it claims it first. */
class FitWorker {
  private readonly control: Int32Array;
  private readonly theta: Float64Array;
  private readonly sums: Float64Array;
  private requests = 0;

  /** The worker, or null where none can run: no bundle, a design not on shared memory, or no second core. */
  static start(design: Design, labels: Int32Array, half: number): FitWorker | null {
    const parts = design.parts;
    if (!parts || !isMainThread || design.rows < WORKER_FROM_ROWS) return null;
    if (parts.numeric.some(({ values }) => !(values.buffer instanceof SharedArrayBuffer))) return null;
    // Last: the first lookup reads the bundle, which small fits (the warm start's sample, small files)
    // need not pay for.
    const entry = bundleEntryHolding(FIT_WORKER);
    if (!entry) return null;
    const shared = <T extends Int32Array>(array: T): T => {
      if (array.buffer instanceof SharedArrayBuffer) return array;
      const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(
        new SharedArrayBuffer(array.byteLength),
      );
      copy.set(array);
      return copy;
    };
    const setup: FitWorkerSetup = {
      parts: {
        ...parts,
        oneHot: parts.oneHot.map(({ hits, width }) => ({ hits: shared(hits), width })),
        rows: parts.rows && shared(parts.rows),
      },
      labels: shared(labels),
      from: half,
      control: new SharedArrayBuffer(16),
      theta: new SharedArrayBuffer(8 * (design.columns + 1)),
      sums: new SharedArrayBuffer(8 * LogisticBlockPass.size(design)),
    };
    try {
      const worker = new Worker(entry, {
        workerData: { [FIT_WORKER]: setup },
        argv: [],
        resourceLimits: { maxYoungGenerationSizeMb: 4 },
      });
      worker.unref();
      // A failing worker only leaves its halves to this thread.
      worker.on('error', () => undefined);
      return new FitWorker(setup);
    } catch {
      return null;
    }
  }

  private constructor(setup: FitWorkerSetup) {
    this.control = new Int32Array(setup.control);
    this.theta = new Float64Array(setup.theta);
    this.sums = new Float64Array(setup.sums);
  }

  /**
   * Offers the second half of a pass to the worker; `wait` copies the worker's sums into `out`, or is
   * false when the worker did not take the half (this thread claims it then) or did not finish it.
   */
  offer(theta: Float64Array, kind: PassKind): { wait(out: Float64Array): boolean } {
    const { control } = this;
    const request = ++this.requests;
    this.theta.set(theta);
    Atomics.store(control, KIND, KINDS.indexOf(kind));
    Atomics.store(control, REQUEST, request);
    Atomics.notify(control, REQUEST);
    return {
      wait: (out) => {
        // Taken by the worker already, or claimed here now (then this thread sums it).
        if (Atomics.compareExchange(control, CLAIMED, request - 1, request) === request - 1) return false;
        while (Atomics.load(control, DONE) !== request) {
          if (Atomics.wait(control, DONE, request - 1, WORKER_PATIENCE_MS) === 'timed-out') {
            if (Atomics.load(control, DONE) !== request) return false;
          }
        }
        out.set(this.sums);
        return true;
      },
    };
  }

  stop(): void {
    Atomics.store(this.control, REQUEST, STOP);
    Atomics.notify(this.control, REQUEST);
  }
}

/** Designs with fewer rows are summed on this thread alone: a worker's start-up (~0.2 s) would not pay. */
const WORKER_FROM_ROWS = 200_000;
/** How long this thread waits for a half the worker took before summing it itself. */
const WORKER_PATIENCE_MS = 30_000;

/** The worker: sums the second half of every pass it claims, until told to stop. */
function serveHalves(setup: FitWorkerSetup): void {
  const design = designFromParts(setup.parts);
  const pass = new LogisticBlockPass(design, setup.labels);
  const control = new Int32Array(setup.control);
  const theta = new Float64Array(setup.theta);
  const sums = new Float64Array(setup.sums);
  const out = new Float64Array(sums.length);
  let seen = 0;
  for (;;) {
    Atomics.wait(control, REQUEST, seen);
    const request = Atomics.load(control, REQUEST);
    if (request === STOP) return;
    if (request === seen) continue;
    seen = request;
    if (Atomics.compareExchange(control, CLAIMED, request - 1, request) !== request - 1) continue;
    pass.run(theta, KINDS[Atomics.load(control, KIND)]!, setup.from, design.rows, out);
    sums.set(out);
    Atomics.store(control, DONE, request);
    Atomics.notify(control, DONE);
  }
}

const workerSetup = isMainThread
  ? undefined
  : ((workerData as Record<string, unknown> | null)?.[FIT_WORKER] as FitWorkerSetup | undefined);
if (workerSetup) {
  // Runs while the bundle loads, before its entry's own code; stopping the thread here keeps that code
  // (the CLI's, the action's) from ever running in the worker.
  serveHalves(workerSetup);
  process.exit(0);
}
