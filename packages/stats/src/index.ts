// Sketches and profiles: mergeable summaries of a stream, and the dataset profile built from them.
export * from './sketches/index';
export * from './profiles/index';
export { Xoshiro128, deriveSeed } from './metrics/numerics/seeded-random';

// Evaluation: metrics with scikit-learn's definitions, paired comparisons, and evaluation.json.
export * from './metrics/index';
export * from './evaluation/index';

// Data validation: Great Expectations-style suites, one streaming pass.
export * from './expectations/index';

// Drift: Evidently's default tests per column, from profiles.
export * from './drift/index';
