import { GRAM_WASM } from './gram-wasm';

/** The WebAssembly API used here (the project's TypeScript libraries do not describe it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}
interface GramExports {
  addWeightedGram(
    weighted: number,
    columns: number,
    p: number,
    count: number,
    stride: number,
    gram: number,
  ): void;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
const PAGE = 65_536;
let compiled: object | null | undefined;

/**
 * A block of P design columns of `stride` rows each, column-major, with the running lower triangle
 * of Σ Aᵀ diag(w) A over the blocks added so far. The caller fills `columns` (x) and `weighted`
 * (w ⊙ x) and calls `add`; `gram` holds the sums. In WebAssembly memory when WebAssembly SIMD is
 * there (`packages/model/assembly/gram.ts`: over the 1M × 31 bench one XᵀWX took ~0.2 s against
 * ~1 s for the JavaScript loop below, measured), else plain arrays and `addWeightedGram`.
 */
export interface GramBlock {
  readonly columns: Float64Array;
  readonly weighted: Float64Array;
  readonly gram: Float64Array;
  /** Adds the block's first `count` rows; `unweighted` takes `columns` for `weighted` (XᵀX). */
  add(count: number, unweighted?: boolean): void;
}

export function gramBlock(p: number, stride: number): GramBlock {
  const module = wasmModule();
  if (!module || !wasm) return jsGramBlock(p, stride);
  const doubles = 2 * p * stride + p * p;
  const memory = new wasm.Memory({ initial: Math.ceil((doubles * 8) / PAGE) + 1 });
  const kernel = new wasm.Instance(module, { env: { memory } }).exports as GramExports;
  const columnsAt = 0;
  const weightedAt = p * stride * 8;
  const gramAt = 2 * p * stride * 8;
  return {
    columns: new Float64Array(memory.buffer, columnsAt, p * stride),
    weighted: new Float64Array(memory.buffer, weightedAt, p * stride),
    gram: new Float64Array(memory.buffer, gramAt, p * p),
    add(count, unweighted = false) {
      kernel.addWeightedGram(unweighted ? columnsAt : weightedAt, columnsAt, p, count, stride, gramAt);
    },
  };
}

function wasmModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(Buffer.from(GRAM_WASM, 'base64')) : null;
    } catch {
      compiled = null; // no WebAssembly SIMD: the JavaScript loop
    }
  }
  return compiled;
}

function jsGramBlock(p: number, stride: number): GramBlock {
  const columns = new Float64Array(p * stride);
  const weighted = new Float64Array(p * stride);
  const gram = new Float64Array(p * p);
  return {
    columns,
    weighted,
    gram,
    add(count, unweighted = false) {
      addWeightedGram(unweighted ? columns : weighted, columns, p, count, stride, gram);
    },
  };
}

/**
 * Adds the lower triangle of Aᵀ diag(w) A for one block to `gram` (P × P row-major), where A's
 * column a holds `count` values at `columns[a · stride …]` and `weighted` already holds w ⊙ A in the
 * same layout. Register-blocked, two rows of the triangle by four columns at a time: each loaded
 * value feeds several products, which is what bounds this loop in JavaScript. The sums run over the
 * block's rows in order, so the result does not depend on the blocking.
 */
export function addWeightedGram(
  weighted: Float64Array,
  columns: Float64Array,
  p: number,
  count: number,
  stride: number,
  gram: Float64Array,
): void {
  let a = 0;
  for (; a + 1 < p; a += 2) {
    const oa = a * stride;
    const oa1 = oa + stride;
    let b = 0;
    for (; b + 3 <= a; b += 4) {
      const o0 = b * stride;
      const o1 = o0 + stride;
      const o2 = o1 + stride;
      const o3 = o2 + stride;
      let h0 = 0;
      let h1 = 0;
      let h2 = 0;
      let h3 = 0;
      let g0 = 0;
      let g1 = 0;
      let g2 = 0;
      let g3 = 0;
      for (let i = 0; i < count; i++) {
        const u = weighted[oa + i]!;
        const v = weighted[oa1 + i]!;
        const c0 = columns[o0 + i]!;
        const c1 = columns[o1 + i]!;
        const c2 = columns[o2 + i]!;
        const c3 = columns[o3 + i]!;
        h0 += u * c0;
        h1 += u * c1;
        h2 += u * c2;
        h3 += u * c3;
        g0 += v * c0;
        g1 += v * c1;
        g2 += v * c2;
        g3 += v * c3;
      }
      const r = a * p + b;
      const s = r + p;
      gram[r] = gram[r]! + h0;
      gram[r + 1] = gram[r + 1]! + h1;
      gram[r + 2] = gram[r + 2]! + h2;
      gram[r + 3] = gram[r + 3]! + h3;
      gram[s] = gram[s]! + g0;
      gram[s + 1] = gram[s + 1]! + g1;
      gram[s + 2] = gram[s + 2]! + g2;
      gram[s + 3] = gram[s + 3]! + g3;
    }
    // The triangle's ragged end of rows a and a + 1.
    for (let row = a; row <= a + 1; row++) addEntries(weighted, columns, row, b, row, count, stride, p, gram);
  }
  for (; a < p; a++) addEntries(weighted, columns, a, 0, a, count, stride, p, gram);
}

function addEntries(
  weighted: Float64Array,
  columns: Float64Array,
  a: number,
  from: number,
  to: number,
  count: number,
  stride: number,
  p: number,
  gram: Float64Array,
): void {
  const oa = a * stride;
  for (let b = from; b <= to; b++) {
    const ob = b * stride;
    let h = 0;
    for (let i = 0; i < count; i++) h += weighted[oa + i]! * columns[ob + i]!;
    gram[a * p + b] = gram[a * p + b]! + h;
  }
}
