// AssemblyScript, compiled to WebAssembly by `npm run build:wasm` (scripts/build-wasm.mjs) into
// packages/stats/src/metrics/compare/bootstrap-walk-wasm.ts. The fused binary bootstrap's per-resample
// loop: one walk of a model's score order drawing each row's Poisson weight from its row index, with
// the ROC, precision–recall, loss and calibration sums of that order. `walkOrder` in
// bootstrap-walk.ts is the same loop in JavaScript, sum for sum (the same order of every addition), so
// both give the same bits.

// The walk's state, f64 slots at `state` (carried across the segments of one walk):
// 0 weight of the open tie group's positives, 1 its negatives, 2 positives closed, 3 negatives closed,
// 4 twice the pairs won (ROC), 5 Σ ΔTP·precision, 6 Σ w·loss, 7 Σ w·gap², 8 Σ w·gap of the segment.

/** Positions whose weights are drawn ahead of their walk, a block at a time. */
const CHUNK: i32 = 512;

/**
 * Walks positions [from, to) of one model's ascending score order from the top down: `order` u32 rows,
 * `flags` u8 (bit 0 positive, bit 1 a tie group starts here), and when `losses` is 1 the f64 log loss
 * and label − score at each position (`loss`, `gap`). A row's weight is `table[h >>> 16]` of the
 * counter-based hash h of (multiplier, offset, row) (poisson-weights.ts); `reciprocals` holds 1/d for
 * d < `capacity` (the caller checks the final total weight against it and walks again if over).
 * Four rows' hashes at a time in i32x4 lanes; `scratch` is 5 × 512 bytes of working space.
 */
export function walk(
  order: usize,
  flags: usize,
  loss: usize,
  gap: usize,
  losses: i32,
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
  const weights = scratch + (<usize>CHUNK << 2);
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
      const closes = flag >> 1;
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
      if (losses) {
        const w = <f64>weight;
        const g = load<f64>(gap + ((<usize>k) << 3));
        lossSum += w * load<f64>(loss + ((<usize>k) << 3));
        brierSum += w * (g * g);
        gapSum += w * g;
      }
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
