import { parseRunRecord, type RunRecord } from '@mlops-actions/model/run-record';
import { readDocumentText } from '@mlops-actions/registry';
import { parseEvaluation, type Evaluation } from '@mlops-actions/stats';
import type { Settings } from './settings';

/** run.json and evaluation.json, read by their owners' parsers before anything is published. */
export async function readDocuments(
  settings: Settings,
): Promise<{ runRecord?: RunRecord; evaluation?: Evaluation }> {
  const { runRecord } = settings;
  const { evaluation } = settings.files;
  return {
    ...(runRecord
      ? { runRecord: parseRunRecord(await readDocumentText(runRecord, 'run record'), runRecord) }
      : {}),
    ...(evaluation
      ? { evaluation: parseEvaluation(await readDocumentText(evaluation, 'evaluation'), evaluation) }
      : {}),
  };
}
