import { randomUUID } from 'node:crypto';
import { describeGitHubError, NO_BLIND_RETRY, writeOnce, type GitHubClient } from '@mlops-actions/github';
import { checkModelName } from './naming';
import type { RepoRef } from './releases';

/** The label of retraining pull requests, so they can be filtered and routed to reviewers. */
export const RETRAIN_LABEL = 'retrain';

/** The one branch per model that carries its retraining pull request. */
export function retrainBranch(modelName: string): string {
  return `mlops/retrain/${checkModelName(modelName)}`;
}

/** The file committed on the retraining branch: the drift summary that asked for retraining. */
export function retrainSummaryPath(modelName: string): string {
  return `.mlops/retrain/${checkModelName(modelName)}.json`;
}

export interface RetrainPullRequestRequest extends RepoRef {
  modelName: string;
  /** The content of `.mlops/retrain/<model>.json`. */
  summary: string;
  commitMessage: string;
  title: string;
  body: string;
  /** Added to an already open pull request, so each run's report stays in its history. */
  updateComment: string;
  log?: (line: string) => void;
}

export interface RetrainPullRequest {
  operation: 'created' | 'updated';
  number: number;
  url: string;
  branch: string;
  /** The default branch: the pull request's base, and where the retrain workflow is dispatched. */
  base: string;
  /** The commit of the drift summary on the branch. */
  commitSha: string;
}

/**
 * Opens the one retraining pull request of a model, or updates it — the way
 * peter-evans/create-pull-request reuses one branch:
 *
 * - an open pull request from `mlops/retrain/<model>` exists → a new commit of the summary on its
 *   branch, its title and body replaced with this run's, and a comment with this run's report;
 * - none is open → the branch is (re)started from the default branch (a branch left by a closed
 *   pull request is stale), the summary committed, a pull request opened and labelled `retrain`.
 *
 * If a concurrent run opened the pull request first, this one updates it instead: never a second.
 */
export async function upsertRetrainPullRequest(
  octokit: GitHubClient,
  request: RetrainPullRequestRequest,
): Promise<RetrainPullRequest> {
  const repo: RepoRef = { owner: request.owner, repo: request.repo };
  const log = request.log ?? (() => undefined);
  const branch = retrainBranch(request.modelName);
  const base = await defaultBranch(octokit, repo);
  const open = await findOpenPull(octokit, repo, branch);

  if (!open) await startBranch(octokit, repo, branch, base, log);
  const commitSha = await commitSummary(octokit, repo, branch, request);
  log(`Committed ${retrainSummaryPath(request.modelName)} to ${branch} (${commitSha.slice(0, 7)}).`);

  if (open) return updatePull(octokit, repo, open, request, { branch, base, commitSha }, log);
  try {
    const { value: created, recovered } = await writeOnce(octokit, {
      write: async () => {
        const { data } = await octokit.rest.pulls.create({
          ...repo,
          head: branch,
          base,
          title: request.title,
          body: request.body,
          request: NO_BLIND_RETRY,
        });
        return { number: data.number, url: data.html_url, labels: [] as string[] };
      },
      // None was open before this request: one open now is the one its lost reply created.
      find: () => findOpenPull(octokit, repo, branch),
    });
    await octokit.rest.issues.addLabels({ ...repo, issue_number: created.number, labels: [RETRAIN_LABEL] });
    log(`Opened pull request #${created.number}${recovered ? ' (found after a lost reply)' : ''}.`);
    return { operation: 'created', number: created.number, url: created.url, branch, base, commitSha };
  } catch (error) {
    const raced = isAlreadyExists(error) ? await findOpenPull(octokit, repo, branch) : undefined;
    if (!raced) throw error;
    return updatePull(octokit, repo, raced, request, { branch, base, commitSha }, log);
  }
}

/** Starts the retrain workflow (`workflow_dispatch`) on `ref` with `inputs`, e.g. `{ model: 'churn' }`. */
export async function dispatchRetrainWorkflow(
  octokit: GitHubClient,
  request: RepoRef & { workflow: string; ref: string; inputs: Record<string, string> },
): Promise<void> {
  const { owner, repo, workflow, ref, inputs } = request;
  try {
    // The dispatch answers 204 with nothing to look up by, so the runs it may have started are
    // compared with the ones there were before.
    const before = new Set((await dispatchedRuns(octokit, request)).map((run) => run.id));
    await writeOnce(octokit, {
      write: async () => {
        await octokit.rest.actions.createWorkflowDispatch({
          owner,
          repo,
          workflow_id: workflow,
          ref,
          inputs,
          request: NO_BLIND_RETRY,
        });
        return true;
      },
      find: async () =>
        (await dispatchedRuns(octokit, request)).some((run) => !before.has(run.id)) ? true : undefined,
    });
  } catch (error) {
    const status = (error as { status?: number }).status;
    const hint =
      status === 404
        ? `retrain-workflow: no workflow "${workflow}" in ${owner}/${repo} — give the file name under .github/workflows/ (e.g. retrain.yml) of a workflow with a workflow_dispatch trigger`
        : status === 422
          ? `retrain-workflow: "${workflow}" refused the dispatch — it needs a workflow_dispatch trigger that accepts the inputs ${Object.keys(inputs).join(', ')}`
          : undefined;
    throw new Error(describeGitHubError(error, hint));
  }
}

