import { readFileSync } from 'node:fs';
import {
  DatasetProfile,
  parseEvaluation,
  type DatasetProfileJSON,
  type Evaluation,
} from '@mlops-actions/stats';

/** Reads an `evaluation.json` written by `evaluate`; errors name the file. */
export function readEvaluation(path: string): Evaluation {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `${path}: cannot read the evaluation — ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseEvaluation(text, path);
}

/** Reads a profile.json (schema-checked); errors name the file. */
export function readProfile(path: string): DatasetProfileJSON {
  try {
    return DatasetProfile.fromJSON(JSON.parse(readFileSync(path, 'utf8'))).toJSON();
  } catch (error) {
    throw new Error(`${path}: cannot read the profile — ${(error as Error).message}`);
  }
}
