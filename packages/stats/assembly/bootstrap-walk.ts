// AssemblyScript, compiled to WebAssembly by `npm run build:wasm` (scripts/build-wasm.mjs) into
// packages/stats/src/metrics/compare/bootstrap-walk-wasm.ts. The fused binary bootstrap's per-resample
// loop: one walk of a model's score order drawing each row's Poisson weight from its row index, with
// the ROC, precision–recall, loss and calibration sums of that order. `walkOrder` in
// bootstrap-walk.ts is the same loop in JavaScript, sum for sum (the same order of every addition), so
// both give the same bits.

// The walk's state, f64 slots at `state` (carried across the segments of one walk):
// 0 weight of the open tie group's positives, 1 its negatives, 2 positives closed, 3 negatives closed,
// 4 twice the pairs won (ROC), 5 Σ ΔTP·precision, 6 Σ w·lossDelta, 7 Σ w·brierDelta, 8 Σ w·gap of the
// segment.
//
// `sums` says which of the last three a walk adds: 0 none, 1 the gaps only (calibration), ALL (2) the
// three. A paired bootstrap needs only the candidate − baseline difference of a loss, which is a sum
// of each row's difference: the candidate's walk adds the rows' differences (laid out in its order)
// and the baseline's walk adds none, a third fewer sums than each model's own.

const ALL: i32 = 2;

/** Positions whose weights are drawn ahead of their walk, a block at a time. */
const CHUNK: i32 = 512;

/**
 * Walks positions [from, to) of one model's ascending score order from the top down: `order` u32 rows,
 * `flags` u8 (bit 0 positive, bit 1 a tie group starts here), and (by `sums`) the f64 label − score
 * (`gap`), the log loss difference (`loss`) and the Brier term difference (`brier`) at each
 * position. A row's weight is `table[h >>> 16]` of the counter-based hash h of (multiplier, offset,
 * row) (poisson-weights.ts); `reciprocals` holds 1/d for d < `capacity` (the caller checks the final
 * total weight against it and walks again if over).
 * Four rows' hashes at a time in i32x4 lanes; `scratch` is 5 × 512 bytes of working space.
 */
