import { scanColumns, type DataBatch } from './batch';
import { CellType } from './cells';
import { DataError } from './data-error';
import { openDataset } from './dataset';
import type { ReadOptions } from './dataset';
import { MAX_DICTIONARY_TEXTS, TextDictionary } from './text-dictionary';

/** How a column is wanted: as numbers (Float64Array, NaN = missing) or as codes of its texts. */
export type TypedColumnKind = 'number' | 'code';

export interface TypedColumnRequest {
  name: string;
  kind: TypedColumnKind;
}

/**
 * One batch of the wanted columns: numbers as a Float64Array (NaN for a missing cell), texts as
 * Int32Array codes into the column's `texts` (−1 for a missing cell). The arrays are the batch's own
 * (a consumer may keep them); `texts` grows across batches and stays valid for earlier codes.
 */
export interface TypedBatch {
  file: string;
  rows: number;
  /** Physical line of each row (Parquet: 1-based row number). */
  lines: Int32Array;
  numbers: Map<string, Float64Array>;
  codes: Map<string, Int32Array>;
  /** A code column's distinct texts, by code. */
  texts: Map<string, readonly string[]>;
}

export interface TypedColumnOptions extends ReadOptions {
  /**
   * What a cell that is not a number does in a 'number' column: 'error' (default) throws a DataError
   * at its file:line:column; 'null' reads it as missing and counts it in `notNumbers`.
   */
  notNumber?: 'error' | 'null';
  /** The error's problem and hint for a cell that is not a number (default: a generic one). */
  notNumberMessage?: (column: string, text: string) => { problem: string; hint: string };
  /** Called per column and batch with a count when `notNumber` is 'null'. */
  onNotNumber?: (column: string, count: number, first: { file: string; line: number; text: string }) => void;
  /**
   * The consumer is done with each batch before it asks for the next: the 'number' arrays and `lines`
   * are then written again for the next batch (copy what you keep), as are the reader's own arrays —
   * no fresh arrays per column and batch to allocate, zero and collect. Codes and texts are never
   * reused. Default false.
   */
  transient?: boolean;
}

/**
 * Streams the named columns of a dataset as typed arrays, batch by batch, with no JavaScript value
 * per cell: numbers come from the same byte scan the profile uses (`DataBatch.scanColumn`), texts as
 * ids of a per-column TextDictionary (a string per distinct text, not per cell). The scoring and
 * training paths hold millions of rows this way in a few bytes each.
 */
export async function* streamTypedColumns(
  paths: string | readonly string[],
  requests: readonly TypedColumnRequest[],
  options: TypedColumnOptions = {},
): AsyncGenerator<TypedBatch> {
  const wanted = new Map<string, TypedColumnKind>();
  for (const request of requests) {
    // A column wanted both ways is read both ways (e.g. a numeric feature that is also a slice).
    const previous = wanted.get(request.name);
    wanted.set(request.name, previous && previous !== request.kind ? 'number' : request.kind);
  }
  const codeAlso = new Set(requests.filter((r) => r.kind === 'code').map((r) => r.name));
  // Scoring and training record no data digest here (the profile pass does): no sha256 of every byte.
  const dataset = await openDataset(paths as string[], {
    ...options,
    select: [...wanted.keys()],
    hash: false,
    transientBatches: options.transient ?? false,
  });
  const coders = new Map([...codeAlso].map((name) => [name, new ColumnCoder()]));
  const numberNames = [...wanted].filter(([, kind]) => kind === 'number').map(([name]) => name);
  let checked = false;
  // Each number column's cell types, reused batch to batch (scanned all at once, then checked).
  let types = numberNames.map(() => new Uint8Array(0));
  const reused = new Map<string, Float64Array>();
  for await (const batch of dataset) {
    if (!checked) {
      checkPresent([...wanted.keys()], batch.columns, batch.file);
      checked = true;
    }
    if ((types[0]?.length ?? batch.length) < batch.length)
      types = numberNames.map(() => new Uint8Array(batch.length));
    const numberColumns = numberNames.map((name) => batch.columns.indexOf(name));
    const numberValues = numberNames.map((name) => {
      let values = options.transient ? reused.get(name) : undefined;
      if (!values || values.length < batch.length) {
        values = new Float64Array(batch.length);
        if (options.transient) reused.set(name, values);
      }
      return values.length > batch.length ? values.subarray(0, batch.length) : values;
    });
    scanColumns(batch, numberColumns, types, numberValues);
    const numbers = new Map<string, Float64Array>();
    numberNames.forEach((name, i) => {
      checkNumbers(batch, name, numberColumns[i]!, types[i]!, numberValues[i]!, options);
      numbers.set(name, numberValues[i]!);
    });
    const codes = new Map<string, Int32Array>();
    for (const name of codeAlso) codes.set(name, coders.get(name)!.code(batch, batch.columns.indexOf(name)));
    yield {
      file: batch.file,
      rows: batch.length,
      lines: batch.lines,
      numbers,
      codes,
      texts: new Map([...coders].map(([name, coder]) => [name, coder.texts])),
    };
  }
  if (!checked && dataset.columns) checkPresent([...wanted.keys()], dataset.columns, dataset.paths[0] ?? '');
}

