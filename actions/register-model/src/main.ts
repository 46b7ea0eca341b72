import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import { logInfo } from '@mlops-actions/github/workflow-log';
import { createGitHubClient, describeGitHubError, readRepoContext } from '@mlops-actions/github';
// Its own entry point: reads the ONNX file's metadata without bundling the runtime loader.
import { recordedScoring } from '@mlops-actions/model/scoring-record';
import { registerModel } from '@mlops-actions/registry';
import { escapeMarkdown, renderModelCard } from '@mlops-actions/report';
import { readDocuments } from './documents';
import { codeProvenance, readSettings } from './settings';

async function run(): Promise<void> {
  const settings = readSettings();
  const context = readRepoContext();
  const octokit = createGitHubClient({ token: settings.token });
  const cardOptions = { serverUrl: context.serverUrl };
  // How to score the version (feature order, output kind, classes): from run.json, else the model.
  const documents = await readDocuments(settings);
  const scoring = await recordedScoring(settings.files.model, settings.runRecord);
  if (scoring?.features)
    core.info(`Recording the model's feature order: ${scoring.features.length} columns.`);
  const registered = await registerModel(octokit, {
    owner: context.owner,
    repo: context.repo,
    modelName: settings.modelName,
    files: settings.files,
    ...documents,
    ...(scoring ? { scoring } : {}),
    code: codeProvenance(context),
    ...(settings.version !== undefined ? { version: settings.version } : {}),
    renderCard: (lineage) => renderModelCard(lineage, cardOptions),
    log: logInfo,
    warn: (line) => core.warning(line),
  }).catch((error: unknown) => {
    throw new Error(describeGitHubError(error));
  });

  const lineagePath = join(
    process.env['RUNNER_TEMP'] ?? '.',
    `${registered.tag.replace('@', '-')}.lineage.json`,
  );
  await writeFile(lineagePath, `${JSON.stringify(registered.lineage, null, 2)}\n`);
  core.setOutput('version', String(registered.version));
  core.setOutput('tag', registered.tag);
  core.setOutput('release-url', registered.releaseUrl);
  core.setOutput('lineage', lineagePath);

  const status = registered.reused ? 'was already registered by this workflow run' : 'registered';
  await core.summary
    .addRaw(`### ${escapeMarkdown(registered.tag)} ${status}\n\n[Release page](${registered.releaseUrl})\n\n`)
    .addRaw(renderModelCard(registered.lineage, cardOptions))
    .write();
}

run().catch((error: unknown) => core.setFailed(error instanceof Error ? error.message : String(error)));
