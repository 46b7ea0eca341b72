import { BOOTSTRAP_WALK_WASM } from './bootstrap-walk-wasm';
import { MAX_POISSON_WEIGHT, POISSON_OF_UNIFORM16 } from './poisson-weights';

/**
 * One model's rows in its ascending score order, as the resample walk reads them (plain data: it can
 * be posted to worker threads).
 */
export interface OrderedScores {
  /** The row at each position: a row's bootstrap weight is drawn from its row index. */
  rowAt: Uint32Array;
  /**
   * Bit 0: the row is positive; bit 1: a run of equal scores (a threshold of the curves) starts here;
   * bit 2: so does one that holds a positive row (where the walk, from the top down, closes a group
   * that adds to recall).
   */
  flags: Uint8Array;
  /**
   * Per position, label − score (calibration); empty when no probability metric is asked for. With
   * them, in the candidate's order only (empty in the baseline's): the row's log loss and Brier term,
   * candidate's minus baseline's — the paired deltas of a mean loss are means of the rows'
   * differences, so one walk sums them for both models.
   */
  gap: Float64Array;
  lossDelta: Float64Array;
  brierDelta: Float64Array;
  /**
   * Where the walk stops to read its sums, ascending, from 0 to the row count: the first position
   * predicted 1 (score ≥ threshold) and, with the losses, where each calibration bin starts. Equal
   * scores share a prediction and a bin, so every cut starts a tie group.
   */
  cuts: Int32Array;
  /** The calibration bin of the segment [cuts[i], cuts[i + 1]). */
  cutBins: Int32Array;
  /** The first position predicted 1. */
  thresholdAt: number;
}

/** A model's sums under one resample's weights. */
export interface WalkSums {
  positives: number;
  negatives: number;
  /** Weighted positives and negatives predicted 1. */
  truePositives: number;
  falsePositives: number;
  /** Twice the (positive, negative) pairs ranked right, ties counting ½: ROC AUC's numerator. */
  pairs2: number;
  /** Σ over thresholds of the recall added times the precision there: average precision's numerator. */
  precisionSum: number;
  /** Σ w · the order's loss and Brier differences (0 in an order without them). */
  lossDeltaSum: number;
  brierDeltaSum: number;
  /** Σ over calibration bins of |Σ w · (label − score)|. */
  calibrationSum: number;
}

/**
 * Walks one model's order from the highest score down under the resample of (multiplier, offset)
 * (`poisson-weights.ts`; multiplier 0 weighs every row once), summing what every fused metric needs.
 * In WebAssembly when it is there (`packages/stats/assembly/bootstrap-walk.ts`: the weights of four
 * rows hashed at once in SIMD lanes, no bounds checks), else the same loop in JavaScript; both add the
 * same terms in the same order, so they give the same bits.
 */
export interface OrderWalker {
  walk(model: 0 | 1, multiplier: number, offset: number, out: WalkSums): void;
  /**
   * `walk` of four resamples at once, when the walker can (WebAssembly: one read of the rows for the
   * four); `keys` holds the four multipliers, then the four offsets; `outs[i]` gets resample i's sums,
   * the same as `walk` gives them.
   */
  walk4?(model: 0 | 1, keys: Int32Array, outs: readonly WalkSums[]): void;
}

/** The WebAssembly API used here (the project's TypeScript libraries do not describe it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}
interface WalkExports {
  walk(
    order: number,
    flags: number,
    loss: number,
    brier: number,
    gap: number,
    sums: number,
    from: number,
    to: number,
    multiplier: number,
    offset: number,
    table: number,
    reciprocals: number,
    capacity: number,
    state: number,
    scratch: number,
  ): void;
  walk4(
    order: number,
    flags: number,
    loss: number,
    brier: number,
    gap: number,
    sums: number,
    from: number,
    to: number,
    keys: number,
    table: number,
    state: number,
    scratch: number,
  ): void;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
const PAGE = 65_536;
let compiled: object | null | undefined;

function wasmModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(Buffer.from(BOOTSTRAP_WALK_WASM, 'base64')) : null;
    } catch {
      compiled = null; // no WebAssembly SIMD: the JavaScript loop
    }
  }
  return compiled;
}

/** Every row weighs 1: the table the point estimates (multiplier 0) read. */
const ONES = new Uint8Array(65536).fill(1);
/** The Poisson table's steps `walk4` compares against (see the AssemblyScript module). */
const STEPS = 8;
/** The walk state's slots (see the AssemblyScript module). */
const STATE = 9;

