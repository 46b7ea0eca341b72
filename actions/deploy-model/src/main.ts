import { join } from 'node:path';
import * as core from '@actions/core';
import { ensureOnnxRuntime } from '@mlops-actions/model';
import { actionsRuntimeOptions } from '@mlops-actions/github/actions-cache';
import { logInfo } from '@mlops-actions/github/workflow-log';
import {
  createGitHubClient,
  describeGitHubError,
  readRepoContext,
  type GitHubClient,
  type RepoContext,
} from '@mlops-actions/github';
import {
  appendToReleaseSection,
  DeployFailure,
  deployModel,
  type DeployOutcome,
  type DeployTarget,
} from '@mlops-actions/registry';
import { escapeMarkdown } from '@mlops-actions/report';
import { parseEvaluation } from '@mlops-actions/stats';
import { commandTarget } from './command-target';
import { httpTarget } from './http-target';
import { readSettings, type Settings } from './settings';
import { failureSummary, successSummary } from './summary';

async function run(): Promise<void> {
  const settings = readSettings();
  const context = readRepoContext();
  const octokit = createGitHubClient({ token: settings.token });
  const tempDir = process.env['RUNNER_TEMP'] || '.';
  try {
    const outcome = await deployModel(
      octokit,
      {
        owner: context.owner,
        repo: context.repo,
        modelName: settings.modelName,
        selector: settings.selector,
        environment: settings.environment,
        allowFailedGate: settings.allowFailedGate,
        rollbackOnFailure: settings.rollbackOnFailure,
        readEvaluation: parseEvaluation,
        runId: context.runId,
        runAttempt: context.runAttempt,
        logUrl: context.runUrl,
        workDir: join(tempDir, 'deploy-model'),
        log: logInfo,
        warn: (line) => core.warning(line),
      },
      targetOf(settings, tempDir),
    );
    const url = outcome.url ?? outcome.resolved.releaseUrl;
    core.setOutput('deployment-id', String(outcome.deploymentId));
    core.setOutput('previous-version', outcome.previous ? String(outcome.previous.version) : '');
    core.setOutput('url', url);
    await recordApproval(octokit, context, settings, outcome);
    await core.summary
      .addRaw(successSummary(outcome, settings.environment, outcome.resolved.releaseUrl))
      .write();
  } catch (error) {
    if (!(error instanceof DeployFailure)) throw new Error(describeGitHubError(error));
    if (error.deploymentId !== undefined) core.setOutput('deployment-id', String(error.deploymentId));
    core.setOutput('previous-version', error.previous ? String(error.previous.version) : '');
    await core.summary.addRaw(failureSummary(error, settings.modelName, settings.environment)).write();
    const rollback = error.rollback;
    const after = rollback?.succeeded
      ? ` Rolled back to ${rollback.tag} (deployment ${rollback.deploymentId}).`
      : rollback
        ? ` The rollback to ${rollback.tag} failed too: ${rollback.error ?? ''}`
        : '';
    throw new Error(`${error.message}${after}`);
  }
}

function targetOf(settings: Settings, tempDir: string): DeployTarget {
  const target = settings.target;
  if (target.kind === 'command') return commandTarget(target.script, settings.environment, tempDir);
  if (target.kind === 'http')
    return httpTarget({ ...target, runtime: () => ensureOnnxRuntime(actionsRuntimeOptions()) });
  return { deploy: () => Promise.resolve({}) };
}

/** "Approved by @x for production" on the model card; a token without `contents: write` only warns. */
async function recordApproval(
  octokit: GitHubClient,
  context: RepoContext,
  settings: Settings,
  outcome: DeployOutcome,
): Promise<void> {
  if (outcome.approvers.length === 0) return;
  const who = outcome.approvers.map((login) => `@${escapeMarkdown(login)}`).join(', ');
  const line = `Approved by ${who} for ${escapeMarkdown(settings.environment)} (deployment ${outcome.deploymentId}, [run](${context.runUrl})).`;
  try {
    await appendToReleaseSection(
      octokit,
      { owner: context.owner, repo: context.repo },
      outcome.resolved.tag,
      'Approvals',
      line,
    );
  } catch (error) {
    core.warning(
      `Could not add the approval to the ${outcome.resolved.tag} model card: ${describeGitHubError(error)}`,
    );
  }
}

run().catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
