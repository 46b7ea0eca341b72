import { readFileSync } from 'node:fs';
import { parseEvaluation, type Evaluation } from '@mlops-actions/stats';

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
