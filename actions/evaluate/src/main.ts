import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as core from '@actions/core';
import { keepYoungGenerationSmall } from '@mlops-actions/data';
import { logInfo } from '@mlops-actions/github/workflow-log';
import { failStep } from '@mlops-actions/github/step-failure';
import { actionsRuntimeOptions } from '@mlops-actions/github/actions-cache';
import { evaluateModel, mergeScoringSpecs, ensureOnnxRuntime } from '@mlops-actions/model';
import { formatNumber, formatSigned, renderMetricsComment } from '@mlops-actions/report';
import type { Evaluation } from '@mlops-actions/stats';
import { modelSource, productionBaseline, type ModelSource } from './references';
import { readSettings, type Settings } from './settings';

async function run(): Promise<void> {
  keepYoungGenerationSmall();
  const settings = readSettings();
  const candidate = await modelSource(settings.model, settings.token);
  if (!settings.modelName && candidate.reference.tag === undefined) {
    // metrics-comment keys its sticky comment on this name: two file models both called
    // model.onnx would share one comment.
    core.notice(
      `The model is named "${candidate.reference.name}" after its file; set \`model-name\` to name it (and to compare with its production version).`,
    );
  }
  const baseline = await baselineSource(settings);
  const runtime = await ensureOnnxRuntime(actionsRuntimeOptions());
  const started = Date.now();
  const evaluation = await evaluateModel({
    model: candidate.path,
    ...(baseline ? { baseline: baseline.path } : {}),
    data: settings.data,
    target: settings.target,
    ...(settings.task ? { task: settings.task } : {}),
    ...(settings.metrics ? { metrics: settings.metrics } : {}),
    ...(settings.gates ? { gates: settings.gates } : {}),
    threshold: settings.threshold,
    bootstrap: { resamples: settings.resamples },
    slices: settings.slices,
    minSliceSize: settings.minSliceSize,
    runtime: { runtime },
    scoring: mergeScoringSpecs(settings.scoring, candidate.scoring),
    ...(baseline?.scoring ? { baselineScoring: baseline.scoring } : {}),
    modelReference: settings.modelName
      ? { ...candidate.reference, name: settings.modelName }
      : candidate.reference,
    ...(baseline ? { baselineReference: baseline.reference } : {}),
    log: logInfo,
  });
  logInfo(`Evaluated ${evaluation.rows.toLocaleString('en-US')} rows in ${Date.now() - started} ms.`);

  await mkdir(dirname(settings.output), { recursive: true });
  await writeFile(settings.output, `${JSON.stringify(evaluation, null, 2)}\n`);
  const summary = headline(evaluation);
  core.setOutput('evaluation', settings.output);
  core.setOutput('passed', String(evaluation.passed));
  core.setOutput('summary', summary);
  await core.summary
    .addRaw(renderMetricsComment({ evaluation, commitSha: process.env['GITHUB_SHA'] ?? '' }), true)
    .write();

  for (const gate of evaluation.gates.filter((g) => !g.passed)) core.error(`Gate failed: ${gate.reason}`);
  if (!evaluation.passed) {
    const failed = evaluation.gates.filter((g) => !g.passed).length;
    const message = `${failed} of ${evaluation.gates.length} quality gate${evaluation.gates.length === 1 ? '' : 's'} failed (${summary}).`;
    if (settings.failOnGate) core.setFailed(message);
    else core.warning(`${message} Not failing the step: fail-on-gate is false.`);
  }
}

/** `accuracy 0.91 (+0.03), roc_auc 0.95 (+0.01)` — the first metrics, with their change when there is a baseline. */
function headline(evaluation: Evaluation): string {
  return evaluation.metrics
    .slice(0, 4)
    .map(
      (metric) =>
        `${metric.name} ${formatNumber(metric.candidate)}${metric.delta === undefined ? '' : ` (${formatSigned(metric.delta)})`}`,
    )
    .join(', ');
}

/** The baseline input, or by default the version of `model-name` in production (none before the first deploy). */
async function baselineSource(settings: Settings): Promise<ModelSource | undefined> {
  if (settings.baseline === 'none') return undefined;
  if (settings.baseline) return modelSource(settings.baseline, settings.token);
  if (settings.modelName) return productionBaseline(settings.modelName, settings.token);
  return undefined;
}

run().catch((error: unknown) => failStep(error, 'The evaluation data could not be used.'));