export function walk(
  order: usize,
  flags: usize,
  loss: usize,
  brier: usize,
  gap: usize,
  sums: i32,
  from: i32,
  to: i32,
  multiplier: i32,
  offset: i32,
  table: usize,
  reciprocals: usize,
  capacity: i32,
  state: usize,
  scratch: usize,
): void {
  // CHUNK u32 hash indices, then CHUNK u8 weights.
  const indices = scratch;
  const weights = scratch + ((<usize>CHUNK) << 2);
  let groupPositives = <i32>load<f64>(state);
  let groupNegatives = <i32>load<f64>(state, 8);
  let positives = <i32>load<f64>(state, 16);
  let negatives = <i32>load<f64>(state, 24);
  let pairs: i64 = 0;
  let precisionSum = load<f64>(state, 40);
  let lossSum = load<f64>(state, 48);
  let brierSum = load<f64>(state, 56);
  let gapSum = load<f64>(state, 64);
  const top = capacity - 1;
  const m = i32x4.splat(multiplier);
  const o = i32x4.splat(offset);
  const c1 = i32x4.splat(0x7feb352d);
  const c2 = i32x4.splat(0x846ca68b);
  let k = to - 1;
  while (k >= from) {
    // The weights of positions start … k, four rows' hashes at a time (the last block may hash a few
    // positions past k: read, never used), then the walk of those positions from k down.
    const start = k - CHUNK + 1 > from ? k - CHUNK + 1 : from;
    const length = k - start + 1;
    const rows = order + ((<usize>start) << 2);
    for (let j: i32 = 0; j < length; j += 4) {
      let h = i32x4.add(i32x4.mul(v128.load(rows + ((<usize>j) << 2)), m), o);
      h = v128.xor(h, i32x4.shr_u(h, 16));
      h = i32x4.mul(h, c1);
      h = v128.xor(h, i32x4.shr_u(h, 15));
      h = i32x4.mul(h, c2);
      h = v128.xor(h, i32x4.shr_u(h, 16));
      v128.store(indices + ((<usize>j) << 2), i32x4.shr_u(h, 16));
    }
    for (let j: i32 = 0; j < length; j++) {
      store<u8>(weights + <usize>j, load<u8>(table + <usize>load<u32>(indices + ((<usize>j) << 2))));
    }
    for (let j: i32 = length - 1; j >= 0; j--) {
      const weight = <i32>load<u8>(weights + <usize>j);
      const flag = <i32>load<u8>(flags + <usize>k);
      const weightPositive = weight & -(flag & 1);
      groupPositives += weightPositive;
      groupNegatives += weight - weightPositive;
      const closes = (flag >> 1) & 1;
      const closing = -closes;
      pairs += <i64>(groupNegatives & closing) * <i64>(2 * positives + groupPositives);
      const added = groupPositives & closing;
      positives += added;
      negatives += groupNegatives & closing;
      let total = positives + negatives;
      total = total < top ? total : top;
      precisionSum += <f64>added * <f64>positives * load<f64>(reciprocals + ((<usize>total) << 3));
      groupPositives &= closes - 1;
      groupNegatives &= closes - 1;
      if (sums === ALL) {
        const w = <f64>weight;
        lossSum += w * load<f64>(loss + ((<usize>k) << 3));
        brierSum += w * load<f64>(brier + ((<usize>k) << 3));
      }
      if (sums !== 0) gapSum += <f64>weight * load<f64>(gap + ((<usize>k) << 3));
      k--;
    }
  }
  store<f64>(state, <f64>groupPositives);
  store<f64>(state, <f64>groupNegatives, 8);
  store<f64>(state, <f64>positives, 16);
  store<f64>(state, <f64>negatives, 24);
  store<f64>(state, load<f64>(state, 32) + <f64>pairs, 32);
  store<f64>(state, precisionSum, 40);
  store<f64>(state, lossSum, 48);
  store<f64>(state, brierSum, 56);
  store<f64>(state, gapSum, 64);
}

/**
 * `walk` for four resamples at once, one per SIMD lane: every resample walks the same positions with
 * the same flags, losses and gaps, only the weights differ, so each row's data is read once for four
 * resamples. Lane i draws its weights with `keys[i]` (multiplier) and `keys[4 + i]` (offset), both i32;
 * a weight is the number of the Poisson table's 8 steps (i32 at `steps`, each below 65,536: the first
 * 16-bit uniform of weight 1, 2, …) at or below its uniform, the table's value without a lookup per
 * lane. The state is `walk`'s nine slots with four f64 lanes each (slot · 32 + lane · 8). Each lane
 * adds the same terms in the same order as `walk` and the JavaScript loop (the pairs are summed as
 * exact 64-bit integers within a call and added to the f64 state at its end, where the JavaScript loop
 * adds each product to an f64 sum: the same exact integers, all below 2⁵³; the precision's 1/d is
 * divided here, as the table of `walk` holds it: gathered per lane, or divided only where a lane
 * adds to it, measured no faster).
 *
 * Up to four loops per block of CHUNK positions — the weights into `scratch` (CHUNK × 16 bytes), the
 * walk with the gap sums, the precision sums, the loss differences (the candidate's walk only) —
 * rather than one: one loop's 30-odd live vectors spill out of the 16 SIMD registers; the split walks
 * ~25 % faster. The gaps in the walk's loop rather than their own: ~2 % faster (the loop's weight
 * load and conversions are shared). The precision is computed only where a group with positives
 * closes (flag bit 2): elsewhere its term is 0, and skipping those positions (about half the rows, the
 * negatives) took an eighth off the walk. The walk's masks per flag come from a table. `scratch` holds
 * 32 KiB.
 */
