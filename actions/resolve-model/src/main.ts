import * as core from '@actions/core';
import { logInfo } from '@mlops-actions/github/workflow-log';
import { createGitHubClient, describeGitHubError, readRepoContext } from '@mlops-actions/github';
import { headlineMetrics, resolveModelVersion } from '@mlops-actions/registry';
import { escapeMarkdown, formatNumber } from '@mlops-actions/report';
import { readSettings } from './settings';

async function run(): Promise<void> {
  const settings = readSettings();
  const context = readRepoContext();
  const octokit = createGitHubClient({ token: settings.token });
  const resolved = await resolveModelVersion(octokit, {
    owner: context.owner,
    repo: context.repo,
    modelName: settings.modelName,
    selector: settings.selector,
    path: settings.path,
    lineagePath: settings.lineagePath,
    log: logInfo,
  }).catch((error: unknown) => {
    throw new Error(describeGitHubError(error));
  });

  core.setOutput('version', String(resolved.version));
  core.setOutput('tag', resolved.tag);
  core.setOutput('path', resolved.path);
  core.setOutput('sha256', resolved.sha256);
  core.setOutput('lineage', resolved.lineagePath);

  const via = resolved.stage
    ? ` — runs in ${escapeMarkdown(resolved.stage.environment)} (deployment ${resolved.stage.deploymentId})`
    : '';
  const metrics = headlineMetrics(resolved.lineage)
    .map((metric) => `${escapeMarkdown(metric.name)} ${formatNumber(metric.value)}`)
    .join(', ');
  await core.summary
    .addRaw(
      [
        `### Resolved [${escapeMarkdown(resolved.tag)}](${resolved.releaseUrl})${via}`,
        '',
        `sha256 \`${resolved.sha256}\` verified against lineage.json.`,
        ...(metrics ? ['', `Headline metrics: ${metrics}.`] : []),
        '',
      ].join('\n'),
    )
    .write();
}

run().catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
