import {
  driftReportDocument,
  predictionDriftSection,
  type DriftReportDocument,
  type DriftReportSources,
} from '@mlops-actions/model';
import type { PredictionCheck } from './predictions';

/** The drift report this action writes (its format is owned by `@mlops-actions/model`): with the model and run. */
export type DriftDocument = DriftReportDocument & {
  model: string;
  run: NonNullable<DriftReportDocument['run']>;
};

export function driftDocument(
  input: Omit<DriftReportSources, 'predictions' | 'modelName' | 'run'> & {
    modelName: string;
    run: DriftDocument['run'];
    predictions?: PredictionCheck;
  },
): DriftDocument {
  const { predictions, ...sources } = input;
  const document = driftReportDocument({
    ...sources,
    ...(predictions
      ? {
          predictions: predictionDriftSection(predictions.result, {
            model: predictions.model,
            referenceSource: predictions.evaluationSource,
          }),
        }
      : {}),
  });
  return { ...document, model: input.modelName, run: input.run };
}
