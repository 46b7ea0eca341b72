/**
 * `metadata_props` keys written by the exporter and read by the scorer. Class labels live here
 * because a tensor `label` output carries only the class index.
 */
export const METADATA = {
  /** `regression` | `binary` | `multiclass`. */
  task: 'mlops-actions:task',
  /** JSON array of class labels; `label` outputs hold indices into it and probability columns follow it. */
  classes: 'mlops-actions:classes',
  /** JSON array of the feature encodings (means, stds, categories) the graph applies. */
  features: 'mlops-actions:features',
  /**
   * JSON array of the data columns a model's one [N, D] input takes, in order. Written by our
   * exporter and readable from any model a user tags (`onnx.helper.set_model_props`).
   */
  featureNames: 'mlops-actions:feature-names',
  /** `probability` | `logit`: what a classifier's float output holds, when a user records it. */
  outputKind: 'mlops-actions:output-kind',
} as const;

/** Other keys some users and tools store the feature order under (read, never written). */
export const FEATURE_NAMES_ALIASES: readonly string[] = ['feature_names', 'features_names'];
