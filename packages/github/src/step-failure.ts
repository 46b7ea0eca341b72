import * as core from '@actions/core';

/**
 * Ends an action's run on an error. An error with a place in the data (a `DataError`: `file`,
 * `line`, `column`) is annotated there, so the run page links to the line, and the step fails with
 * `placedSummary`; any other error fails the step with its message.
 */
export function failStep(error: unknown, placedSummary: string): void {
  const place = error as { file?: unknown; line?: unknown; column?: unknown };
  if (error instanceof Error && typeof place.file === 'string' && typeof place.line === 'number') {
    core.error(error.message, {
      file: place.file,
      startLine: place.line,
      ...(typeof place.column === 'number' ? { startColumn: place.column } : {}),
    });
    core.setFailed(placedSummary);
    return;
  }
  core.setFailed(error instanceof Error ? error.message : String(error));
}
