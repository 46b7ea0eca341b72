/**
 * A training input the trainer cannot use. The message names the place (`params.l2`,
 * `column "age" row 12`) and says what to do, so the CLI and the action can print it as is.
 */
export class TrainerError extends Error {
  constructor(
    /** Where the problem is: a parameter, a column, a column and row. */
    readonly where: string,
    problem: string,
    remedy: string,
  ) {
    super(`${where}: ${problem} — ${remedy}`);
    this.name = 'TrainerError';
  }
}