/** The workflow's newest `workflow_dispatch` runs on `ref`, by the token's identity. */
async function dispatchedRuns(
  octokit: GitHubClient,
  request: RepoRef & { workflow: string; ref: string },
): Promise<{ id: number }[]> {
  const { data } = await octokit.rest.actions.listWorkflowRuns({
    owner: request.owner,
    repo: request.repo,
    workflow_id: request.workflow,
    event: 'workflow_dispatch',
    branch: request.ref.replace(/^refs\/heads\//, ''),
    per_page: 30,
  });
  return data.workflow_runs;
}

export async function defaultBranch(octokit: GitHubClient, repo: RepoRef): Promise<string> {
  const { data } = await octokit.rest.repos.get({ owner: repo.owner, repo: repo.repo });
  return data.default_branch;
}

interface OpenPull {
  number: number;
  url: string;
  labels: string[];
}

async function findOpenPull(
  octokit: GitHubClient,
  repo: RepoRef,
  branch: string,
): Promise<OpenPull | undefined> {
  const { data } = await octokit.rest.pulls.list({
    ...repo,
    head: `${repo.owner}:${branch}`,
    state: 'open',
    per_page: 1,
  });
  const pull = data[0];
  return pull
    ? { number: pull.number, url: pull.html_url, labels: pull.labels.map((label) => label.name) }
    : undefined;
}

async function startBranch(
  octokit: GitHubClient,
  repo: RepoRef,
  branch: string,
  base: string,
  log: (line: string) => void,
): Promise<void> {
  const baseSha = (await branchSha(octokit, repo, base)) ?? '';
  if (!baseSha) throw new Error(`The default branch "${base}" of ${repo.owner}/${repo.repo} has no commit.`);
  if ((await branchSha(octokit, repo, branch)) === undefined) {
    await writeOnce(octokit, {
      write: async () => {
        await octokit.rest.git.createRef({
          ...repo,
          ref: `refs/heads/${branch}`,
          sha: baseSha,
          request: NO_BLIND_RETRY,
        });
        return true;
      },
      find: async () => ((await branchSha(octokit, repo, branch)) === baseSha ? true : undefined),
    });
    log(`Created ${branch} from ${base}.`);
  } else {
    await octokit.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: baseSha, force: true });
    log(`Reset ${branch} (no open pull request) to ${base}.`);
  }
}

async function branchSha(octokit: GitHubClient, repo: RepoRef, branch: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/** One commit of the summary through the contents API, which needs the blob sha it replaces. */
async function commitSummary(
  octokit: GitHubClient,
  repo: RepoRef,
  branch: string,
  request: RetrainPullRequestRequest,
): Promise<string> {
  const path = retrainSummaryPath(request.modelName);
  let existingSha: string | undefined;
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path, ref: branch });
    if (!Array.isArray(data) && data.type === 'file') existingSha = data.sha;
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
  const content = Buffer.from(request.summary, 'utf8').toString('base64');
  const { value: sha } = await writeOnce(octokit, {
    write: async () => {
      const { data } = await octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path,
        branch,
        message: request.commitMessage,
        content,
        ...(existingSha ? { sha: existingSha } : {}),
        request: NO_BLIND_RETRY,
      });
      return data.commit.sha;
    },
    // A commit whose reply was lost: the branch holds this run's summary (it names the run) at its head.
    find: async () => {
      const data = await octokit.rest.repos.getContent({ ...repo, path, ref: branch }).then(
        (response) => response.data,
        (error: { status?: number }) => {
          if (error.status === 404) return undefined;
          throw error;
        },
      );
      if (!data || Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
      if (Buffer.from(data.content, 'base64').toString('utf8') !== request.summary) return undefined;
      return branchSha(octokit, repo, branch);
    },
  });
  if (!sha) throw new Error(`GitHub returned no commit for ${path} on ${branch}.`);
  return sha;
}

async function updatePull(
  octokit: GitHubClient,
  repo: RepoRef,
  pull: OpenPull,
  request: RetrainPullRequestRequest,
  where: { branch: string; base: string; commitSha: string },
  log: (line: string) => void,
): Promise<RetrainPullRequest> {
  await octokit.rest.pulls.update({
    ...repo,
    pull_number: pull.number,
    title: request.title,
    body: request.body,
  });
  // A hidden id makes this run's comment findable when the reply to its creation is lost.
  const body = `${request.updateComment}\n\n<!-- mlops-actions:retrain-update ${randomUUID()} -->\n`;
  await writeOnce(octokit, {
    write: async () => {
      await octokit.rest.issues.createComment({
        ...repo,
        issue_number: pull.number,
        body,
        request: NO_BLIND_RETRY,
      });
      return true;
    },
    find: async () => {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: pull.number,
        per_page: 100,
      });
      return comments.some((comment) => comment.body === body) ? true : undefined;
    },
  });
  // An earlier attempt may have opened it and failed before labelling it.
  if (!pull.labels.includes(RETRAIN_LABEL)) {
    await octokit.rest.issues.addLabels({ ...repo, issue_number: pull.number, labels: [RETRAIN_LABEL] });
  }
  log(`Updated pull request #${pull.number}.`);
  return { operation: 'updated', number: pull.number, url: pull.url, ...where };
}

function isAlreadyExists(error: unknown): boolean {
  const { status, message } = error as { status?: number; message?: string };
  return status === 422 && /already exists/i.test(message ?? '');
}
