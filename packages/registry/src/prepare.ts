import { stat } from 'node:fs/promises';
import { fileDigest } from './digest';
import { readJsonFile } from './json-file';
import {
  buildLineage,
  type CodeProvenance,
  type Lineage,
  type LineageAsset,
  type LineageScoring,
} from './lineage';
import type { ReleaseAsset, VersionIdentity } from './register';

/** The files a version is registered from; all but the model are optional. */
export interface ModelVersionFiles {
  model: string;
  runRecord?: string;
  evaluation?: string;
  profile?: string;
}

/** Everything a version is registered from besides its files. */
export interface ModelVersionExtras {
  /** lineage.json's `scoring` block (see `Lineage.scoring`). */
  scoring?: LineageScoring;
}

export interface PreparedVersion {
  /** The release's assets once the version is known: model.onnx, lineage.json, then profile.json and evaluation.json when given. */
  assets: (identity: VersionIdentity) => ReleaseAsset[];
  /** The lineage of the version once its number is known (the same for every call). */
  lineage: (identity: VersionIdentity) => Lineage;
  /** Things worth telling the user that do not stop the registration. */
  warnings: string[];
}

/**
 * Reads, checks and hashes everything a registration needs before anything is written to GitHub,
 * so a missing model or an unreadable JSON fails the step with nothing published.
 */
export async function prepareModelVersion(
  files: ModelVersionFiles,
  code: CodeProvenance,
  createdAt: Date = new Date(),
  extras: ModelVersionExtras = {},
): Promise<PreparedVersion> {
  await checkModelFile(files.model);
  const runRecord = files.runRecord ? await readJsonFile(files.runRecord, 'run record') : undefined;
  const evaluation = files.evaluation ? await readJsonFile(files.evaluation, 'evaluation') : undefined;
  if (files.profile) await readJsonFile(files.profile, 'profile');

  const sources: { name: string; path: string; contentType: string }[] = [
    { name: 'model.onnx', path: files.model, contentType: 'application/octet-stream' },
    ...(files.profile
      ? [{ name: 'profile.json', path: files.profile, contentType: 'application/json' }]
      : []),
    ...(files.evaluation
      ? [{ name: 'evaluation.json', path: files.evaluation, contentType: 'application/json' }]
      : []),
  ];
  const digests: LineageAsset[] = [];
  for (const source of sources) digests.push({ name: source.name, ...(await fileDigest(source.path)) });

  const warnings: string[] = [];
  const recordedSha = recordedModelSha256(runRecord);
  const modelSha = digests[0]?.sha256;
  if (recordedSha && recordedSha !== modelSha) {
    warnings.push(
      `${files.model}: sha256 ${modelSha} differs from the run record's model sha256 ${recordedSha} — was the model rebuilt after training?`,
    );
  }

  const uploads: ReleaseAsset[] = sources.map((source) => ({
    name: source.name,
    contentType: source.contentType,
    data: { path: source.path },
  }));
  const lineage = (identity: VersionIdentity) =>
    buildLineage(identity, {
      assets: digests,
      code,
      createdAt,
      ...(runRecord !== undefined ? { runRecord } : {}),
      ...(evaluation !== undefined ? { evaluation } : {}),
      ...(extras.scoring ? { scoring: extras.scoring } : {}),
    });
  return {
    // lineage.json second: a reader of the asset list finds the model and its digests first.
    assets: (identity) => [...uploads.slice(0, 1), lineageAsset(lineage(identity)), ...uploads.slice(1)],
    lineage,
    warnings,
  };
}

/** lineage.json as a release asset. */
export function lineageAsset(lineage: Lineage): ReleaseAsset {
  return {
    name: 'lineage.json',
    contentType: 'application/json',
    data: new TextEncoder().encode(`${JSON.stringify(lineage, null, 2)}\n`),
  };
}

async function checkModelFile(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new Error(`${path}: model file not found — give the path of the ONNX model to register.`);
  if (!info.isFile()) throw new Error(`${path}: is not a file — give the path of the ONNX model.`);
  if (info.size === 0) throw new Error(`${path}: the model file is empty.`);
}

function recordedModelSha256(runRecord: unknown): string | undefined {
  const model = (runRecord as { model?: { sha256?: unknown } } | undefined)?.model;
  return typeof model?.sha256 === 'string' ? model.sha256 : undefined;
}
