import { join } from 'node:path';
import type { GitHubClient } from '@mlops-actions/github';
import { readRunApprovers } from './deploy-approvals';
import { readGateVerdict, type ReadEvaluation } from './deploy-gate';
import {
  createModelDeployment,
  FINAL_DEPLOYMENT_STATES,
  listStatuses,
  setDeploymentState,
  type DeploymentPayload,
} from './deploy-record';
import { checkModelName, versionTag } from './naming';
import { listModelReleases, type ModelRelease, type RepoRef } from './releases';
import { resolveModelVersion, type ResolvedVersion, type VersionSelector } from './resolve';
import { DEPLOY_MODEL_TASK, findStageDeployment, type StageDeployment, deploymentPayload } from './stages';

/** Where a verified version goes: the only step that differs between `release`, `command` and `http`. */
export interface DeployTarget {
  /** Puts the version in service; throws when it could not. `url` becomes the environment URL. */
  deploy(version: ResolvedVersion): Promise<{ url?: string }>;
}

export interface DeployRequest extends RepoRef {
  modelName: string;
  selector: VersionSelector;
  environment: string;
  allowFailedGate: boolean;
  rollbackOnFailure: boolean;
  /** Reads the version's evaluation.json for its gate verdict: pass the stats package's `parseEvaluation`. */
  readEvaluation: ReadEvaluation;
  /** The workflow run whose environment approvals are recorded; deployments carry it in their payload. */
  runId?: number;
  /** The run's attempt (GITHUB_RUN_ATTEMPT): a re-run closes what an earlier attempt left open. */
  runAttempt?: number;
  /** Link on every status (the run's log). */
  logUrl?: string;
  /** Versions are downloaded under `<workDir>/<tag>/`. */
  workDir: string;
  log?: (line: string) => void;
  warn?: (line: string) => void;
}

export interface Rollback {
  deploymentId: number;
  tag: string;
  succeeded: boolean;
  error?: string;
}

export interface DeployOutcome {
  deploymentId: number;
  resolved: ResolvedVersion;
  /** What ran in the environment before. */
  previous?: StageDeployment;
  approvers: string[];
  url?: string;
}

/** A deployment that did not happen, with what was recorded about it. */
export class DeployFailure extends Error {
  constructor(
    message: string,
    readonly deploymentId: number | undefined,
    readonly previous: StageDeployment | undefined,
    readonly rollback?: Rollback,
  ) {
    super(message);
  }
}

/**
 * Deploys a version and records it as a `deploy:model` GitHub Deployment: resolve and verify the
 * model (sha256 against lineage.json), check its evaluation gate, hand it to the target, then mark
 * the deployment `success` — only then does it become what runs in the environment. Every
 * failure after the version is known is recorded as a `failure` status; with `rollbackOnFailure`,
 * a failure of the target puts the previous version back through the same target.
 */
export async function deployModel(
  octokit: GitHubClient,
  request: DeployRequest,
  target: DeployTarget,
): Promise<DeployOutcome> {
  const { environment } = request;
  const repoRef = repoOf(request);
  const log = request.log ?? (() => undefined);
  checkModelName(request.modelName);
  const release = await findRelease(octokit, request);
  const previous = await findStageDeployment(octokit, repoRef, request.modelName, environment);
  log(previous ? `${environment} runs ${previous.tag} now.` : `Nothing runs in ${environment} yet.`);
  const approvers = await approversOf(octokit, request);
  const links = { ...(request.logUrl ? { logUrl: request.logUrl } : {}) };
  await closeAbandoned(octokit, request, links);
  const identity = {
    model: request.modelName,
    version: release.version,
    tag: release.tag,
    ...runOf(request),
  };
  const approval = approvers.length ? ` — approved by ${approvers.map((a) => `@${a}`).join(', ')}` : '';
  const withApprovers = approvers.length ? { approvedBy: approvers } : {};

  let resolved: ResolvedVersion;
  try {
    resolved = await resolveVersion(octokit, request, release.version);
  } catch (error) {
    // The model could not be verified: record the attempt without a sha256, and fail it.
    const message = (error as Error).message;
    const id = await createModelDeployment(octokit, repoRef, {
      environment,
      payload: { ...identity, ...withApprovers },
      description: `Deploy ${release.tag}${approval}`,
    });
    await setDeploymentState(octokit, repoRef, id, 'failure', message, links);
    throw new DeployFailure(message, id, previous);
  }

  const deploymentId = await createModelDeployment(octokit, repoRef, {
    environment,
    payload: { ...identity, sha256: resolved.sha256, ...withApprovers },
    description: `Deploy ${release.tag} (sha256 ${resolved.sha256.slice(0, 12)})${approval}`,
  });
  try {
    return await finishDeployment(octokit, request, target, {
      release,
      resolved,
      deploymentId,
      previous,
      approvers,
    });
  } catch (error) {
    if (error instanceof DeployFailure) throw error;
    // GitHub kept failing mid-way: never leave the deployment without a final status.
    const message = `Deployment stopped: ${(error as Error).message}`;
    await setDeploymentState(octokit, repoRef, deploymentId, 'error', message, links).catch(() => undefined);
    throw error;
  }
}

