// The action harness is part of the workflow runner (a step that `uses:` one of our actions); tests reach it here.
export * from '@mlops-actions/workflow-runner/run-action';