export function walk4(
  order: usize,
  flags: usize,
  loss: usize,
  brier: usize,
  gap: usize,
  sums: i32,
  from: i32,
  to: i32,
  keys: usize,
  steps: usize,
  state: usize,
  scratch: usize,
): void {
  // Twice the pairs won, as exact 64-bit integers (one widening multiply per lane pair) in `scratch`
  // past the weights, added to the state's f64 sums at the end: all below 2⁵³, so the same values as
  // f64 sums.
  const pairs = scratch + ((<usize>CHUNK) << 4);
  v128.store(pairs, i64x2.splat(0));
  v128.store(pairs, i64x2.splat(0), 16);
  // Per flag value (0–7), the walk's three masks: closing (all ones when a tie group closes), the
  // positive row's, keep (all ones when the group stays open); 64 bytes each, past the pairs.
  const masks = pairs + 32;
  for (let flag = 0; flag < 8; flag++) {
    const at = masks + ((<usize>flag) << 6);
    const closes = (flag >> 1) & 1;
    v128.store(at, i32x4.splat(-closes));
    v128.store(at, i32x4.splat(-(flag & 1)), 16);
    v128.store(at, i32x4.splat(closes - 1), 32);
  }
  // Past the masks: the counts where a group with positives closes, for the precision sums; past
  // those, a block's gaps of 0 (no probability metric: the walk's gap sums stay 0).
  const closed = masks + (8 << 6);
  const zeros = closed + ((<usize>(CHUNK + 1)) << 5);
  if (sums === 0) memory.fill(zeros, 0, (<usize>CHUNK) << 3);
  let k = to - 1;
  while (k >= from) {
    const start = k - CHUNK + 1 > from ? k - CHUNK + 1 : from;
    drawWeights4(order + ((<usize>start) << 2), k - start + 1, keys, steps, scratch);
    const at = (<usize>start) << 3;
    const gaps = sums !== 0 ? gap + at : zeros;
    const closings = walkWeights4(
      flags + <usize>start,
      gaps,
      k - start + 1,
      scratch,
      state,
      pairs,
      masks,
      closed,
    );
    sumPrecisions4(closed, closings, state);
    if (sums === ALL) sumLosses4(loss + at, brier + at, k - start + 1, scratch, state);
    k = start - 1;
  }
  v128.store(state, f64x2.add(v128.load(state, 128), pairsAsF64(v128.load(pairs))), 128);
  v128.store(state, f64x2.add(v128.load(state, 144), pairsAsF64(v128.load(pairs, 16))), 144);
}

/** The four lanes' weights of `length` rows at `rows` (u32 row indices) into `weights` (i32x4 each). */
function drawWeights4(rows: usize, length: i32, keys: usize, steps: usize, weights: usize): void {
  const m = v128.load(keys);
  const o = v128.load(keys, 16);
  const c1 = i32x4.splat(0x7feb352d);
  const c2 = i32x4.splat(0x846ca68b);
  const zero = i32x4.splat(0);
  // The table's 8 steps (each below 65,536) as u16 pairs: [s1, s2] × 4, [s3, s4] × 4, … so that one
  // unsigned 16-bit compare tests two steps for each of the four uniforms. A pair is one 32-bit lane.
  const steps16 = i16x8.narrow_i32x4_u(v128.load(steps), v128.load(steps, 16));
  const stepsA = i32x4.splat(i32x4.extract_lane(steps16, 0));
  const stepsB = i32x4.splat(i32x4.extract_lane(steps16, 1));
  const stepsC = i32x4.splat(i32x4.extract_lane(steps16, 2));
  const stepsD = i32x4.splat(i32x4.extract_lane(steps16, 3));
  for (let j: i32 = 0; j < length; j++) {
    let h = i32x4.add(i32x4.mul(i32x4.splat(load<i32>(rows + ((<usize>j) << 2))), m), o);
    h = v128.xor(h, i32x4.shr_u(h, 16));
    h = i32x4.mul(h, c1);
    h = v128.xor(h, i32x4.shr_u(h, 15));
    h = i32x4.mul(h, c2);
    // The weight is the number of the table's steps at or below the 16-bit uniform: the hash's top
    // half, which the finalizer's last h ^= h >>> 16 leaves as it is (so it is not done). Each
    // uniform twice in u16 lanes against two steps at a time, four compares for the 8 steps of four
    // uniforms, the -1s summed per lane pair.
    const uniforms = i8x16.shuffle(h, h, 2, 3, 2, 3, 6, 7, 6, 7, 10, 11, 10, 11, 14, 15, 14, 15);
    const below = i16x8.add(
      i16x8.add(i16x8.ge_u(uniforms, stepsA), i16x8.ge_u(uniforms, stepsB)),
      i16x8.add(i16x8.ge_u(uniforms, stepsC), i16x8.ge_u(uniforms, stepsD)),
    );
    v128.store(weights + ((<usize>j) << 4), i32x4.sub(zero, i32x4.extadd_pairwise_i16x8_s(below)));
  }
}