/**
 * 1/d for every total weight d below the capacity (0 at 0): the precision of average precision as a
 * product, not a division per row. A resample's total weight is Poisson(n): n + 12√n + 1024 is beyond
 * any real resample, and a walk that goes past it is walked again with a larger table.
 */
function reciprocalTable(capacity: number): Float64Array {
  const reciprocals = new Float64Array(capacity);
  for (let d = 1; d < capacity; d++) reciprocals[d] = 1 / d;
  return reciprocals;
}

/** `webAssembly: false` takes the JavaScript loop (the tests compare the two). */
export function orderWalker(
  orders: readonly [OrderedScores, OrderedScores],
  rows: number,
  webAssembly = true,
): OrderWalker {
  const capacity = Math.ceil(rows + 12 * Math.sqrt(rows)) + 1024;
  const js = new JsOrderWalker(orders, capacity);
  const module = wasmModule();
  if (!webAssembly || !module || !wasm || MAX_POISSON_WEIGHT > STEPS) return js;
  return new WasmOrderWalker(module, orders, capacity, js);
}

/** Where each array sits in the WebAssembly memory (byte offsets). */
interface OrderLayout {
  rowAt: number;
  flags: number;
  loss: number;
  brier: number;
  gap: number;
}

/** Which sums of the losses a walk of `order` adds (the kernel's `sums`): none, the gaps, or all three. */
function lossSums(order: OrderedScores): number {
  if (order.gap.length === 0) return 0;
  return order.lossDelta.length > 0 ? 2 : 1;
}

class WasmOrderWalker implements OrderWalker {
  private readonly kernel: WalkExports;
  private readonly layouts: OrderLayout[];
  private readonly state: Float64Array;
  private readonly stateAt: number;
  private readonly keysAt: number;
  private readonly stepsAt: number;
  private readonly state4At: number;
  private readonly state4: Float64Array;
  private readonly keys: Int32Array;
  private readonly scratchAt: number;
  private readonly reciprocalsAt: number;
  private readonly poissonAt = 0;
  private readonly onesAt = 65536;

  constructor(
    module: object,
    private readonly orders: readonly [OrderedScores, OrderedScores],
    private readonly capacity: number,
    private readonly fallback: JsOrderWalker,
  ) {
    let at = 2 * 65536;
    // `walk`'s 5 × 512 bytes, or `walk4`'s 512 weights of 16 bytes, its pairs, masks and closings.
    this.scratchAt = at;
    at += 32768;
    this.stateAt = at;
    at += 128;
    this.keysAt = at;
    at += 32;
    this.stepsAt = at;
    at += 4 * STEPS;
    this.state4At = at;
    at += 8 * 4 * STATE;
    const align = (bytes: number) => Math.ceil(bytes / 16) * 16;
    // The hash reads up to three rows past a walk's end: 16 bytes of room after each order.
    this.layouts = orders.map((order) => {
      const layout = { rowAt: at, flags: 0, loss: 0, brier: 0, gap: 0 };
      at += align(order.rowAt.byteLength + 16);
      layout.flags = at;
      at += align(order.flags.byteLength);
      layout.loss = at;
      at += align(order.lossDelta.byteLength);
      layout.brier = at;
      at += align(order.brierDelta.byteLength);
      layout.gap = at;
      at += align(order.gap.byteLength);
      return layout;
    });
    this.reciprocalsAt = at;
    at += 8 * capacity;
    const memory = new wasm!.Memory({ initial: Math.ceil(at / PAGE) + 1 });
    this.kernel = new wasm!.Instance(module, { env: { memory } }).exports as WalkExports;
    const bytes = new Uint8Array(memory.buffer);
    bytes.set(POISSON_OF_UNIFORM16, this.poissonAt);
    bytes.set(ONES, this.onesAt);
    orders.forEach((order, m) => {
      const layout = this.layouts[m]!;
      new Uint32Array(memory.buffer, layout.rowAt, order.rowAt.length).set(order.rowAt);
      bytes.set(order.flags, layout.flags);
      new Float64Array(memory.buffer, layout.loss, order.lossDelta.length).set(order.lossDelta);
      new Float64Array(memory.buffer, layout.brier, order.brierDelta.length).set(order.brierDelta);
      new Float64Array(memory.buffer, layout.gap, order.gap.length).set(order.gap);
    });
    new Float64Array(memory.buffer, this.reciprocalsAt, capacity).set(reciprocalTable(capacity));
    // Where the table steps up to each weight 1 … 8 (a weight is the number of steps at or below its
    // uniform); 65,536 past the largest weight: never reached.
    const steps = new Int32Array(memory.buffer, this.stepsAt, STEPS).fill(65536);
    for (let k = 0; k < MAX_POISSON_WEIGHT; k++) {
      steps[k] = POISSON_OF_UNIFORM16.findIndex((weight) => weight > k);
    }
    this.state = new Float64Array(memory.buffer, this.stateAt, STATE);
    this.state4 = new Float64Array(memory.buffer, this.state4At, 4 * STATE);
    this.keys = new Int32Array(memory.buffer, this.keysAt, 8);
  }

