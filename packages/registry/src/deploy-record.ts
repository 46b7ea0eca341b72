import type { GitHubClient } from '@mlops-actions/github';
import type { RepoRef } from './releases';
import { DEPLOY_MODEL_TASK } from './stages';

/** What a model deployment carries: `stages.ts` reads `model`, `version`, `tag` and `sha256` back. */
export interface DeploymentPayload {
  model: string;
  version: number;
  tag: string;
  /** Absent only when the model could not be verified (the deployment then fails at once). */
  sha256?: string;
  /** Logins that approved the run's environment review, when the token could read them. */
  approvedBy?: string[];
  /** Set on the deployment that puts a previous version back after a failure. */
  rollbackOf?: number;
}

export interface DeploymentLinks {
  logUrl?: string;
  environmentUrl?: string;
}

/** GitHub refuses deployment descriptions over 140 characters. */
const DESCRIPTION_LIMIT = 140;

/**
 * Creates the `deploy:model` deployment of a version at its tag. Status checks are skipped
 * (`required_contexts: []`) and no merge is attempted: the tag already names the exact commit.
 */
export async function createModelDeployment(
  octokit: GitHubClient,
  repo: RepoRef,
  request: { environment: string; payload: DeploymentPayload; description: string },
): Promise<number> {
  const { data } = await octokit.rest.repos.createDeployment({
    ...repo,
    ref: request.payload.tag,
    environment: request.environment,
    task: DEPLOY_MODEL_TASK,
    payload: { ...request.payload },
    auto_merge: false,
    required_contexts: [],
    production_environment: request.environment === 'production',
    description: shorten(request.description),
  });
  // A 202 (merge in progress) cannot happen with auto_merge off; the type still allows it.
  if (!('id' in data)) throw new Error(`GitHub did not create the deployment of ${request.payload.tag}.`);
  return data.id;
}

/** Adds a status; `success` makes the deployment what runs in its environment. */
export async function setDeploymentState(
  octokit: GitHubClient,
  repo: RepoRef,
  deploymentId: number,
  state: 'in_progress' | 'success' | 'failure',
  description: string,
  links: DeploymentLinks = {},
): Promise<void> {
  await octokit.rest.repos.createDeploymentStatus({
    ...repo,
    deployment_id: deploymentId,
    state,
    description: shorten(description),
    ...(links.logUrl ? { log_url: links.logUrl } : {}),
    ...(links.environmentUrl ? { environment_url: links.environmentUrl } : {}),
  });
}

function shorten(text: string): string {
  return text.length <= DESCRIPTION_LIMIT ? text : `${text.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}