/**
 * The walk of `length` positions from the top down (flags u8 at `flags`, weights from `drawWeights4`):
 * the tie groups and the pairs won (i64x2 × 2 at `pairs`), in the state's slots 0–4, and Σ w · gap
 * (`gap`: f64 per position) in slot 8. Where a group with a positive row closes (flag bit 2) — the
 * only places precision adds to its sum — the positives and negatives closed so far go to `closed`
 * (i32x4 each), for `sumPrecisions4`; returns how many. Writing every position's counts and moving on
 * only at those keeps the loop free of branches.
 */
function walkWeights4(
  flags: usize,
  gap: usize,
  length: i32,
  weights: usize,
  state: usize,
  pairs: usize,
  masks: usize,
  closed: usize,
): i32 {
  let groupPositives = lanesOf(state);
  let groupNegatives = lanesOf(state + 32);
  let positives = lanesOf(state + 64);
  let negatives = lanesOf(state + 96);
  let pairsLo = v128.load(pairs);
  let pairsHi = v128.load(pairs, 16);
  let gapLo = v128.load(state, 256);
  let gapHi = v128.load(state, 272);
  // First the positives and negatives before the block, then those of each closing.
  v128.store(closed, positives);
  v128.store(closed, negatives, 16);
  let at = closed + 32;
  for (let j: i32 = length - 1; j >= 0; j--) {
    const weight = v128.load(weights + ((<usize>j) << 4));
    const gv = f64x2.splat(load<f64>(gap + ((<usize>j) << 3)));
    gapLo = f64x2.add(gapLo, f64x2.mul(low(weight), gv));
    gapHi = f64x2.add(gapHi, f64x2.mul(high(weight), gv));
    const flag = <usize>load<u8>(flags + <usize>j);
    const mask = masks + (flag << 6);
    const closing = v128.load(mask);
    const weightPositive = v128.and(weight, v128.load(mask, 16));
    groupPositives = i32x4.add(groupPositives, weightPositive);
    groupNegatives = i32x4.add(groupNegatives, i32x4.sub(weight, weightPositive));
    const closedNegatives = v128.and(groupNegatives, closing);
    const ranked = i32x4.add(i32x4.shl(positives, 1), groupPositives);
    pairsLo = i64x2.add(pairsLo, i64x2.extmul_low_i32x4_s(closedNegatives, ranked));
    pairsHi = i64x2.add(pairsHi, i64x2.extmul_high_i32x4_s(closedNegatives, ranked));
    positives = i32x4.add(positives, v128.and(groupPositives, closing));
    negatives = i32x4.add(negatives, closedNegatives);
    v128.store(at, positives);
    v128.store(at, negatives, 16);
    at += (flag >> 2) << 5;
    const keep = v128.load(mask, 32);
    groupPositives = v128.and(groupPositives, keep);
    groupNegatives = v128.and(groupNegatives, keep);
  }
  storeLanes(state, groupPositives);
  storeLanes(state + 32, groupNegatives);
  storeLanes(state + 64, positives);
  storeLanes(state + 96, negatives);
  v128.store(pairs, pairsLo);
  v128.store(pairs, pairsHi, 16);
  v128.store(state, gapLo, 256);
  v128.store(state, gapHi, 272);
  return <i32>((at - closed - 32) >> 5);
}

