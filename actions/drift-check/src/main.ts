import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as core from '@actions/core';
import { keepYoungGenerationSmall } from '@mlops-actions/data';
import { logInfo } from '@mlops-actions/github/workflow-log';
import { failStep } from '@mlops-actions/github/step-failure';
import {
  createGitHubClient,
  describeGitHubError,
  readRepoContext,
  type GitHubClient,
} from '@mlops-actions/github';
import { fetchStageReference, type RepoRef } from '@mlops-actions/registry';
import { escapeMarkdown, renderDriftReport, type DriftReportInput } from '@mlops-actions/report';
import { describeProgress, localReference, versionReference } from '@mlops-actions/stats';
import { serializeDriftReport } from '@mlops-actions/model';
import { checkDrift } from './check';
import { driftDocument, type DriftDocument } from './document';
import { checkPredictions, predictionRendering, type PredictionCheck } from './predictions';
import { startRetraining } from './retrain';
import { readSettings, type Settings } from './settings';

async function run(): Promise<void> {
  keepYoungGenerationSmall();
  const settings = readSettings();
  const context = readRepoContext();
  const octokit = createGitHubClient({ token: settings.token });
  const repo = { owner: context.owner, repo: context.repo };

  // Without `reference`: the training profile of the version in production.
  const reference =
    settings.reference.length > 0
      ? await localReference(settings.reference, {
          onProgress: (progress) => logInfo(describeProgress('Profiling the reference', progress)),
        })
      : versionReference(await fetchStageReference(octokit, repo, settings.modelName));
  logInfo(`Reference: ${reference.label} (${reference.profile.rows.toLocaleString('en-US')} rows).`);
  const { current, report } = await checkDrift(reference, settings.current, settings);
  const predictions = settings.model ? await predictionCheck(settings, { octokit, repo }) : undefined;
  const document = driftDocument({
    modelName: settings.modelName,
    report,
    reference,
    current: { paths: settings.current, profile: current },
    ...(predictions ? { predictions } : {}),
    run: { id: context.runId, attempt: context.runAttempt, url: context.runUrl, sha: context.sha },
  });
  const rendering: DriftReportInput = {
    modelName: settings.modelName,
    report,
    referenceLabel: reference.label,
    referenceRows: reference.profile.rows,
    currentRows: current.rows,
    runUrl: context.runUrl,
    ...(predictions ? { predictions: predictionRendering(predictions) } : {}),
  };
  for (const finding of report.findings) core.warning(finding.message);
  if (predictions?.result.tested === false) core.notice(predictions.result.notice);
  for (const finding of document.predictions?.findings ?? []) core.warning(`Predictions: ${finding.message}`);
  core.summary.addRaw(renderDriftReport(rendering), true);
  // Written before any pull request work, so the report exists even if GitHub fails.
  await writeDocument(settings.reportPath, document);
  core.setOutput('report', settings.reportPath);
  core.setOutput('drifted', String(report.datasetDrift));
  core.setOutput('drift-share', String(Number(report.driftedShare.toFixed(4))));
  core.setOutput('prediction-drifted', String(document.predictions?.drifted ?? false));
  core.setOutput('pr-operation', 'none');
  core.setOutput('pr-url', '');

  // Prediction drift is reported (summary, report, `prediction-drifted`) but opens nothing by itself.
  if (!report.datasetDrift) {
    logInfo('No dataset drift: nothing opened.');
    await core.summary.write();
    return;
  }
  if (context.isForkPullRequest) {
    core.warning(
      'Dataset drift, but this run comes from a fork, whose token cannot open pull requests or dispatch workflows.',
    );
    await core.summary.write();
    return;
  }
  const outcome = await startRetraining({
    octokit,
    repo,
    document,
    rendering,
    openPr: settings.openPr,
    ...(settings.retrainWorkflow ? { retrainWorkflow: settings.retrainWorkflow } : {}),
    log: logInfo,
  }).catch((error: unknown) => {
    throw new Error(describeGitHubError(error));
  });
  const { pullRequest, dispatch } = outcome;
  if (pullRequest) {
    const { operation, number, url, commitSha } = pullRequest;
    document.pullRequest = { operation, number, url, commitSha };
    core.setOutput('pr-operation', operation);
    core.setOutput('pr-url', url);
    core.summary.addRaw(`\nRetraining pull request [#${number}](${url}) ${operation}.\n`, true);
  }
  if (dispatch) {
    document.dispatch = dispatch;
    core.summary.addRaw(
      `\nDispatched ${escapeMarkdown(dispatch.workflow)} on ${escapeMarkdown(dispatch.ref)}.\n`,
      true,
    );
  }
  await writeDocument(settings.reportPath, document);
  await core.summary.write();
}

/** Prediction drift of the `model` input, logged as it goes. */
async function predictionCheck(
  settings: Settings,
  github: { octokit: GitHubClient; repo: RepoRef },
): Promise<PredictionCheck> {
  const check = await checkPredictions({
    model: settings.model!,
    ...(settings.referencePredictions ? { referencePredictions: settings.referencePredictions } : {}),
    current: settings.current,
    ...(settings.predictionTest ? { test: settings.predictionTest } : {}),
    scoring: settings.scoring,
    registry: { ...github, modelName: settings.modelName },
    log: logInfo,
  });
  if (check.result.tested) {
    const { drift } = check.result;
    logInfo(
      drift.column
        ? `Predictions of ${check.model.label}: ${drift.column.method} ${drift.column.statistic}${drift.column.pValue === undefined ? '' : ` (p = ${drift.column.pValue})`} — ${drift.drifted ? 'drifted' : 'no drift'}.`
        : `Predictions of ${check.model.label}: not tested.`,
    );
  }
  return check;
}

async function writeDocument(path: string, document: DriftDocument): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, serializeDriftReport(document));
}

run().catch((error: unknown) => failStep(error, 'The data could not be read.'));
