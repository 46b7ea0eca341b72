import type { GitHubClient } from '@mlops-actions/github';
import type { RepoRef } from './releases';

/** The Deployments API `task` of a model deployment (deploy-model writes it; resolve reads it). */
export const DEPLOY_MODEL_TASK = 'deploy:model';

/** A successful deployment of a model version to an environment: what "runs in" that stage. */
export interface StageDeployment {
  environment: string;
  deploymentId: number;
  version: number;
  tag: string;
  /** The model's sha256 as the deployment recorded it, when it did. */
  sha256?: string;
  createdAt: string;
}

/**
 * What runs in `environment`: the newest deployment of `modelName` (task `deploy:model`) whose
 * latest status is `success`. A newer failed or in-progress deployment does not replace it; one
 * marked `inactive` was replaced. Deployments come newest first, so paging stops at the first hit.
 */
export async function findStageDeployment(
  octokit: GitHubClient,
  repo: RepoRef,
  modelName: string,
  environment: string,
): Promise<StageDeployment | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.repos.listDeployments, {
    ...repo,
    environment,
    task: DEPLOY_MODEL_TASK,
    per_page: 100,
  });
  for await (const page of pages) {
    for (const deployment of page.data) {
      const stage = stageOf(deployment, modelName);
      if (stage && (await latestState(octokit, repo, deployment.id)) === 'success') return stage;
    }
  }
  return undefined;
}

/** Every environment's current version of `modelName` (for listings), by environment name. */
export async function listStages(
  octokit: GitHubClient,
  repo: RepoRef,
  modelName: string,
): Promise<Map<string, StageDeployment>> {
  const stages = new Map<string, StageDeployment>();
  const settled = new Set<string>();
  const pages = octokit.paginate.iterator(octokit.rest.repos.listDeployments, {
    ...repo,
    task: DEPLOY_MODEL_TASK,
    per_page: 100,
  });
  for await (const page of pages) {
    for (const deployment of page.data) {
      const stage = stageOf(deployment, modelName);
      if (!stage || settled.has(stage.environment)) continue;
      if ((await latestState(octokit, repo, deployment.id)) !== 'success') continue;
      settled.add(stage.environment);
      stages.set(stage.environment, stage);
    }
  }
  return stages;
}

interface DeploymentLike {
  id: number;
  environment: string;
  created_at: string;
  payload: unknown;
}

/** The model version a deployment carries in its payload `{ model, version, tag, sha256 }`, if it is of this model. */
function stageOf(deployment: DeploymentLike, modelName: string): StageDeployment | undefined {
  const payload = deploymentPayload(deployment.payload);
  if (payload?.['model'] !== modelName) return undefined;
  const version = Number(String(payload['version'] ?? '').replace(/^v/, ''));
  const tag = typeof payload['tag'] === 'string' ? payload['tag'] : `${modelName}@v${version}`;
  if (!Number.isInteger(version) || version < 1) return undefined;
  const sha256 = payload['sha256'];
  return {
    environment: deployment.environment,
    deploymentId: deployment.id,
    version,
    tag,
    ...(typeof sha256 === 'string' ? { sha256 } : {}),
    createdAt: deployment.created_at,
  };
}

/** GitHub returns the payload as it was given: an object, or a string (of JSON, by convention). */
export function deploymentPayload(payload: unknown): Record<string, unknown> | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** The state of a deployment's newest status (statuses come newest first), or undefined without one. */
async function latestState(octokit: GitHubClient, repo: RepoRef, deploymentId: number) {
  const { data } = await octokit.rest.repos.listDeploymentStatuses({
    ...repo,
    deployment_id: deploymentId,
    per_page: 1,
  });
  return data[0]?.state;
}
