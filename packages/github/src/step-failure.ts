import * as core from '@actions/core';

export interface StepFailureOptions {
  /** Title of the annotation at the error's place, e.g. "unreadable data". */
  title?: string;
  /**
   * A second error line after the placed annotation, e.g. "The training data could not be read.".
   * Without it the annotation is the step's only error line and the step fails by its exit code.
   */
  placedSummary?: string;
}

/**
 * Ends an action's run on an error. An error with a place in the data (a `DataError`: `file`,
 * `line`, `column`) is annotated there, so the run page links to the line, and the step fails
 * (with `placedSummary` as a second line when given); any other error fails the step with its
 * message. A string second argument is the `placedSummary`.
 */
export function failStep(error: unknown, options: string | StepFailureOptions = {}): void {
  const { title, placedSummary } = typeof options === 'string' ? { placedSummary: options } : options;
  const place = error as { file?: unknown; line?: unknown; column?: unknown };
  if (error instanceof Error && typeof place.file === 'string' && typeof place.line === 'number') {
    core.error(error.message, {
      ...(title ? { title } : {}),
      file: place.file,
      startLine: place.line,
      ...(typeof place.column === 'number' ? { startColumn: place.column } : {}),
    });
    if (placedSummary) core.setFailed(placedSummary);
    else process.exitCode = core.ExitCode.Failure;
    return;
  }
  core.setFailed(error instanceof Error ? error.message : String(error));
}
