import { readColumns } from '@mlops-actions/data';
import {
  profilePredictedClasses,
  profilePredictions,
  type PredictionOutput,
  type PredictionProfile,
} from '@mlops-actions/stats';
import { loadModel, type LoadModelOptions, type Scores, type ScoringSpec } from '../scoring/index';
import { modelInputs, oneRowAtATimeNotice, scoreTable } from './model-inputs';

export interface ProfileModelPredictionsOptions {
  /** The ONNX model file. */
  model: string;
  /** Data to score: paths, directories or globs read as one dataset. */
  data: readonly string[];
  /** How to get onnxruntime: the installed module or the fetched runtime's location. */
  runtime: Pick<LoadModelOptions, 'ort' | 'runtime'>;
  /** How to score the model where it does not say (features, output kind, classes). */
  scoring?: ScoringSpec;
  /**
   * The reference predictions (an evaluation's `predictions`): the current ones are profiled as the same
   * output (the same positive class's score, or classes) and with its histogram edges.
   */
  reference?: PredictionProfile;
  log?: (line: string) => void;
}

export interface ModelPredictions {
  profile: PredictionProfile;
  rows: number;
}

/**
 * Scores data with a model and profiles its predictions as `evaluate` does for evaluation.json's
 * `predictions`: the positive class's score for two classes, the predicted class and each class's
 * probability for more, the value for a regressor — or, given a reference, the output the reference holds.
 */
export async function profileModelPredictions(
  options: ProfileModelPredictionsOptions,
): Promise<ModelPredictions> {
  const scoring = options.scoring ?? {};
  const model = await loadModel(options.model, {
    ...options.runtime,
    outputs: {
      ...(scoring.outputKind ? { outputKind: scoring.outputKind } : {}),
      ...(scoring.classes ? { classes: scoring.classes } : {}),
    },
  });
  try {
    const inputs = await modelInputs(model, scoring.features, options.data);
    const table = await readColumns(options.data, inputs.columns);
    if (table.rows === 0) throw new Error(`${options.data.join(', ')}: no data rows to score.`);
    const notice = oneRowAtATimeNotice(model);
    if (notice) options.log?.(notice);
    const scores = await scoreTable(model, table, inputs, options.model);
    options.log?.(`Scored ${table.rows.toLocaleString('en-US')} rows with ${options.model}.`);
    return { profile: profileScores(scores, options.model, options.reference), rows: table.rows };
  } finally {
    await model.release();
  }
}

function profileScores(
  scores: Scores,
  source: string,
  reference: PredictionProfile | undefined,
): PredictionProfile {
  const edges = reference ? { reference } : {};
  if (scores.task === 'regression')
    return profilePredictions({ task: 'regression', values: scores.predictions }, edges);
  const classes = scores.classes.map(String);
  const k = classes.length;
  const output: PredictionOutput = reference?.output ?? (k === 2 ? 'score' : 'class');
  if (output === 'score' && k === 2) {
    if (!scores.probabilities)
      throw new Error(`${source}: the model outputs no class probabilities, so it has no scores to profile.`);
    // The reference's positive class when the model has it; a different one is reported by the drift check.
    const found = classes.indexOf(reference?.positiveClass ?? classes[1]!);
    const positive = found < 0 ? 1 : found;
    const values = new Float64Array(scores.rows);
    for (let row = 0; row < scores.rows; row++) values[row] = scores.probabilities[row * k + positive]!;
    return profilePredictions(
      { task: 'binary', scores: values },
      { ...edges, classes: [classes[1 - positive]!, classes[positive]!] },
    );
  }
  if (scores.probabilities) {
    const rows = Array.from({ length: scores.rows }, (_, row) =>
      scores.probabilities!.subarray(row * k, (row + 1) * k),
    );
    return profilePredictions({ task: 'multiclass', probabilities: rows }, { ...edges, classes });
  }
  return profilePredictedClasses(
    Array.from(scores.labels, (index) => classes[index]!),
    { ...edges, classes },
  );
}
