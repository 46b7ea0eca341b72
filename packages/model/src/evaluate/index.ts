export { evaluateModel } from './evaluate-model';
export type { EvaluateModelOptions } from './evaluate-model';
