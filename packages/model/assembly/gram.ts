// AssemblyScript, compiled to WebAssembly by `npm run build:wasm` (scripts/build-wasm.mjs) into
// packages/model/src/trainer/gram-wasm.ts. The trainer's one quadratic loop, XᵀWX over a block of rows,
// two products per SIMD instruction where JavaScript does one.

/**
 * Adds the lower triangle of Aᵀ B to the P × P row-major f64 matrix at `gram`, where column a of A
 * holds `count` f64 at `weighted + a · stride · 8` and column b of B likewise at `columns` (the caller
 * puts w ⊙ x in A and x in B). Four entries of a row of the triangle at a time, each summed in two
 * SIMD lanes (even and odd rows), the lanes added at the end: a fixed order, so the result is
 * reproducible.
 */
export function addWeightedGram(
  weighted: usize,
  columns: usize,
  p: i32,
  count: i32,
  stride: i32,
  gram: usize,
): void {
  const rowBytes = (<usize>stride) << 3;
  const pairBytes = (<usize>(count & ~1)) << 3;
  const odd = (count & 1) != 0;
  const last = pairBytes;
  for (let a: i32 = 0; a < p; a++) {
    const wa = weighted + <usize>a * rowBytes;
    const out = gram + ((<usize>a * <usize>p) << 3);
    let b: i32 = 0;
    for (; b + 3 <= a; b += 4) {
      const c0 = columns + <usize>b * rowBytes;
      const c1 = c0 + rowBytes;
      const c2 = c1 + rowBytes;
      const c3 = c2 + rowBytes;
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      let s2 = f64x2.splat(0);
      let s3 = f64x2.splat(0);
      for (let i: usize = 0; i < pairBytes; i += 16) {
        const w = v128.load(wa + i);
        s0 = f64x2.add(s0, f64x2.mul(w, v128.load(c0 + i)));
        s1 = f64x2.add(s1, f64x2.mul(w, v128.load(c1 + i)));
        s2 = f64x2.add(s2, f64x2.mul(w, v128.load(c2 + i)));
        s3 = f64x2.add(s3, f64x2.mul(w, v128.load(c3 + i)));
      }
      let h0 = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
      let h1 = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
      let h2 = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
      let h3 = f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
      if (odd) {
        const w = load<f64>(wa + last);
        h0 += w * load<f64>(c0 + last);
        h1 += w * load<f64>(c1 + last);
        h2 += w * load<f64>(c2 + last);
        h3 += w * load<f64>(c3 + last);
      }
      const o = out + ((<usize>b) << 3);
      store<f64>(o, load<f64>(o) + h0);
      store<f64>(o + 8, load<f64>(o + 8) + h1);
      store<f64>(o + 16, load<f64>(o + 16) + h2);
      store<f64>(o + 24, load<f64>(o + 24) + h3);
    }
    for (; b <= a; b++) {
      const cb = columns + <usize>b * rowBytes;
      let s = f64x2.splat(0);
      for (let i: usize = 0; i < pairBytes; i += 16) {
        s = f64x2.add(s, f64x2.mul(v128.load(wa + i), v128.load(cb + i)));
      }
      let h = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
      if (odd) h += load<f64>(wa + last) * load<f64>(cb + last);
      const o = out + ((<usize>b) << 3);
      store<f64>(o, load<f64>(o) + h);
    }
  }
}
