import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as core from '@actions/core';
import { keepYoungGenerationSmall } from '@mlops-actions/data';
import { logInfo } from '@mlops-actions/github/workflow-log';
import { failStep } from '@mlops-actions/github/step-failure';
import { describeFailedExpectations, renderValidationSummary } from '@mlops-actions/report';
import {
  blockingFailures,
  describeProgress,
  inferSuite,
  loadReferenceProfile,
  readSuite,
  serializeValidationResult,
  suiteToYaml,
  validateDataset,
} from './engine';
import type { ExpectationSuite } from './engine';
import { cellAnnotations } from './findings';
import { readSettings } from './settings';

async function run(): Promise<void> {
  keepYoungGenerationSmall();
  const settings = readSettings();
  let suite: ExpectationSuite;
  if (settings.expectationsPath) {
    suite = await readSuite(settings.expectationsPath);
  } else {
    suite = inferSuite(await loadReferenceProfile(settings.inferFrom));
    logInfo(`Inferred ${suite.expectations.length} expectations from ${settings.inferFrom.join(', ')}.`);
    if (settings.writeExpectations) {
      await writeText(settings.writeExpectations, suiteToYaml(suite));
      logInfo(`Wrote the inferred suite to ${settings.writeExpectations}: review it and commit it.`);
    }
  }
  if (settings.dataPatterns.length === 0) return;

  const report = await validateDataset(settings.dataPatterns, suite, {
    onProgress: (progress) => logInfo(describeProgress('Validating', progress)),
  });
  await writeText(settings.reportPath, serializeValidationResult(report));
  logInfo(
    `${report.statistics.successful_expectations} of ${report.statistics.evaluated_expectations} expectations met on ${report.meta.rows.toLocaleString('en-US')} rows.`,
  );
  for (const line of describeFailedExpectations(report)) logInfo(line);
  for (const warning of report.meta.warnings) core.warning(warning);
  for (const annotation of cellAnnotations(report)) {
    const properties = { title: annotation.title, file: annotation.file, startLine: annotation.line };
    if (annotation.severity === 'warning') core.warning(annotation.message, properties);
    else core.error(annotation.message, properties);
  }
  await core.summary.addRaw(renderValidationSummary(report), true).write();

  core.setOutput('success', String(report.success));
  core.setOutput('report', settings.reportPath);
  core.setOutput('failed-count', String(report.statistics.unsuccessful_expectations));
  core.setOutput('rows', String(report.meta.rows));

  const blocking = blockingFailures(report, settings.failOn);
  if (blocking.length > 0) {
    const names = blocking.map((result) => result.expectation_config.expectation_type);
    core.setFailed(
      `${blocking.length} expectation${blocking.length === 1 ? '' : 's'} failed (fail-on: ${settings.failOn}): ${names.join(', ')} — see the job summary and ${settings.reportPath}`,
    );
  }
}

async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

// Bad data is a DataError with its place: the annotation at its file and line is the step's error.
run().catch((error: unknown) => failStep(error, { title: 'unreadable data' }));