/** From a created deployment to its final status: gate, target, success — or failure, with a rollback. */
async function finishDeployment(
  octokit: GitHubClient,
  request: DeployRequest,
  target: DeployTarget,
  started: {
    release: ModelRelease;
    resolved: ResolvedVersion;
    deploymentId: number;
    previous: StageDeployment | undefined;
    approvers: string[];
  },
): Promise<DeployOutcome> {
  const { release, resolved, deploymentId, previous, approvers } = started;
  const { environment } = request;
  const repoRef = repoOf(request);
  const log = request.log ?? (() => undefined);
  const links = { ...(request.logUrl ? { logUrl: request.logUrl } : {}) };
  const approval = approvers.length ? ` — approved by ${approvers.map((a) => `@${a}`).join(', ')}` : '';
  const fail = async (message: string, rollback?: Rollback): Promise<never> => {
    await setDeploymentState(octokit, repoRef, deploymentId, 'failure', message, links);
    throw new DeployFailure(message, deploymentId, previous, rollback);
  };

  const verdict = await readGateVerdict(
    octokit,
    repoRef,
    release,
    resolved.lineage,
    request.readEvaluation,
  ).catch((error: Error) => fail(error.message));
  if (verdict.passed !== true && !request.allowFailedGate) {
    const why = verdict.passed === false ? 'failed its quality gates' : 'has no evaluation verdict';
    await fail(
      `${release.tag} ${why} (${verdict.source}); not deployed. Set allow-failed-gate: true to deploy it anyway.`,
    );
  }
  if (verdict.passed !== true)
    request.warn?.(`${release.tag}: deploying despite the gate (allow-failed-gate).`);

  await setDeploymentState(octokit, repoRef, deploymentId, 'in_progress', `Deploying ${release.tag}`, links);
  let url: string | undefined;
  try {
    url = (await target.deploy(resolved)).url;
  } catch (error) {
    const message = `Deploying ${release.tag} to ${environment} failed: ${(error as Error).message}`;
    const rollback =
      request.rollbackOnFailure && previous && previous.version !== release.version
        ? await rollBack(octokit, request, target, previous, deploymentId)
        : undefined;
    return fail(message, rollback);
  }
  await setDeploymentState(octokit, repoRef, deploymentId, 'success', `${release.tag} deployed${approval}`, {
    ...links,
    ...(url ? { environmentUrl: url } : {}),
  });
  log(`${release.tag} now runs in ${environment} (deployment ${deploymentId}).`);
  return { deploymentId, resolved, ...(previous ? { previous } : {}), approvers, ...(url ? { url } : {}) };
}

/** The release the selector names; an unknown version is an error before anything is recorded. */
async function findRelease(octokit: GitHubClient, request: DeployRequest): Promise<ModelRelease> {
  const { modelName, selector } = request;
  const releases = (await listModelReleases(octokit, repoOf(request), modelName)).filter((r) => !r.draft);
  let wanted: number | undefined;
  if (selector.kind === 'latest') wanted = releases[0]?.version;
  else if (selector.kind === 'number') wanted = selector.version;
  else {
    // `stage:staging` promotes what runs there.
    const stage = await findStageDeployment(octokit, repoOf(request), modelName, selector.environment);
    if (!stage) throw new Error(`No version of "${modelName}" runs in "${selector.environment}" to promote.`);
    wanted = stage.version;
  }
  const release = releases.find((r) => r.version === wanted);
  if (release) return release;
  const known = releases.map((r) => `v${r.version}`).join(', ');
  throw new Error(
    wanted === undefined
      ? `Model "${modelName}" has no versions yet: register one with register-model.`
      : `Unknown version ${versionTag(modelName, wanted)}: ${known ? `the versions of "${modelName}" are ${known}` : `model "${modelName}" has no versions yet`}.`,
  );
}