  walk4(model: 0 | 1, keys: Int32Array, outs: readonly WalkSums[]): void {
    const order = this.orders[model];
    const layout = this.layouts[model]!;
    const sums = lossSums(order);
    this.keys.set(keys);
    walkSegments(order, this.state4, outs, (from, to) =>
      this.kernel.walk4(
        layout.rowAt,
        layout.flags,
        layout.loss,
        layout.brier,
        layout.gap,
        sums,
        from,
        to,
        this.keysAt,
        this.stepsAt,
        this.state4At,
        this.scratchAt,
      ),
    );
  }

  walk(model: 0 | 1, multiplier: number, offset: number, out: WalkSums): void {
    const order = this.orders[model];
    const layout = this.layouts[model]!;
    const table = multiplier === 0 ? this.onesAt : this.poissonAt;
    const sums = lossSums(order);
    const state = this.state;
    walkSegments(order, state, [out], (from, to) =>
      this.kernel.walk(
        layout.rowAt,
        layout.flags,
        layout.loss,
        layout.brier,
        layout.gap,
        sums,
        from,
        to,
        multiplier,
        offset,
        table,
        this.reciprocalsAt,
        this.capacity,
        this.stateAt,
        this.scratchAt,
      ),
    );
    if (out.positives + out.negatives >= this.capacity) this.fallback.walk(model, multiplier, offset, out);
  }
}

class JsOrderWalker implements OrderWalker {
  private readonly state = new Float64Array(STATE);
  private reciprocals: Float64Array | undefined;

  constructor(
    private readonly orders: readonly [OrderedScores, OrderedScores],
    private capacity: number,
  ) {}

  walk(model: 0 | 1, multiplier: number, offset: number, out: WalkSums): void {
    const order = this.orders[model];
    const table = multiplier === 0 ? ONES : POISSON_OF_UNIFORM16;
    this.reciprocals ??= reciprocalTable(this.capacity);
    for (;;) {
      const reciprocals = this.reciprocals;
      walkSegments(order, this.state, [out], (from, to) =>
        walkOrder(order, from, to, multiplier, offset, table, reciprocals, this.state),
      );
      if (out.positives + out.negatives < this.capacity) return;
      this.capacity = Math.ceil((out.positives + out.negatives) * 1.01) + 1024;
      this.reciprocals = reciprocalTable(this.capacity);
    }
  }
}

/**
 * Walks an order's segments from the top down through `walkRange`, reading the predicted-1 counts at
 * the threshold and each calibration bin's gap sum at its start, and writes the sums to `outs`: one
 * per lane of `state` (slot · lanes + lane).
 */
