import { ColumnProfile, type ColumnProfileJSON } from '../profiles/column-profile';
import { EVALUATION_SCHEMA, EVALUATION_SCHEMA_VERSION, type Evaluation } from './evaluation';
import { PREDICTION_COLUMN, type PredictionProfile } from './prediction-profile';

/**
 * Reads `evaluation.json` text, checking the schema and version and the fields readers rely on.
 * `source` (a file path) starts every error message.
 */
export function parseEvaluation(text: string, source: string): Evaluation {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON — ${(error as Error).message}`);
  }
  const doc = raw as Partial<Evaluation> & Record<string, unknown>;
  if (doc === null || typeof doc !== 'object' || doc.schema !== EVALUATION_SCHEMA) {
    throw new Error(
      `${source}: not an evaluation (expected "schema": "${EVALUATION_SCHEMA}") — give the file written by evaluate.`,
    );
  }
  if (doc.schemaVersion !== EVALUATION_SCHEMA_VERSION) {
    throw new Error(
      `${source}: evaluation schema version ${String(doc.schemaVersion)}, but this release reads version ${EVALUATION_SCHEMA_VERSION} — use matching versions of evaluate and this action.`,
    );
  }
  if (typeof doc.model?.name !== 'string' || doc.model.name === '')
    throw new Error(`${source}: "model.name" is missing.`);
  // The file may come from another workflow's artifact: check every field a reader renders.
  if (!['binary', 'multiclass', 'regression'].includes(doc.task as string)) {
    throw new Error(`${source}: "task" must be binary, multiclass or regression.`);
  }
  if (typeof doc.rows !== 'number') throw new Error(`${source}: "rows" must be a number.`);
  const test = doc.pairedTest;
  if (
    test !== undefined &&
    (!['mcnemar', 'wilcoxon'].includes(test.test) ||
      typeof test.pValue !== 'number' ||
      typeof test.statistic !== 'number' ||
      (test.candidateOnly !== undefined && typeof test.candidateOnly !== 'number') ||
      (test.baselineOnly !== undefined && typeof test.baselineOnly !== 'number'))
  ) {
    throw new Error(`${source}: "pairedTest" is malformed.`);
  }
  for (const [index, gate] of (doc.gates ?? []).entries()) {
    if (
      typeof gate?.metric !== 'string' ||
      !['min', 'max', 'max-regression', 'max-relative-regression'].includes(gate.rule) ||
      typeof gate.limit !== 'number' ||
      typeof gate.passed !== 'boolean'
    ) {
      throw new Error(`${source}: gates[${index}] is malformed.`);
    }
  }
  if (!Array.isArray(doc.metrics)) throw new Error(`${source}: "metrics" must be a list.`);
  doc.metrics.forEach((metric, index) => {
    if (typeof metric?.name !== 'string' || typeof metric.candidate !== 'number') {
      throw new Error(`${source}: metrics[${index}] needs a "name" and a numeric "candidate".`);
    }
  });
  const bootstrap = doc.bootstrap;
  if (
    bootstrap !== undefined &&
    (bootstrap === null ||
      typeof bootstrap.resamples !== 'number' ||
      typeof bootstrap.confidence !== 'number' ||
      typeof bootstrap.seed !== 'number' ||
      (bootstrap.method !== undefined && !['poisson', 'multinomial'].includes(bootstrap.method)))
  ) {
    throw new Error(
      `${source}: "bootstrap" is malformed (resamples, confidence, seed; method poisson or multinomial).`,
    );
  }
  if (doc.predictions !== undefined) parsePredictionProfile(doc.predictions, `${source}: "predictions"`);
  return { gates: [], slices: [], passed: true, ...doc } as Evaluation;
}

const KIND_OF_OUTPUT = { score: 'numeric', value: 'numeric', class: 'categorical' } as const;

/**
 * Checks evaluation.json's optional `predictions` block (see `PredictionProfile`): a known output, the
 * column kind that output has, classes as strings, and a column profile that reads back. `where` starts
 * every error message.
 */
export function parsePredictionProfile(raw: unknown, where: string): PredictionProfile {
  const block = raw as Partial<PredictionProfile> | null;
  if (block === null || typeof block !== 'object' || Array.isArray(block))
    throw new Error(`${where} must be an object with "output" and "profile".`);
  const kind = KIND_OF_OUTPUT[block.output as keyof typeof KIND_OF_OUTPUT];
  if (!kind) throw new Error(`${where}.output must be score, class or value.`);
  if (block.positiveClass !== undefined && typeof block.positiveClass !== 'string')
    throw new Error(`${where}.positiveClass must be a string.`);
  if (
    block.classes !== undefined &&
    !(Array.isArray(block.classes) && block.classes.every((label) => typeof label === 'string'))
  )
    throw new Error(`${where}.classes must be a list of strings.`);
  const profile = block.profile;
  if (profile === null || typeof profile !== 'object' || typeof profile.count !== 'number')
    throw new Error(`${where}.profile must be a column profile with a "count".`);
  if (profile.kind !== kind)
    throw new Error(
      `${where}.profile is ${String(profile.kind)}, but ${block.output} predictions are profiled as ${kind}.`,
    );
  readColumn(profile, `${where}.profile`);
  if (block.probabilities !== undefined) {
    const { probabilities, classes } = block;
    if (block.output !== 'class' || !Array.isArray(probabilities))
      throw new Error(`${where}.probabilities must be a list, and only of class predictions.`);
    if (classes !== undefined && probabilities.length !== classes.length)
      throw new Error(
        `${where}.probabilities has ${probabilities.length} columns for ${classes.length} classes: one per class, in their order.`,
      );
    probabilities.forEach((column, index) => {
      const at = `${where}.probabilities[${index}]`;
      if (column === null || typeof column !== 'object' || column.kind !== 'numeric')
        throw new Error(`${at} must be a numeric column profile.`);
      readColumn(column, at);
    });
  }
  return block as PredictionProfile;
}

function readColumn(profile: ColumnProfileJSON, where: string): void {
  try {
    ColumnProfile.fromJSON(PREDICTION_COLUMN, profile);
  } catch (error) {
    throw new Error(`${where} is malformed — ${(error as Error).message}`);
  }
}
