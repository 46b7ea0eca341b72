import type { GitHubClient } from '@mlops-actions/github';
import {
  defaultBranch,
  dispatchRetrainWorkflow,
  retrainSummaryPath,
  upsertRetrainPullRequest,
  type RepoRef,
  type RetrainPullRequest,
} from '@mlops-actions/registry';
import { renderDriftReport, retrainTitle, type DriftReportInput } from '@mlops-actions/report';
import type { DriftDocument } from './document';

export interface RetrainRequest {
  octokit: GitHubClient;
  repo: RepoRef;
  document: DriftDocument;
  rendering: DriftReportInput;
  openPr: boolean;
  retrainWorkflow?: string;
  log: (line: string) => void;
}

export interface RetrainOutcome {
  pullRequest?: RetrainPullRequest;
  dispatch?: NonNullable<DriftDocument['dispatch']>;
}

/**
 * What a dataset drift sets off: the retraining pull request (opened, or updated with a new commit
 * and a comment), then the retrain workflow on the default branch. The dispatch is needed because
 * a pull request opened with GITHUB_TOKEN starts no workflows.
 */
export async function startRetraining(request: RetrainRequest): Promise<RetrainOutcome> {
  const { octokit, repo, document, log } = request;
  const modelName = document.model;
  const outcome: RetrainOutcome = {};
  if (request.openPr) {
    const report = renderDriftReport(request.rendering);
    outcome.pullRequest = await upsertRetrainPullRequest(octokit, {
      ...repo,
      modelName,
      summary: `${JSON.stringify(document, null, 2)}\n`,
      commitMessage: `${retrainTitle(modelName, document)}\n\nDrift summary in ${retrainSummaryPath(modelName)}, from ${document.run.url}`,
      title: retrainTitle(modelName, document),
      body: report,
      updateComment: report,
      log,
    });
  }
  if (request.retrainWorkflow) {
    const ref = outcome.pullRequest?.base ?? (await defaultBranch(octokit, repo));
    const inputs = { model: modelName };
    await dispatchRetrainWorkflow(octokit, { ...repo, workflow: request.retrainWorkflow, ref, inputs });
    log(`Dispatched ${request.retrainWorkflow} on ${ref} with model=${modelName}.`);
    outcome.dispatch = { workflow: request.retrainWorkflow, ref, inputs };
  }
  return outcome;
}
