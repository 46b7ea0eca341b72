// AssemblyScript, compiled to WebAssembly by `npm run build:wasm` (scripts/build-wasm.mjs) into
// packages/data/src/internal/number-parse-wasm.ts. Parses the plain decimal cells of delimited-file
// columns 16 bytes at a time with SIMD, where `CellParser.classifyPlainNumber` looks at every byte:
// the same cells (-?[0-9]+(\.[0-9]*)?, at most 15 digits), the same values, bit for bit.

/** The cell is not a plain decimal of at most 16 bytes (or has doubled quotes): JavaScript classifies it. */
const UNPARSED: u8 = 255;
/** CellType.Integer and CellType.Fractional (packages/data/src/cells.ts). */
const INTEGER: u8 = 1;
const FRACTIONAL: u8 = 2;

/**
 * Parses `count` columns (file column indexes, i32 at `columns`) of `rows` rows whose cells are laid
 * out row after row, `fileColumns` per row: cell i spans bytes [starts[i] + shift, ends[i] + shift) of
 * memory (i32 offsets at `starts` and `ends`; `escaped` u8 is 1 for a quoted cell with doubled quotes).
 * Column j's values go to f64 at `values + (j · rows + row) · 8` and its types to u8 at
 * `types + j · rows + row`: INTEGER or FRACTIONAL with the value `Number(text)` has, or UNPARSED (value
 * NaN). `powers` holds 10^0 … 10^15 (f64), the divisors JavaScript uses. Reads up to 15 bytes past a
 * cell's end: the caller leaves 16 bytes of room after the last. Returns the count of UNPARSED cells.
 */
export function parseColumns(
  starts: usize,
  ends: usize,
  escaped: usize,
  shift: i32,
  fileColumns: i32,
  rows: i32,
  columns: usize,
  count: i32,
  values: usize,
  types: usize,
  powers: usize,
): i32 {
  let unparsed: i32 = 0;
  for (let row: i32 = 0; row < rows; row++) {
    for (let j: i32 = 0; j < count; j++) {
      const cell = <usize>(row * fileColumns + load<i32>(columns + ((<usize>j) << 2)));
      const start = load<i32>(starts + (cell << 2));
      const length = load<i32>(ends + (cell << 2)) - start;
      const at = <usize>(j * rows + row);
      let type = UNPARSED;
      let value = NaN;
      if (length > 0 && length <= 16 && load<u8>(escaped + cell) == 0) {
        value = parseCell(<usize>(start + shift), length, powers);
        type = parsedType;
      }
      store<f64>(values + (at << 3), value);
      store<u8>(types + at, type);
      unparsed += type == UNPARSED ? 1 : 0;
    }
  }
  return unparsed;
}

/** The type `parseCell` found. */
let parsedType: u8 = UNPARSED;

/**
 * The value of the `length` (1–16) bytes at `address` when they are a plain decimal of at most 15
 * digits (`parsedType` INTEGER or FRACTIONAL), else NaN (`parsedType` UNPARSED). Branch-free but for
 * the checks: the digits, with the sign and dot lanes zeroed and the dot's gap closed, right-aligned in
 * 16 lanes, then combined pairwise (×10, ×100, ×10⁴) into two 8-digit halves.
 */
function parseCell(address: usize, length: i32, powers: usize): f64 {
  parsedType = UNPARSED;
  const block = v128.load(address);
  const lanes = i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const inCell = i8x16.lt_s(lanes, i8x16.splat(<i8>length));
  const digit = i8x16.sub(block, i8x16.splat(48));
  const isDigit = v128.and(i8x16.lt_u(digit, i8x16.splat(10)), inCell);
  const isDot = v128.and(i8x16.eq(block, i8x16.splat(46)), inCell);
  const digitBits = i8x16.bitmask(isDigit);
  const dotBits = i8x16.bitmask(isDot);
  const negative = load<u8>(address) == 45 ? 1 : 0;
  // Every byte after the sign a digit or the dot, at most one dot, a digit first, at most 15 digits.
  const cellBits = ((1 << length) - 1) & ~negative;
  if (
    (digitBits | dotBits) != cellBits ||
    popcnt(dotBits) > 1 ||
    (digitBits & (1 << negative)) == 0 ||
    popcnt(digitBits) > 15
  ) {
    return NaN;
  }
  // The dot at lane p (or none: p = -1): lanes up to p move one lane right, closing the gap; then the
  // last digit moves to lane 15. Lanes read from outside 0–15 become 0, as do the sign and the dot.
  const dot = dotBits != 0 ? <i32>ctz(dotBits) : -1;
  const close = i8x16.add(lanes, i8x16.le_s(lanes, i8x16.splat(<i8>dot)));
  const digits = i8x16.swizzle(
    i8x16.swizzle(v128.and(digit, isDigit), close),
    i8x16.sub(lanes, i8x16.splat(<i8>(16 - length))),
  );
  const pairs = i16x8.narrow_i32x4_s(
    i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(digits), i16x8(10, 1, 10, 1, 10, 1, 10, 1)),
    i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_u(digits), i16x8(10, 1, 10, 1, 10, 1, 10, 1)),
  );
  const quads = i32x4.dot_i16x8_s(pairs, i16x8(100, 1, 100, 1, 100, 1, 100, 1));
  const halves = i32x4.dot_i16x8_s(
    i16x8.narrow_i32x4_s(quads, quads),
    i16x8(10000, 1, 10000, 1, 10000, 1, 10000, 1),
  );
  const mantissa = <i64>i32x4.extract_lane(halves, 0) * 100_000_000 + <i64>i32x4.extract_lane(halves, 1);
  // As JavaScript: the integer digits (exact below 2⁵³), divided by 10^(digits after the dot).
  const scale = dot < 0 ? 0 : length - 1 - dot;
  const whole = <f64>mantissa;
  const magnitude = scale == 0 ? whole : whole / load<f64>(powers + ((<usize>scale) << 3));
  parsedType = dot < 0 ? INTEGER : FRACTIONAL;
  return negative ? -magnitude : magnitude;
}
