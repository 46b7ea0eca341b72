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
