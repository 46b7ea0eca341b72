import { severityOf } from './engine';
import type { Severity, ValidationResult } from './engine';

/** At most this many row-level annotations: enough to find the problem, not enough to bury the run page. */
export const ANNOTATION_LIMIT = 10;

export interface CellAnnotation {
  severity: Severity;
  title: string;
  message: string;
  file: string;
  line: number;
}

/** One annotation per unexpected cell, in suite order, for the first ANNOTATION_LIMIT of them. */
export function cellAnnotations(report: ValidationResult): CellAnnotation[] {
  const annotations: CellAnnotation[] = [];
  for (const result of report.results) {
    if (result.success) continue;
    const places = result.result['partial_unexpected_places'] as { file: string; line: number }[] | undefined;
    const values = result.result['partial_unexpected_list'] as unknown[] | undefined;
    const { expectation_type: type, kwargs } = result.expectation_config;
    for (const [i, place] of (places ?? []).entries()) {
      if (annotations.length >= ANNOTATION_LIMIT) return annotations;
      annotations.push({
        severity: severityOf(result.expectation_config),
        title: type,
        message: `${String(kwargs['column'])}: unexpected value ${JSON.stringify(values?.[i] ?? null)} (${type})`,
        ...place,
      });
    }
  }
  return annotations;
}
