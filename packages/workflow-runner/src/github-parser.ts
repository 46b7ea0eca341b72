import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';

/**
 * GitHub's own reading of workflow files and action manifests (`@actions/workflow-parser`, the
 * parser behind the Actions language service), checked against its schemas. What it refuses,
 * GitHub would refuse; what we run is therefore first a valid workflow on GitHub.
 */

export interface SchemaProblem {
  message: string;
  line: number | undefined;
  column: number | undefined;
}

type Parsed = ReturnType<typeof parseWorkflow>;

function problems(result: Parsed): SchemaProblem[] {
  return result.context.errors.getErrors().map((error) => ({
    message: error.message,
    line: error.range?.start.line,
    column: error.range?.start.column,
  }));
}

/** Problems GitHub's workflow schema finds in a workflow file (empty when it is valid). */
export function workflowSchemaProblems(name: string, content: string): SchemaProblem[] {
  return problems(parseWorkflow({ name, content }, new NoOperationTraceWriter()));
}

/** Problems GitHub's action schema finds in an action.yml (empty when it is valid). */
export function actionSchemaProblems(name: string, content: string): SchemaProblem[] {
  return problems(parseAction({ name, content }, new NoOperationTraceWriter()));
}
