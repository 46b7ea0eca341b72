import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { keepYoungGenerationSmall } from '@mlops-actions/data';
import { logInfo } from '@mlops-actions/github/workflow-log';
import { failStep } from '@mlops-actions/github/step-failure';
import { withWorkflowCommandsStopped } from '@mlops-actions/github/workflow-log';
import { readRepoContext, runProvenance, uploadArtifactOnce } from '@mlops-actions/github';
import {
  parseRunRecord,
  runTraining,
  runUserCommand,
  toolVersions,
  trainingNumbers,
} from '@mlops-actions/model';
import { renderRunSummary } from '@mlops-actions/report';
import { describeProgress, profileDataset } from '@mlops-actions/stats';
import { readSettings, type Settings } from './settings';

/** Part of the cache key: bump with every release that changes what a run produces. */
const ACTION_VERSION = '0.1.0';

async function run(): Promise<void> {
  keepYoungGenerationSmall();
  const settings = readSettings();
  const context = readRepoContext();
  const runRecordPath = join(settings.outputDir, 'run.json');
  const profilePath = join(settings.outputDir, 'profile.json');
  const outputs = [settings.modelPath, settings.metricsPath, settings.outputDir];

  // The data identifies the run: hash and profile it first (one streaming pass, whose parsed numbers
  // the built-in trainer then takes instead of reading the data again).
  logInfo(`Profiling the training data: ${settings.data.join(', ')} …`);
  // run.json's tool versions, asked now so that Python's start-up overlaps the profile pass.
  void toolVersions();
  const numbers = trainingNumbers(settings.command, settings.target, settings.features);
  const profile = await profileDataset(settings.data, {
    onProgress: (progress) => logInfo(describeProgress('Profiling', progress)),
    ...(numbers ? { numbers } : {}),
  });
  logInfo(`${profile.rows.toLocaleString('en-US')} rows in ${profile.files.length} file(s).`);

  const cacheKey = settings.cacheKey === undefined ? undefined : runCacheKey(settings, profile.files);
  if (cacheKey && cache.isFeatureAvailable()) {
    const hit = await restoreExactly(outputs, cacheKey);
    if (hit && existsSync(runRecordPath) && existsSync(settings.modelPath)) {
      logInfo(`Same data, parameters and code as a cached run (${cacheKey}): skipping training.`);
      await finish(settings, runRecordPath, profilePath, true, context.runId, context.runAttempt);
      return;
    }
  }

  const paramsFile = join(
    process.env['RUNNER_TEMP'] || settings.outputDir,
    `mlops-params-${process.pid}.json`,
  );
  const trained = await runTraining({
    modelName: settings.modelName,
    profile,
    ...(numbers ? { numbers } : {}),
    data: settings.data,
    command: settings.command,
    target: settings.target,
    task: settings.task,
    features: settings.features,
    params: settings.params,
    scoring: settings.scoring,
    modelPath: settings.modelPath,
    metricsPath: settings.metricsPath,
    outputDir: settings.outputDir,
    paramsFile,
    code: runProvenance(context),
    // The command is the pull request's code: runUserCommand runs it without the action's inputs or
    // the runner's credentials, with throw-away GITHUB_ENV / GITHUB_PATH / GITHUB_OUTPUT files, and
    // workflow commands stopped, so nothing it prints or writes reaches the steps after this one.
    // What it passes on is the model and metrics files (MLOPS_MODEL_PATH, MLOPS_METRICS_PATH).
    runCommand: (command, env) =>
      core.group(`Training: ${command}`, () =>
        withWorkflowCommandsStopped(() => runUserCommand(command, { env })),
      ),
    log: logInfo,
    warn: (line) => core.warning(line),
  });
  if (cacheKey && cache.isFeatureAvailable()) {
    // @actions/cache reports its own failures (a warning, or info for a key another job holds)
    // and answers -1; the run goes on, and the next identical run trains again.
    const saved = await cache.saveCache(outputs, cacheKey).catch((error: Error) => {
      core.warning(`Cache save failed: ${error.message}`);
      return undefined;
    });
    if (saved === -1) {
      core.warning(
        `The cache could not confirm this run was saved (key ${cacheKey}); the next identical run may train again.`,
      );
    }
  }
  await finish(
    settings,
    trained.runRecordPath,
    trained.profilePath,
    false,
    context.runId,
    context.runAttempt,
  );
}

/** Outputs, artifact and summary — the same whether the run trained or came from the cache. */
async function finish(
  settings: Settings,
  runRecordPath: string,
  profilePath: string,
  cacheHit: boolean,
  runId: number,
  runAttempt: number,
) {
  const record = parseRunRecord(await readFile(runRecordPath, 'utf8'), runRecordPath);
  core.setOutput('model', settings.modelPath);
  core.setOutput('run-record', runRecordPath);
  core.setOutput('profile', profilePath);
  core.setOutput('cache-hit', String(cacheHit));
  // The feature order as run.json records it, for later steps' `features` (given once, here).
  core.setOutput('features', (record.scoring?.features ?? []).join(','));
  if (settings.uploadArtifact) {
    // One name per model, run and attempt: re-runs and matrix jobs never collide.
    const name = `mlops-train-${settings.modelName}-${runId}-${runAttempt}`;
    const files = [settings.modelPath, runRecordPath, profilePath, settings.metricsPath].filter((file) =>
      existsSync(file),
    );
    const root = process.cwd();
    const outside = files.find((file) => relative(root, resolve(root, file)).startsWith('..'));
    if (outside)
      throw new Error(`${outside} is outside the workspace; artifacts can only hold files under ${root}.`);
    const { id, recovered } = await uploadArtifactOnce(new DefaultArtifactClient(), name, files, root);
    logInfo(
      recovered
        ? `Uploaded artifact ${name} (${files.length} files); the reply was lost, the artifact is there.`
        : `Uploaded artifact ${name} (${files.length} files).`,
    );
    core.setOutput('artifact-id', String(id ?? ''));
  }
  await core.summary.addRaw(renderRunSummary(record, { cacheHit }), true).write();
}

/**
 * Restores the cached run of exactly `key`, or nothing. The cache service also answers with the
 * newest entry whose key merely starts with the one asked for, and anyone who can run a workflow
 * here can save entries: a model named `churn-<hash>` would otherwise be restored for `churn`.
 * So the match is looked up first and downloaded only when its key is the key.
 */
async function restoreExactly(paths: string[], key: string): Promise<boolean> {
  try {
    const match = await cache.restoreCache(paths, key, [], { lookupOnly: true });
    if (match === undefined) return false;
    if (match !== key) {
      logInfo(`The cache holds ${match}, which only starts with this run's key ${key}: training instead.`);
      return false;
    }
    return (await cache.restoreCache(paths, key)) === key;
  } catch (error) {
    core.warning(`Cache restore failed, training instead: ${(error as Error).message}`);
    return false;
  }
}

/** data sha256s + params + code (the `cache-key` input) + command → a key that changes when any does. */
function runCacheKey(settings: Settings, files: { path: string; sha256: string }[]): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({
      data: files.map((file) => file.sha256),
      params: settings.params,
      code: settings.cacheKey,
      command: settings.command,
      target: settings.target,
      task: settings.task,
      features: settings.features,
      scoring: settings.scoring,
      // A new release of the action (or of its built-in trainer) trains again.
      action: ACTION_VERSION,
    }),
  );
  return `mlops-train-${settings.modelName}-${hash.digest('hex').slice(0, 32)}`;
}

run().catch((error: unknown) => failStep(error, 'The training data could not be read.'));
