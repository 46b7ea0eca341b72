import type { EnvironmentRecord } from './records';
import type { Store } from './store';

/** Deployment environments; deploying to an unknown one creates it, as GitHub does. */

export function findEnvironment(store: Store, name: string): EnvironmentRecord | undefined {
  return store.environments.get(name.toLowerCase());
}

export function ensureEnvironment(store: Store, name: string): EnvironmentRecord {
  const existing = findEnvironment(store, name);
  if (existing) return existing;
  const now = store.now();
  const environment: EnvironmentRecord = {
    id: store.nextId(),
    name,
    wait_timer: 0,
    prevent_self_review: false,
    reviewers: [],
    deployment_branch_policy: null,
    rule_ids: {
      wait_timer: store.nextId(),
      required_reviewers: store.nextId(),
      branch_policy: store.nextId(),
    },
    created_at: now,
    updated_at: now,
  };
  store.environments.set(name.toLowerCase(), environment);
  return environment;
}
