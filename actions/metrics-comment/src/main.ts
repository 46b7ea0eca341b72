import * as core from '@actions/core';
import {
  createGitHubClient,
  describeGitHubError,
  readRepoContext,
  upsertStickyComment,
} from '@mlops-actions/github';
import { commentMarker, renderMetricsComment } from '@mlops-actions/report';
import { readEvaluation, readProfile } from './evaluation';
import { readSettings } from './settings';

async function run(): Promise<void> {
  const settings = readSettings();
  const context = readRepoContext();
  const profiles =
    settings.profilePath && settings.baselineProfilePath
      ? { candidate: readProfile(settings.profilePath), baseline: readProfile(settings.baselineProfilePath) }
      : undefined;
  const comments = settings.evaluationPaths.map((path) => {
    const evaluation = readEvaluation(path);
    const modelName = settings.modelName ?? evaluation.model.name;
    return {
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
    };
  });

  for (const comment of comments) core.summary.addRaw(comment.body, true);
  await core.summary.write();

  if (context.pullRequestNumber === undefined) {
    core.info(
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

  const octokit = createGitHubClient({ token: settings.token });
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
      core.info(`Comment for model "${comment.modelName}" ${result.action}: ${result.url}`);
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