function checkPresent(wanted: readonly string[], present: readonly string[], file: string): void {
  for (const name of wanted) {
    if (!present.includes(name)) {
      throw new DataError(
        { file, line: 1, column: 1 },
        `there is no column "${name}"`,
        `the columns are ${present.join(', ')}`,
      );
    }
  }
}

/** Missing cells become NaN; a cell that is text, a date or a boolean is an error or a counted null. */
function checkNumbers(
  batch: DataBatch,
  name: string,
  column: number,
  types: Uint8Array,
  values: Float64Array,
  options: TypedColumnOptions,
): void {
  let notNumbers = 0;
  let first = -1;
  for (let row = 0; row < batch.length; row++) {
    const type = types[row]!;
    if (type === CellType.Integer || type === CellType.Fractional) continue;
    values[row] = Number.NaN;
    if (type === CellType.Null) continue;
    if (options.notNumber !== 'null') {
      const text = batch.text(row, column);
      const { problem, hint } = options.notNumberMessage?.(name, text) ?? {
        problem: `column "${name}" holds "${text}", which is not a number`,
        hint: 'fix the value or leave the cell empty',
      };
      throw new DataError({ file: batch.file, line: batch.lines[row]!, column: column + 1 }, problem, hint);
    }
    if (first < 0) first = row;
    notNumbers++;
  }
  if (notNumbers > 0) {
    options.onNotNumber?.(name, notNumbers, {
      file: batch.file,
      line: batch.lines[first]!,
      text: batch.text(first, column),
    });
  }
}

/** Codes of one column's texts across batches; past a dictionary's capacity, a Map of strings. */
class ColumnCoder {
  private dictionary: TextDictionary | null = new TextDictionary(MAX_DICTIONARY_TEXTS, 64 << 20);
  private overflow: Map<string, number> | null = null;
  private overflowTexts: string[] = [];
  private types = new Uint8Array(0);
  private values = new Float64Array(0);

  get texts(): readonly string[] {
    return this.overflow ? this.overflowTexts : this.dictionary!.values;
  }

  code(batch: DataBatch, column: number): Int32Array {
    const codes = new Int32Array(batch.length);
    if (this.types.length < batch.length) {
      this.types = new Uint8Array(batch.length);
      this.values = new Float64Array(batch.length);
    }
    const types = this.types;
    if (this.dictionary && batch.codeColumn?.(column, types, this.values, codes, this.dictionary)) {
      for (let row = 0; row < batch.length; row++) if (types[row] === CellType.Null) codes[row] = -1;
      return codes;
    }
    if (!this.overflow) {
      // Too many distinct texts (or no byte lookup): keep the ids given so far, a string per cell from here.
      this.overflowTexts = this.dictionary ? [...this.dictionary.values] : [];
      this.overflow = new Map(this.overflowTexts.map((text, id) => [text, id]));
      this.dictionary = null;
    }
    const texts = batch.values(column);
    for (let row = 0; row < batch.length; row++) {
      const text = texts[row];
      if (text === null || text === undefined) {
        codes[row] = -1;
        continue;
      }
      let id = this.overflow.get(text);
      if (id === undefined) {
        id = this.overflowTexts.length;
        this.overflowTexts.push(text);
        this.overflow.set(text, id);
      }
      codes[row] = id;
    }
    return codes;
  }
}