function walkSegments(
  order: OrderedScores,
  state: Float64Array,
  outs: readonly WalkSums[],
  walkRange: (from: number, to: number) => void,
): void {
  const lanes = outs.length;
  state.fill(0);
  const { cuts, cutBins, thresholdAt } = order;
  const calibration = new Float64Array(16 * lanes);
  for (const out of outs) {
    out.truePositives = 0;
    out.falsePositives = 0;
  }
  for (let segment = cuts.length - 2; segment >= 0; segment--) {
    const from = cuts[segment]!;
    state.fill(0, 8 * lanes);
    walkRange(from, cuts[segment + 1]!);
    const bin = cutBins[segment]!;
    for (let lane = 0; lane < lanes; lane++) calibration[lane * 16 + bin]! += state[8 * lanes + lane]!;
    if (from === thresholdAt) {
      outs.forEach((out, lane) => {
        out.truePositives = state[2 * lanes + lane]!;
        out.falsePositives = state[3 * lanes + lane]!;
      });
    }
  }
  outs.forEach((out, lane) => {
    let calibrationSum = 0;
    for (let bin = 0; bin < 16; bin++) calibrationSum += Math.abs(calibration[lane * 16 + bin]!);
    out.positives = state[2 * lanes + lane]!;
    out.negatives = state[3 * lanes + lane]!;
    out.pairs2 = state[4 * lanes + lane]!;
    out.precisionSum = state[5 * lanes + lane]!;
    out.lossDeltaSum = state[6 * lanes + lane]!;
    out.brierDeltaSum = state[7 * lanes + lane]!;
    out.calibrationSum = calibrationSum;
  });
}

/**
 * The WebAssembly kernel's loop in JavaScript, term for term: walks positions [from, to) from the top
 * down. At each tie group (a threshold) the group's negatives win over the positives above them (ties
 * ½: counted doubled, so in integers) and its positives add recall at the precision of "score ≥ group".
 * No branch: a group closes through `closes` (0 or 1) as masks, since with many ties (float32 scores)
 * a branch was often mispredicted.
 */
function walkOrder(
  order: OrderedScores,
  from: number,
  to: number,
  multiplier: number,
  offset: number,
  table: Uint8Array,
  reciprocals: Float64Array,
  state: Float64Array,
): void {
  const { rowAt, flags, lossDelta, brierDelta, gap } = order;
  const sums = lossSums(order);
  const top = reciprocals.length - 1;
  let groupPositives = state[0]!;
  let groupNegatives = state[1]!;
  let positives = state[2]!;
  let negatives = state[3]!;
  let pairs = 0;
  let precisionSum = state[5]!;
  let lossSum = state[6]!;
  let brierSum = state[7]!;
  let gapSum = state[8]!;
  for (let k = to - 1; k >= from; k--) {
    let h = (Math.imul(rowAt[k]!, multiplier) + offset) | 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b);
    h ^= h >>> 16;
    const weight = table[h >>> 16]!;
    const flag = flags[k]!;
    const weightPositive = weight & -(flag & 1);
    groupPositives = (groupPositives + weightPositive) | 0;
    groupNegatives = (groupNegatives + weight - weightPositive) | 0;
    const closes = (flag >> 1) & 1;
    const closing = -closes;
    pairs += (groupNegatives & closing) * ((2 * positives + groupPositives) | 0);
    const added = groupPositives & closing;
    positives = (positives + added) | 0;
    negatives = (negatives + (groupNegatives & closing)) | 0;
    const total = (positives + negatives) | 0;
    precisionSum += added * positives * reciprocals[total < top ? total : top]!;
    groupPositives &= closes - 1;
    groupNegatives &= closes - 1;
    if (sums === 2) {
      lossSum += weight * lossDelta[k]!;
      brierSum += weight * brierDelta[k]!;
    }
    if (sums !== 0) gapSum += weight * gap[k]!;
  }
  state[0] = groupPositives;
  state[1] = groupNegatives;
  state[2] = positives;
  state[3] = negatives;
  state[4] = state[4]! + pairs;
  state[5] = precisionSum;
  state[6] = lossSum;
  state[7] = brierSum;
  state[8] = gapSum;
}
