import { readFileSync } from 'node:fs';

/** Where the action runs: the parts of the runner's environment that our actions read. */
export interface RepoContext {
  owner: string;
  repo: string;
  serverUrl: string;
  apiUrl: string;
  sha: string;
  ref: string;
  eventName: string;
  runId: number;
  runAttempt: number;
  workflow: string;
  job: string;
  actor: string;
  /** The pull request number when the event is about a pull request. */
  pullRequestNumber?: number;
  /** True when the pull request comes from a fork (its GITHUB_TOKEN is read-only). */
  isForkPullRequest: boolean;
  /** The event payload (GITHUB_EVENT_PATH), or `{}` when there is none. */
  payload: Record<string, unknown>;
  /** Link to this workflow run. */
  runUrl: string;
}

/** Reads the runner's `GITHUB_*` variables and event payload once, into one typed object. */
export function readRepoContext(env: NodeJS.ProcessEnv = process.env): RepoContext {
  const repository = env['GITHUB_REPOSITORY'] ?? '';
  const [owner = '', repo = ''] = repository.split('/');
  if (!owner || !repo) {
    throw new Error(
      'GITHUB_REPOSITORY is not set (expected "owner/repo"); is this running in GitHub Actions?',
    );
  }
  const payload = readEventPayload(env['GITHUB_EVENT_PATH']);
  const pullRequest = payload['pull_request'] as
    { number?: number; head?: { repo?: { full_name?: string } | null } } | undefined;
  const issue = payload['issue'] as { number?: number; pull_request?: unknown } | undefined;
  const pullRequestNumber =
    pullRequest?.number ?? (issue?.pull_request !== undefined ? issue?.number : undefined);
  const headRepo = pullRequest?.head?.repo?.full_name;
  const serverUrl = env['GITHUB_SERVER_URL'] ?? 'https://github.com';
  const runId = Number(env['GITHUB_RUN_ID'] ?? 0);
  return {
    owner,
    repo,
    serverUrl,
    apiUrl: env['GITHUB_API_URL'] ?? 'https://api.github.com',
    sha: env['GITHUB_SHA'] ?? '',
    ref: env['GITHUB_REF'] ?? '',
    eventName: env['GITHUB_EVENT_NAME'] ?? '',
    runId,
    runAttempt: Number(env['GITHUB_RUN_ATTEMPT'] ?? 1),
    workflow: env['GITHUB_WORKFLOW'] ?? '',
    job: env['GITHUB_JOB'] ?? '',
    actor: env['GITHUB_ACTOR'] ?? '',
    ...(pullRequestNumber !== undefined ? { pullRequestNumber } : {}),
    // A deleted fork has head.repo null: treat it as a fork too (its token is read-only all the same).
    isForkPullRequest: pullRequest !== undefined && headRepo !== repository,
    payload,
    runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
  };
}

function readEventPayload(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `Cannot read the event payload at GITHUB_EVENT_PATH=${path}: ${(error as Error).message}`,
    );
  }
}

/** The code a step runs from, as run records and lineage record it: repository, commit, run, actor. */
export function runProvenance(context: RepoContext) {
  return {
    repository: `${context.owner}/${context.repo}`,
    sha: context.sha,
    ref: context.ref,
    workflow: context.workflow,
    runId: context.runId,
    runAttempt: context.runAttempt,
    actor: context.actor,
    runUrl: context.runUrl,
  };
}