function resolveVersion(octokit: GitHubClient, request: DeployRequest, version: number) {
  const dir = join(request.workDir, versionTag(request.modelName, version));
  return resolveModelVersion(octokit, {
    owner: request.owner,
    repo: request.repo,
    modelName: request.modelName,
    selector: { kind: 'number', version },
    path: join(dir, 'model.onnx'),
    lineagePath: join(dir, 'lineage.json'),
    ...(request.log ? { log: request.log } : {}),
  });
}

/** Approvals need `actions: read`; without them the deployment still goes ahead, with a warning. */
async function approversOf(octokit: GitHubClient, request: DeployRequest): Promise<string[]> {
  if (!request.runId) return [];
  try {
    return await readRunApprovers(octokit, repoOf(request), request.runId, request.environment);
  } catch (error) {
    request.warn?.(
      `Could not read the approvals of run ${request.runId} (${(error as Error).message}); the deployment records no approvers — does the token have actions: read?`,
    );
    return [];
  }
}

/** A new deployment of the previous version, through the same target, marked success when it is back. */
async function rollBack(
  octokit: GitHubClient,
  request: DeployRequest,
  target: DeployTarget,
  previous: StageDeployment,
  failedDeploymentId: number,
): Promise<Rollback> {
  const repoRef = repoOf(request);
  const links = request.logUrl ? { logUrl: request.logUrl } : {};
  request.log?.(`Rolling back to ${previous.tag}.`);
  const payload: DeploymentPayload = {
    model: request.modelName,
    version: previous.version,
    tag: previous.tag,
    ...(previous.sha256 ? { sha256: previous.sha256 } : {}),
    rollbackOf: failedDeploymentId,
    ...runOf(request),
  };
  const deploymentId = await createModelDeployment(octokit, repoRef, {
    environment: request.environment,
    payload,
    description: `Roll back to ${previous.tag} after deployment ${failedDeploymentId} failed`,
  });
  try {
    await setDeploymentState(
      octokit,
      repoRef,
      deploymentId,
      'in_progress',
      `Rolling back to ${previous.tag}`,
      links,
    );
    const resolved = await resolveVersion(octokit, request, previous.version);
    const { url } = await target.deploy(resolved);
    await setDeploymentState(octokit, repoRef, deploymentId, 'success', `Rolled back to ${previous.tag}`, {
      ...links,
      ...(url ? { environmentUrl: url } : {}),
    });
    return { deploymentId, tag: previous.tag, succeeded: true };
  } catch (error) {
    const message = (error as Error).message;
    await setDeploymentState(octokit, repoRef, deploymentId, 'failure', `Rollback failed: ${message}`, links);
    return { deploymentId, tag: previous.tag, succeeded: false, error: message };
  }
}

/** The run fields of a deployment's payload. */
function runOf(request: DeployRequest): Pick<DeploymentPayload, 'runId' | 'runAttempt'> {
  return {
    ...(request.runId ? { runId: request.runId } : {}),
    ...(request.runId && request.runAttempt !== undefined ? { runAttempt: request.runAttempt } : {}),
  };
}

/**
 * Marks `error` the deployments an earlier attempt of this run created and left without a final
 * status (it crashed, or GitHub failed its status writes), so none stays "in progress" forever.
 */
async function closeAbandoned(
  octokit: GitHubClient,
  request: DeployRequest,
  links: { logUrl?: string },
): Promise<void> {
  if (!request.runId || request.runAttempt === undefined || request.runAttempt < 2) return;
  const repo = repoOf(request);
  const { data } = await octokit.rest.repos.listDeployments({
    ...repo,
    environment: request.environment,
    task: DEPLOY_MODEL_TASK,
    per_page: 100,
  });
  for (const deployment of data) {
    const payload = deploymentPayload(deployment.payload);
    if (payload?.['model'] !== request.modelName || payload['runId'] !== request.runId) continue;
    const attempt = Number(payload['runAttempt']);
    if (!(attempt < request.runAttempt)) continue;
    const [newest] = await listStatuses(octokit, repo, deployment.id);
    if (newest && FINAL_DEPLOYMENT_STATES.includes(newest.state)) continue;
    request.log?.(`Deployment ${deployment.id} of attempt ${attempt} has no final status; marking it error.`);
    await setDeploymentState(
      octokit,
      repo,
      deployment.id,
      'error',
      `Abandoned by attempt ${attempt} of run ${request.runId}; attempt ${request.runAttempt} deploys again.`,
      links,
    );
  }
}

/** Only owner and repo: octokit sends any other field of a request object as a parameter. */
function repoOf(request: RepoRef): RepoRef {
  return { owner: request.owner, repo: request.repo };
}
