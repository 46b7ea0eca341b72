import { POWERS_OF_TEN } from '../cells';
import { NUMBER_PARSE_WASM } from './number-parse-wasm';
import { alignUp, instantiateOnOwnMemory, reserve, type WasmMemory } from './wasm-memory';

interface ParseExports {
  parseColumns(
    starts: number,
    ends: number,
    escaped: number,
    shift: number,
    fileColumns: number,
    rows: number,
    columns: number,
    count: number,
    values: number,
    types: number,
    powers: number,
  ): number;
}

/** Bytes the parser may read past a cell (one SIMD block less one). */
const SLACK = 16;
/**
 * The most bytes of the rows per cell parsed for the copy into WebAssembly memory to pay (~0.1 ns a
 * byte against ~10 ns a cell saved, with room): rows of long texts around a few numbers stay in
 * JavaScript.
 */
const MAX_BYTES_PER_CELL = 64;
/** CellType the parser leaves to JavaScript. */
export const UNPARSED = 255;

let shared: PlainNumberParser | null | undefined;

/**
 * Parses the plain decimal cells of delimited-file columns in WebAssembly, 16 bytes at a time
 * (`packages/data/assembly/number-parse.ts`), where `CellParser.classifyPlainNumber` looks at every
 * byte: the same cells, the same values to the bit; any other cell (a null, a date, an exponent, a
 * quoted cell with doubled quotes, more than 16 bytes) comes back UNPARSED for the JavaScript
 * classifier. The rows' bytes and cell offsets are copied into the parser's memory (a memcpy), the
 * values and types out. One parser per thread.
 */
export class PlainNumberParser {
  /** The thread's parser, or null where WebAssembly SIMD is not available. */
  static shared(): PlainNumberParser | null {
    if (shared === undefined) {
      const instance = instantiateOnOwnMemory<ParseExports>(NUMBER_PARSE_WASM, 16);
      shared = instance ? new PlainNumberParser(instance.exports, instance.memory) : null;
    }
    return shared;
  }

  private constructor(
    private readonly exports: ParseExports,
    private readonly memory: WasmMemory,
  ) {}

  /**
   * Parses `columns` (file column indexes) of rows [from, to), whose cells sit row after row in
   * `starts`/`ends`/`escaped` (`fileColumns` per row) over `bytes`, into `types[j]` and `values[j]`
   * from index `from`. Returns the count of UNPARSED cells, or -1 (nothing written) when the rows' bytes
   * are not one ascending range, or hold more than MAX_BYTES_PER_CELL per cell asked for.
   */
  parse(
    bytes: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    escaped: Uint8Array,
    fileColumns: number,
    from: number,
    to: number,
    columns: readonly number[],
    types: readonly Uint8Array[],
    values: readonly Float64Array[],
  ): number {
    const rows = to - from;
    const first = from * fileColumns;
    const cells = rows * fileColumns;
    const low = starts[first]!;
    const high = ends[first + cells - 1]!;
    const count = columns.length;
    // Rows mostly of other cells (long texts): copying their bytes would cost more than parsing saves.
    if (rows <= 0 || high < low || high - low > MAX_BYTES_PER_CELL * rows * count) return -1;
    // Layout: the bytes (and slack), starts, ends, columns, powers, values, escaped, types.
    const startsAt = alignUp(high - low + SLACK, 8);
    const endsAt = startsAt + 4 * cells;
    const columnsAt = endsAt + 4 * cells;
    const powersAt = alignUp(columnsAt + 4 * count, 8);
    const valuesAt = powersAt + 8 * POWERS_OF_TEN.length;
    const escapedAt = valuesAt + 8 * count * rows;
    const typesAt = escapedAt + cells;
    reserve(this.memory, typesAt + count * rows);
    const buffer = this.memory.buffer;
    const memory = new Uint8Array(buffer);
    memory.set(bytes.subarray(low, high), 0);
    memory.fill(0, high - low, high - low + SLACK);
    new Int32Array(buffer, startsAt, cells).set(starts.subarray(first, first + cells));
    new Int32Array(buffer, endsAt, cells).set(ends.subarray(first, first + cells));
    new Int32Array(buffer, columnsAt, count).set(columns);
    new Float64Array(buffer, powersAt, POWERS_OF_TEN.length).set(POWERS_OF_TEN);
    memory.set(escaped.subarray(first, first + cells), escapedAt);
    const unparsed = this.exports.parseColumns(
      startsAt,
      endsAt,
      escapedAt,
      -low,
      fileColumns,
      rows,
      columnsAt,
      count,
      valuesAt,
      typesAt,
      powersAt,
    );
    for (let j = 0; j < count; j++) {
      values[j]!.set(new Float64Array(buffer, valuesAt + 8 * j * rows, rows), from);
      types[j]!.set(memory.subarray(typesAt + j * rows, typesAt + (j + 1) * rows), from);
    }
    return unparsed;
  }
}
