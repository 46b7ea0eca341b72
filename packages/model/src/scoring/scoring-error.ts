/**
 * A scoring failure with its place: the model (file path or `<bytes>`), and where it applies the
 * input, output or row. Messages read `where: what is wrong — what to do`.
 */
export class ScoringError extends Error {
  constructor(
    readonly model: string,
    message: string,
    /** The input row (from 0) the failure is about, when it is about one. */
    readonly row?: number,
  ) {
    super(`${model}: ${message}`);
    this.name = 'ScoringError';
  }
}

/** The model's output is NaN or infinite at a row: callers point at that row of the data. */
export class NonFiniteOutput extends ScoringError {
  constructor(
    model: string,
    readonly output: string,
    readonly value: number,
    override readonly row: number,
  ) {
    super(model, `output "${output}" is ${value} at row ${row} — check that row's inputs`, row);
    this.name = 'NonFiniteOutput';
  }
}
