import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as core from '@actions/core';
import { logInfo } from '@mlops-actions/github/workflow-log';
import { failStep } from '@mlops-actions/github/step-failure';
import { keepYoungGenerationSmall, resolveDataFiles } from '@mlops-actions/data';
import { renderProfileSummary } from '@mlops-actions/report';
import { DatasetProfile, describeProgress, profileDataset } from '@mlops-actions/stats';
import { readSettings } from './settings';

async function run(): Promise<void> {
  keepYoungGenerationSmall();
  const settings = readSettings();
  let profile: DatasetProfile | undefined;

  if (settings.data.length > 0) {
    const started = Date.now();
    logInfo(`Profiling ${settings.data.join(', ')} …`);
    profile = await profileDataset(settings.data, {
      ...(settings.columns.length ? { columns: settings.columns } : {}),
      onProgress: (progress) => logInfo(describeProgress('Profiling', progress)),
    });
    logInfo(`Profiled ${profile.rows.toLocaleString('en-US')} rows in ${Date.now() - started} ms.`);
  }
  if (settings.merge.length > 0) {
    for (const path of await resolveDataFiles(settings.merge)) {
      const shard = DatasetProfile.fromJSON(await readJson(path));
      logInfo(`Merging ${path} (${shard.rows.toLocaleString('en-US')} rows).`);
      profile = profile ? profile.merge(shard) : shard;
    }
  }
  if (!profile) throw new Error('Nothing was profiled.');

  const json = profile.toJSON();
  await mkdir(dirname(settings.output), { recursive: true });
  await writeFile(settings.output, `${JSON.stringify(json)}\n`);
  for (const warning of json.warnings) core.warning(warning);
  core.setOutput('profile', settings.output);
  core.setOutput('rows', String(json.rows));
  await core.summary.addRaw(renderProfileSummary(json), true).write();
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot read the profile — ${(error as Error).message}`);
  }
}

run().catch((error: unknown) => failStep(error, 'The data could not be read.'));
