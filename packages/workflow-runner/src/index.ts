export {
  runWorkflow,
  WorkflowRunError,
  type EnvironmentReview,
  type JobResult,
  type MatrixLegResult,
  type RunWorkflowOptions,
  type StepResult,
  type TriggerEvent,
  type WorkflowRun,
} from './runner';
export { readWorkflowFile, WorkflowFileError, type Job, type Step, type WorkflowFile } from './workflow-file';
export {
  evaluateCondition,
  evaluateExpression,
  interpolate,
  ExpressionError,
  type EvaluationScope,
  type Value,
} from './expressions';
export { globToRegExp, hashFiles, matchesAny } from './globs';
export {
  runAction,
  repoRoot,
  type ActionResult,
  type EmulatorLike,
  type RunActionOptions,
} from './run-action';
export { actionSchemaProblems, workflowSchemaProblems, type SchemaProblem } from './github-parser';
export { expandMatrix, legName, MatrixError, type MatrixLeg } from './matrix';
