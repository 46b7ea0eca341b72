import { CellType } from '@mlops-actions/data';
import type { DataBatch } from '@mlops-actions/data';
import type { ScannedColumnObserver } from './batch-profiler';

/**
 * A shard's numbers, per collected column in `NumberColumns` order: its values in row order (NaN for
 * null cells), or null for a column that held a cell that is not a number. Posted back by workers,
 * the arrays transferred.
 */
export interface ShardNumbers {
  readonly values: (Float64Array | null)[];
}

/**
 * The profile pass's parsed numbers, handed back for callers that need the columns themselves (the
 * built-in trainer), so that the data is read and parsed once, not once to profile and again to train.
 * Give it to `profileDataset` as `numbers`; after the pass, `get(name)` is the column as a
 * Float64Array (NaN = null cell), or undefined for a column that was not asked for, not profiled, or
 * held any cell that is neither a number nor null — its cells then need a reader that says where.
 */
export class NumberColumns {
  /** Asked-for columns (all when undefined). */
  private readonly wanted: ReadonlySet<string> | undefined;
  /** The collected columns, in the order shards report them. */
  private names = new Map<string, number>();
  private columns: (Float64Array | null)[] = [];
  private rows = 0;
  private done = false;
  /** Why the pass kept no numbers, when it did not (see `skip`). */
  skipped: string | undefined;

  constructor(names?: readonly string[]) {
    this.wanted = names ? new Set(names) : undefined;
  }

  /** The pass keeps no numbers (`reason` says why): `get` answers undefined for every column. */
  skip(reason: string): void {
    this.skipped = reason;
    this.columns = [];
    this.names = new Map();
    this.done = true;
  }

  /** Which of `profiled` (name and dataset index) to collect; fixes the order shards report them in. */
  plan(profiled: readonly { name: string; index: number }[]): number[] {
    const chosen = profiled.filter(({ name }) => this.wanted?.has(name) ?? true);
    this.names = new Map(chosen.map(({ name }, at) => [name, at]));
    this.columns = chosen.map(() => new Float64Array(0));
    return chosen.map(({ index }) => index);
  }

  /** The column's numbers, once the pass is over (see the class). */
  get(name: string): Float64Array | undefined {
    if (!this.done) return undefined;
    const at = this.names.get(name);
    const column = at === undefined ? null : this.columns[at];
    return column ? column.subarray(0, this.rows) : undefined;
  }

  /**
   * Places a shard's numbers at row `rowsBefore` (shards are placed in file order). `expectedRows`
   * sizes the columns on the first shard, so that they are grown rarely: the only N-sized copy.
   */
  place(numbers: ShardNumbers, rowsBefore: number, rows: number, expectedRows: number): void {
    const end = rowsBefore + rows;
    numbers.values.forEach((values, at) => {
      let column = this.columns[at];
      if (column === null || column === undefined) return;
      if (values === null) {
        this.columns[at] = null;
        return;
      }
      if (column.length < end) {
        // On shared memory: a trainer's worker thread reads the columns where they are (no copy).
        const size = Math.max(end, Math.ceil(expectedRows), Math.ceil(column.length * 1.25));
        const grown = new Float64Array(new SharedArrayBuffer(8 * size));
        grown.set(column.subarray(0, rowsBefore));
        this.columns[at] = column = grown;
      }
      column.set(values, rowsBefore);
    });
    this.rows = Math.max(this.rows, end);
  }

  /** Marks the pass complete: `get` answers from here on. */
  finish(rows: number): void {
    this.rows = rows;
    this.done = true;
  }

  /**
   * For a one-thread pass: collects the numbers of `profiled` (the pass's planned columns) as the
   * profiler scans them, placing each batch at once.
   */
  batchObserver(profiled: readonly { name: string; index: number }[]): ScannedColumnObserver {
    const collector = new ShardNumberCollector(this.plan(profiled));
    let rowsBefore = 0;
    return {
      column: (batch, index, types, values) => collector.column(batch, index, types, values),
      endBatch: (batch) => {
        collector.endBatch(batch);
        const numbers = collector.take();
        // Doubling: a one-thread pass is a small input, or one whose size is unknown (gzip).
        this.place(numbers, rowsBefore, batch.length, 2 * (rowsBefore + batch.length));
        collector.recycle(numberBuffers(numbers));
        rowsBefore += batch.length;
      },
    };
  }
}