/**
 * The precision sum (state slot 5) over `count` closings of groups with positives (`walkWeights4`'s
 * positives and negatives closed there, in walk order, after those before the block): each adds recall's step, the positives it
 * closed (the rise in positives since the closing before: positives rise nowhere else), times the
 * precision there, 1/total as the reciprocal table holds it (the same division). Each lane adds the
 * terms `walk` adds but its zeros (every other position), in the same order: the same sums.
 */
function sumPrecisions4(closed: usize, count: i32, state: usize): void {
  let precisionLo = v128.load(state, 160);
  let precisionHi = v128.load(state, 176);
  const one = i32x4.splat(1);
  const ones = f64x2.splat(1);
  let before = v128.load(closed);
  for (let e: i32 = 1; e <= count; e++) {
    const at = closed + ((<usize>e) << 5);
    const positives = v128.load(at);
    const added = i32x4.sub(positives, before);
    before = positives;
    const total = i32x4.max_s(i32x4.add(positives, v128.load(at, 16)), one);
    const reciprocalLo = f64x2.div(ones, low(total));
    const reciprocalHi = f64x2.div(ones, high(total));
    precisionLo = f64x2.add(precisionLo, f64x2.mul(f64x2.mul(low(added), low(positives)), reciprocalLo));
    precisionHi = f64x2.add(precisionHi, f64x2.mul(f64x2.mul(high(added), high(positives)), reciprocalHi));
  }
  v128.store(state, precisionLo, 160);
  v128.store(state, precisionHi, 176);
}

/** Σ w · loss and Σ w · brier of `length` positions from the top down (state slots 6–7). */
function sumLosses4(loss: usize, brier: usize, length: i32, weights: usize, state: usize): void {
  let lossLo = v128.load(state, 192);
  let lossHi = v128.load(state, 208);
  let brierLo = v128.load(state, 224);
  let brierHi = v128.load(state, 240);
  for (let j: i32 = length - 1; j >= 0; j--) {
    const weight = v128.load(weights + ((<usize>j) << 4));
    const wLo = low(weight);
    const wHi = high(weight);
    const l = f64x2.splat(load<f64>(loss + ((<usize>j) << 3)));
    const g2 = f64x2.splat(load<f64>(brier + ((<usize>j) << 3)));
    lossLo = f64x2.add(lossLo, f64x2.mul(wLo, l));
    lossHi = f64x2.add(lossHi, f64x2.mul(wHi, l));
    brierLo = f64x2.add(brierLo, f64x2.mul(wLo, g2));
    brierHi = f64x2.add(brierHi, f64x2.mul(wHi, g2));
  }
  v128.store(state, lossLo, 192);
  v128.store(state, lossHi, 208);
  v128.store(state, brierLo, 224);
  v128.store(state, brierHi, 240);
}

/** Two i64 lanes (exact integers below 2⁵³) as f64. */
function pairsAsF64(lanes: v128): v128 {
  const lo = f64x2.splat(<f64>i64x2.extract_lane(lanes, 0));
  return f64x2.replace_lane(lo, 1, <f64>i64x2.extract_lane(lanes, 1));
}

/** Lanes 0 and 1 of four i32, as f64. */
function low(lanes: v128): v128 {
  return f64x2.convert_low_i32x4_s(lanes);
}

/** Lanes 2 and 3 of four i32, as f64. */
function high(lanes: v128): v128 {
  return f64x2.convert_low_i32x4_s(i32x4.shuffle(lanes, lanes, 2, 3, 2, 3));
}

/** Four f64 (small integers) at `at` as four i32 lanes. */
function lanesOf(at: usize): v128 {
  const lo = i32x4.trunc_sat_f64x2_s_zero(v128.load(at));
  const hi = i32x4.trunc_sat_f64x2_s_zero(v128.load(at, 16));
  return i32x4.shuffle(lo, hi, 0, 1, 4, 5);
}

/** Four i32 lanes as four f64 at `at`. */
function storeLanes(at: usize, lanes: v128): void {
  v128.store(at, low(lanes));
  v128.store(at, high(lanes), 16);
}
