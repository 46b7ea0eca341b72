// The expectation engine lives in @mlops-actions/stats; the action reads it through this one module.
export * from '@mlops-actions/stats';