/**
 * Collects a shard's numbers of the columns at dataset `indexes` as the profiler scans them (an
 * observer of `BatchProfiler.add`): no column is parsed twice.
 */
export class ShardNumberCollector implements ScannedColumnObserver {
  /** Per column, the numbers since the last take; null once a cell was not a number. */
  private columns: (Float64Array | null)[];
  /** Rows collected since the last take (before the current batch). */
  private rows = 0;
  /** Dataset column index → its place in `columns` (a file may have 100,000 columns). */
  private readonly places: Map<number, number>;
  /**
   * Rows an array is made for: a quarter more than a take that came within a tenth of it. Shards are
   * about as long as each other, so arrays are sized once; never shrinking, the ones handed back fit
   * the next shards.
   */
  private expected = 8_192;
  /** Arrays handed back after their numbers were placed (`recycle`), for the next shards. */
  private readonly free: Float64Array[] = [];

  constructor(indexes: readonly number[]) {
    this.places = new Map(indexes.map((index, at) => [index, at]));
    this.columns = indexes.map(() => this.array(this.expected));
  }

  column(batch: DataBatch, index: number, types: Uint8Array, values: Float64Array): void {
    const at = this.places.get(index);
    if (at === undefined) return;
    let column = this.columns[at];
    if (!column) return;
    const end = this.rows + batch.length;
    if (column.length < end) {
      const grown = this.array(Math.max(end, Math.ceil(column.length * 1.5)));
      grown.set(column.subarray(0, this.rows));
      this.free.push(column);
      this.columns[at] = column = grown;
    }
    if (!copyNumbers(types, values, batch.length, column, this.rows)) this.columns[at] = null;
  }

  endBatch(batch: DataBatch): void {
    this.rows += batch.length;
  }

  /**
   * The numbers since the last take, one array per column (null: a cell was not a number), and a
   * fresh start. The arrays are the caller's (a worker transfers them) until it hands them back.
   */
  take(): ShardNumbers {
    const rows = this.rows;
    const values = this.columns.map((column) => (column === null ? null : column.subarray(0, rows)));
    if (rows > 0.9 * this.expected) this.expected = Math.ceil(rows * 1.25) + 64;
    // A column that held a non-number stays refused in later takes too.
    this.columns = this.columns.map((column) => (column === null ? null : this.array(this.expected)));
    this.rows = 0;
    return { values };
  }

  /**
   * Takes back the buffers of earlier takes once their numbers are placed: the lane then fills the
   * same memory shard after shard instead of new arrays that only a garbage collection would free.
   */
  recycle(buffers: readonly ArrayBuffer[]): void {
    for (const buffer of buffers) if (buffer.byteLength > 0) this.free.push(new Float64Array(buffer));
  }

  /**
   * A free array of at least `rows` elements, or a new one. Every column asks for the same size, so
   * when no free array is long enough none will be for a while: they are let go rather than kept
   * (kept, a lane's free arrays grew to 372 — 26 MiB — over a 239 MiB file, measured).
   */
  private array(rows: number): Float64Array {
    for (let i = this.free.length - 1; i >= 0; i--) {
      const candidate = this.free[i]!;
      if (candidate.length >= rows) {
        this.free.splice(i, 1);
        return candidate;
      }
    }
    this.free.length = 0;
    return new Float64Array(rows);
  }
}

/** Copies the batch's numbers (NaN for null cells) to `target` at `at`; false when a cell is neither. */
function copyNumbers(
  types: Uint8Array,
  values: Float64Array,
  rows: number,
  target: Float64Array,
  at: number,
): boolean {
  for (let row = 0; row < rows; row++) {
    const type = types[row]!;
    if (type === CellType.Integer || type === CellType.Fractional) target[at + row] = values[row]!;
    else if (type === CellType.Null) target[at + row] = Number.NaN;
    else return false;
  }
  return true;
}

/** The transferable buffers of a shard's numbers (each once). */
export function numberBuffers(numbers: ShardNumbers | undefined): ArrayBuffer[] {
  if (!numbers) return [];
  return [...new Set(numbers.values.flatMap((values) => (values ? [values.buffer as ArrayBuffer] : [])))];
}
