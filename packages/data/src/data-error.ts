/** Where something is in a data file: 1-based line and column (for Parquet, line is the 1-based row). */
export interface Place {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A problem in the data, with its place. The message reads
 * `file:line:column: what is wrong — what to do`, the form editors and GitHub annotations link to.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** What is wrong, without the place. */
  readonly problem: string;
  /** What to do about it. */
  readonly hint: string;

  constructor(place: Place, problem: string, hint: string) {
    super(`${place.file}:${place.line}:${place.column}: ${problem} — ${hint}`);
    this.file = place.file;
    this.line = place.line;
    this.column = place.column;
    this.problem = problem;
    this.hint = hint;
  }
}

/** Something worth telling the user that does not stop reading (e.g. a file with a header but no rows). */
export interface DataWarning extends Place {
  readonly message: string;
}

export function dataWarning(place: Place, problem: string, hint: string): DataWarning {
  return {
    file: place.file,
    line: place.line,
    column: place.column,
    message: `${place.file}:${place.line}:${place.column}: ${problem} — ${hint}`,
  };
}
