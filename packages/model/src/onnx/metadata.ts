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
} as const;
