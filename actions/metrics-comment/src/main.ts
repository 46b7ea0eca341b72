import * as core from '@actions/core';
import { logInfo } from '@mlops-actions/github/workflow-log';
import {
  createGitHubClient,
  describeGitHubError,
  readRepoContext,
  upsertStickyComment,
} from '@mlops-actions/github';
import { commentMarker, renderMetricsComment } from '@mlops-actions/report';
import { RegistryBaselineProfiles } from './baseline-profile';
import { readEvaluation, readProfile } from './evaluation';
import { readSettings } from './settings';

async function run(): Promise<void> {
  const settings = readSettings();
  const context = readRepoContext();
  const octokit = createGitHubClient({ token: settings.token });
  // Every file is read before anything is fetched or posted: a bad one fails the step with nothing written.
  const evaluations = settings.evaluationPaths.map(readEvaluation);
  const candidateProfile = settings.profilePath ? readProfile(settings.profilePath) : undefined;
  const givenBaseline = settings.baselineProfilePath ? readProfile(settings.baselineProfilePath) : undefined;
  const registryProfiles = new RegistryBaselineProfiles(octokit, context);
  const comments = [];
  for (const evaluation of evaluations) {
    const modelName = settings.modelName ?? evaluation.model.name;
    const baseline = candidateProfile
      ? (givenBaseline ?? (await registryProfiles.get(evaluation)))
      : undefined;
    const profiles = candidateProfile && baseline ? { candidate: candidateProfile, baseline } : undefined;
    comments.push({
      modelName,
      body: renderMetricsComment({
        evaluation,
        modelName,
        commitSha: context.sha,
        runUrl: context.runUrl,
        // The job summary carries the same Markdown; its run page is where a trimmed comment points.
        fullReportUrl: context.runUrl,
        ...(profiles ? { profiles } : {}),
      }),
    });
  }

  for (const comment of comments) core.summary.addRaw(comment.body, true);
  await core.summary.write();

  if (context.pullRequestNumber === undefined) {
    logInfo(
      `Event "${context.eventName}" is not about a pull request: the metrics went to the job summary only.`,
    );
    return;
  }
  if (context.isForkPullRequest) {
    core.warning(
      'This pull request comes from a fork, whose token cannot write comments: the metrics are in the job summary instead.',
    );
    return;
  }

  for (const comment of comments) {
    try {
      const result = await upsertStickyComment(
        octokit,
        {
          owner: context.owner,
          repo: context.repo,
          issueNumber: context.pullRequestNumber,
          marker: commentMarker(comment.modelName),
        },
        comment.body,
      );
      logInfo(`Comment for model "${comment.modelName}" ${result.action}: ${result.url}`);
      core.setOutput('comment-id', String(result.id));
      core.setOutput('comment-url', result.url);
    } catch (error) {
      if ((error as { status?: number }).status === 403) {
        core.warning(
          `${describeGitHubError(error)}. The metrics are in the job summary; grant \`pull-requests: write\` to post them on the pull request.`,
        );
        continue;
      }
      throw new Error(describeGitHubError(error));
    }
  }
}

run().catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
