import { scanColumns, type DataBatch } from './batch';
import { CellType } from './cells';
import { checkColumnsPresent } from './columns';
import { DataError, type Place } from './data-error';
import { MAX_DICTIONARY_TEXTS, TextDictionary } from './text-dictionary';
import type { TypedBatch, TypedColumnKind, TypedColumnOptions, TypedColumnRequest } from './typed-columns';

/** What `TypedBatchReader.read` makes of a batch: a TypedBatch without its place. */
export type TypedColumns = Pick<TypedBatch, 'numbers' | 'codes' | 'texts'>;

/** The columns `requests` ask for: each once, and those read as numbers and as codes (a column can be both). */
export function wantedColumns(requests: readonly TypedColumnRequest[]): {
  columnNames: string[];
  numberNames: string[];
  codeNames: string[];
} {
  const wanted = new Map<string, TypedColumnKind>();
  for (const request of requests) {
    // A column wanted both ways is read both ways (e.g. a numeric feature that is also a slice).
    const previous = wanted.get(request.name);
    wanted.set(request.name, previous && previous !== request.kind ? 'number' : request.kind);
  }
  return {
    columnNames: [...wanted.keys()],
    numberNames: [...wanted].filter(([, kind]) => kind === 'number').map(([name]) => name),
    codeNames: [...new Set(requests.filter((r) => r.kind === 'code').map((r) => r.name))],
  };
}

/**
 * Turns one pass's batches into the wanted columns as typed arrays: numbers scanned together, a cell
 * that is not a number an error (or a counted null), texts coded per column across batches.
 */
export class TypedBatchReader {
  /** Every wanted column, once (what the dataset is asked to decode). */
  readonly columnNames: string[];
  /** The columns read as numbers, and those read as codes (a column can be both). */
  readonly numberNames: string[];
  readonly codeNames: string[];
  private readonly coders: Map<string, ColumnCoder>;
  private checked = false;
  /** Each number column's cell types, reused batch to batch (scanned all at once, then checked). */
  private types: Uint8Array[] = [];

  constructor(
    requests: readonly TypedColumnRequest[],
    private readonly options: TypedColumnOptions,
  ) {
    ({
      columnNames: this.columnNames,
      numberNames: this.numberNames,
      codeNames: this.codeNames,
    } = wantedColumns(requests));
    this.coders = new Map(this.codeNames.map((name) => [name, new ColumnCoder()]));
  }

  /** The wanted columns of `batch`; numbers go into `numberValues` (per number column, ≥ batch rows). */
  read(batch: DataBatch, numberValues: readonly Float64Array[]): TypedColumns {
    if (!this.checked) {
      this.checkPresent(batch.columns, batch.file);
      this.checked = true;
    }
    if ((this.types[0]?.length ?? batch.length) < batch.length || this.types.length < this.numberNames.length)
      this.types = this.numberNames.map(() => new Uint8Array(batch.length));
    const numberColumns = this.numberNames.map((name) => batch.columns.indexOf(name));
    const values = numberValues.map((array) =>
      array.length > batch.length ? array.subarray(0, batch.length) : array,
    );
    // Nothing to check where every cell parsed as a plain number.
    const allNumbers = scanColumns(batch, numberColumns, this.types, values);
    const numbers = new Map<string, Float64Array>();
    this.numberNames.forEach((name, i) => {
      if (!allNumbers) checkNumbers(batch, name, numberColumns[i]!, this.types[i]!, values[i]!, this.options);
      numbers.set(name, values[i]!);
    });
    const codes = new Map<string, Int32Array>();
    for (const [name, coder] of this.coders) codes.set(name, coder.code(batch, batch.columns.indexOf(name)));
    return { numbers, codes, texts: new Map([...this.coders].map(([name, coder]) => [name, coder.texts])) };
  }

  /** Fails naming the first wanted column `present` lacks. */
  checkPresent(present: readonly string[], file: string): void {
    checkColumnsPresent(this.columnNames, present, file);
  }
}

/** A cell that is not a number in a 'number' column: a DataError that keeps the column and the text. */
export class NotNumberError extends DataError {
  constructor(
    place: Place,
    problem: string,
    hint: string,
    readonly columnName: string,
    readonly text: string,
  ) {
    super(place, problem, hint);
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
      const place = { file: batch.file, line: batch.lines[row]!, column: column + 1 };
      throw new NotNumberError(place, problem, hint, name, text);
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
