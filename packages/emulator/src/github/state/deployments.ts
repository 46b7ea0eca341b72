import { unprocessable } from '../errors';
import { ensureEnvironment } from './environments';
import type { DeploymentRecord, DeploymentStatusRecord, UserRecord } from './records';
import { resolveCommitish } from './repo-git';
import type { Store } from './store';

/** Deployments and their statuses, with GitHub's auto-inactive and delete rules. */

export interface DeploymentInput {
  ref: string;
  task?: string;
  payload?: Record<string, unknown> | string;
  environment?: string;
  description?: string | null;
  auto_merge?: boolean;
  required_contexts?: string[];
  transient_environment?: boolean;
  production_environment?: boolean;
  creator: UserRecord;
}

export function createDeployment(store: Store, input: DeploymentInput): DeploymentRecord {
  const sha = resolveCommitish(store, input.ref);
  if (!sha) throw unprocessable(`No ref found for: ${input.ref}`);
  const environment = input.environment ?? 'production';
  ensureEnvironment(store, environment);
  const now = store.now();
  const deployment: DeploymentRecord = {
    id: store.nextId(),
    sha,
    ref: input.ref,
    task: input.task ?? 'deploy',
    payload: input.payload ?? {},
    original_environment: environment,
    environment,
    description: input.description ?? '',
    creator: input.creator,
    auto_merge: input.auto_merge ?? true,
    required_contexts: input.required_contexts,
    transient_environment: input.transient_environment ?? false,
    production_environment: input.production_environment ?? environment === 'production',
    created_at: now,
    updated_at: now,
    statuses: [],
  };
  store.deployments.set(deployment.id, deployment);
  return deployment;
}

export interface StatusInput {
  state: DeploymentStatusRecord['state'];
  log_url?: string;
  environment_url?: string;
  description?: string;
  environment?: string;
  auto_inactive?: boolean;
  creator: UserRecord;
}

export function createDeploymentStatus(
  store: Store,
  deployment: DeploymentRecord,
  input: StatusInput,
): DeploymentStatusRecord {
  if (input.environment !== undefined && input.environment !== deployment.environment) {
    // A status may move its deployment to another environment.
    deployment.environment = input.environment;
    ensureEnvironment(store, input.environment);
  }
  const status = newStatus(store, deployment, input);
  // auto_inactive (default true): a new success marks earlier successful deployments to the same
  // environment inactive, except transient or production ones, as GitHub documents.
  if (input.state === 'success' && (input.auto_inactive ?? true)) {
    for (const other of store.deployments.values()) {
      if (other.id === deployment.id || other.environment !== deployment.environment) continue;
      if (other.transient_environment || other.production_environment) continue;
      if (other.statuses.at(-1)?.state !== 'success') continue;
      newStatus(store, other, { state: 'inactive', creator: input.creator });
    }
  }
  return status;
}

function newStatus(store: Store, deployment: DeploymentRecord, input: StatusInput): DeploymentStatusRecord {
  const now = store.now();
  const status: DeploymentStatusRecord = {
    id: store.nextId(),
    deployment_id: deployment.id,
    state: input.state,
    creator: input.creator,
    description: input.description ?? '',
    environment: deployment.environment,
    log_url: input.log_url ?? '',
    environment_url: input.environment_url ?? '',
    created_at: now,
    updated_at: now,
  };
  deployment.statuses.push(status);
  deployment.updated_at = now;
  return status;
}

/** Only inactive deployments can be deleted, unless it is the environment's only one. */
export function deleteDeployment(store: Store, deployment: DeploymentRecord): void {
  const inEnvironment = [...store.deployments.values()].filter(
    (d) => d.environment === deployment.environment,
  );
  const active = deployment.statuses.at(-1)?.state !== 'inactive';
  if (active && inEnvironment.length > 1) {
    throw unprocessable(
      'We cannot delete an active deployment unless it is the only deployment in a given environment.',
    );
  }
  store.deployments.delete(deployment.id);
}
