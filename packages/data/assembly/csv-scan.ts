// AssemblyScript, compiled to WebAssembly by `npm run build:wasm` (scripts/build-wasm.mjs) into
// packages/data/src/internal/csv-scan-wasm.ts. Finds the fields of plain CSV records — no quotes, no CR —
// 16 bytes at a time with SIMD compares, where the JavaScript reader looks at every byte.

/** Where the first record not scanned starts (memory offset), after `scan` returns. */
export let resumeAt: i32 = 0;

/**
 * Scans whole records from `pos` to `end` and stores each field's start and end, plus `delta`, at
 * `starts` and `ends` (i32 each). Returns the records stored, at most `maxRecords`. Stops before a record
 * that the JavaScript reader must see: one with a quote or a CR, a blank line, a field longer than
 * `maxField`, a field count other than `expected`, or one that does not end (with LF) before `end`.
 * Reads up to 15 bytes past `end`: the caller leaves them in memory.
 */
export function scan(
  pos: i32,
  end: i32,
  expected: i32,
  delimiter: i32,
  maxField: i32,
  starts: i32,
  ends: i32,
  maxRecords: i32,
  delta: i32,
): i32 {
  const delimiters = i8x16.splat(<i8>delimiter);
  const lineFeeds = i8x16.splat(10);
  const quotes = i8x16.splat(34);
  const carriageReturns = i8x16.splat(13);
  let records: i32 = 0;
  let cell: i32 = 0;
  let field: i32 = 0;
  let recordStart = pos;
  let fieldStart = pos;
  for (let base = pos; base < end; base += 16) {
    const block = v128.load(base);
    let stops = i8x16.bitmask(v128.or(i8x16.eq(block, delimiters), i8x16.eq(block, lineFeeds)));
    let limit = end - base;
    const special = i8x16.bitmask(v128.or(i8x16.eq(block, quotes), i8x16.eq(block, carriageReturns)));
    if (special != 0) limit = min(limit, <i32>ctz(special));
    if (limit < 16) stops &= (1 << limit) - 1;
    while (stops != 0) {
      const at = base + <i32>ctz(stops);
      stops &= stops - 1;
      if (at - fieldStart > maxField) {
        resumeAt = recordStart;
        return records;
      }
      store<i32>(starts + (cell << 2), fieldStart + delta);
      store<i32>(ends + (cell << 2), at + delta);
      cell++;
      field++;
      fieldStart = at + 1;
      if (load<u8>(at) == 10) {
        if (field != expected || at == recordStart) {
          resumeAt = recordStart;
          return records;
        }
        records++;
        field = 0;
        recordStart = at + 1;
        if (records == maxRecords) {
          resumeAt = recordStart;
          return records;
        }
      }
    }
    if (limit < 16) break;
  }
  resumeAt = recordStart;
  return records;
}
