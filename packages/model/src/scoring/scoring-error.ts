/**
 * A scoring failure with its place: the model (file path or `<bytes>`), and where it applies the
 * input, output or row. Messages read `where: what is wrong — what to do`.
 */
export class ScoringError extends Error {
  constructor(
    readonly model: string,
    message: string,
  ) {
    super(`${model}: ${message}`);
    this.name = 'ScoringError';
  }
}
