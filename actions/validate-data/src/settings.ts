import * as core from '@actions/core';
import { isFailOn, type FailOn } from './engine';

/** The action's inputs, read and checked once. */
export interface Settings {
  dataPatterns: string[];
  expectationsPath?: string;
  inferFrom: string[];
  writeExpectations?: string;
  failOn: FailOn;
  reportPath: string;
}

export function readSettings(): Settings {
  const dataPatterns = core.getMultilineInput('data');
  const expectationsPath = core.getInput('expectations') || undefined;
  const inferFrom = core.getMultilineInput('infer-from');
  const writeExpectations = core.getInput('write-expectations') || undefined;
  const failOn = core.getInput('fail-on') || 'error';
  const reportPath = core.getInput('report') || 'validation-report.json';
  if (expectationsPath && inferFrom.length > 0)
    throw new Error(
      'Give either `expectations` (a suite) or `infer-from` (reference data to infer one from), not both.',
    );
  if (!expectationsPath && inferFrom.length === 0)
    throw new Error(
      'Input `expectations` is empty: give a suite file, or `infer-from` reference data to infer one.',
    );
  if (writeExpectations && inferFrom.length === 0)
    throw new Error(
      'Input `write-expectations` needs `infer-from`: it is where the inferred suite is written.',
    );
  if (dataPatterns.length === 0 && !writeExpectations)
    throw new Error('Input `data` is empty: give the files to validate (paths or globs, one per line).');
  if (!isFailOn(failOn)) throw new Error(`Input \`fail-on\` is "${failOn}": use error, warning or never.`);
  return {
    dataPatterns,
    ...(expectationsPath ? { expectationsPath } : {}),
    inferFrom,
    ...(writeExpectations ? { writeExpectations } : {}),
    failOn,
    reportPath,
  };
}
