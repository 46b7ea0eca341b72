import { NO_BLIND_RETRY, writeOnce, type GitHubClient } from '@mlops-actions/github';
import type { RepoRef } from './releases';
import { DEPLOY_MODEL_TASK, deploymentPayload } from './stages';

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
  /** The workflow run and attempt that made it: a lost reply and a re-run find it by these. */
  runId?: number;
  runAttempt?: number;
}

/** The states that end a deployment; one without any of them is still going, or was abandoned. */
export const FINAL_DEPLOYMENT_STATES: readonly string[] = ['success', 'failure', 'error', 'inactive'];

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
  const payload = { ...request.payload };
  const { value: id } = await writeOnce(octokit, {
    write: async () => {
      const { data } = await octokit.rest.repos.createDeployment({
        ...repo,
        ref: request.payload.tag,
        environment: request.environment,
        task: DEPLOY_MODEL_TASK,
        payload,
        auto_merge: false,
        required_contexts: [],
        production_environment: request.environment === 'production',
        description: shorten(request.description),
        request: NO_BLIND_RETRY,
      });
      // A 202 (merge in progress) cannot happen with auto_merge off; the type still allows it.
      if (!('id' in data)) throw new Error(`GitHub did not create the deployment of ${request.payload.tag}.`);
      return data.id;
    },
    // What a lost reply made: the newest deployment with exactly this payload (run id included) and no status yet.
    find: async () => {
      const { data } = await octokit.rest.repos.listDeployments({
        ...repo,
        environment: request.environment,
        task: DEPLOY_MODEL_TASK,
        ref: request.payload.tag,
        per_page: 30,
      });
      for (const deployment of data) {
        if (!samePayload(deployment.payload, payload)) continue;
        if ((await listStatuses(octokit, repo, deployment.id)).length === 0) return deployment.id;
      }
      return undefined;
    },
  });
  return id;
}

/** Adds a status; `success` makes the deployment what runs in its environment. */
export async function setDeploymentState(
  octokit: GitHubClient,
  repo: RepoRef,
  deploymentId: number,
  state: 'in_progress' | 'success' | 'failure' | 'error',
  description: string,
  links: DeploymentLinks = {},
): Promise<void> {
  const text = shorten(description);
  await writeOnce(octokit, {
    write: async () =>
      (
        await octokit.rest.repos.createDeploymentStatus({
          ...repo,
          deployment_id: deploymentId,
          state,
          description: text,
          ...(links.logUrl ? { log_url: links.logUrl } : {}),
          ...(links.environmentUrl ? { environment_url: links.environmentUrl } : {}),
          request: NO_BLIND_RETRY,
        })
      ).data,
    // A status whose reply was lost is the newest one, with this state and text.
    find: async () => {
      const [newest] = await listStatuses(octokit, repo, deploymentId);
      return newest && newest.state === state && newest.description === text ? newest : undefined;
    },
  });
}

/** A deployment's statuses, newest first (the first page is all a check needs). */
export async function listStatuses(octokit: GitHubClient, repo: RepoRef, deploymentId: number) {
  const { data } = await octokit.rest.repos.listDeploymentStatuses({
    ...repo,
    deployment_id: deploymentId,
    per_page: 30,
  });
  return data;
}

function samePayload(stored: unknown, sent: object): boolean {
  const found = deploymentPayload(stored);
  return found !== undefined && canonical(found) === canonical(sent);
}

function canonical(value: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b))));
}

function shorten(text: string): string {
  return text.length <= DESCRIPTION_LIMIT ? text : `${text.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}
