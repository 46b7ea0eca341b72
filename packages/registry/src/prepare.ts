import { stat } from 'node:fs/promises';
import { fileDigest } from './digest';
import { readJsonFile } from './json-file';
import {
  buildLineage,
  type CodeProvenance,
  type Lineage,
  type LineageAsset,
  type LineageEvaluation,
  type LineageRunRecord,
  type LineageScoring,
} from './lineage';
import type { ReleaseAsset, VersionIdentity } from './register';

/** The files a version is registered from (its release assets); all but the model are optional. */
export interface ModelVersionFiles {
  model: string;
  evaluation?: string;
  profile?: string;
}

/** Everything a version is registered from besides its files. */
export interface ModelVersionExtras {
  /** lineage.json's `scoring` block (see `Lineage.scoring`). */
  scoring?: LineageScoring;
  /** The training run's record (run.json, parsed by the model package's `parseRunRecord`). */
  runRecord?: LineageRunRecord & { model?: { sha256: string } };
  /** The evaluation file's content (parsed by the stats package's `parseEvaluation`); required with `files.evaluation`. */
  evaluation?: LineageEvaluation;
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
  const { runRecord, evaluation } = extras;
  if (files.evaluation && !evaluation)
    throw new Error(
      `${files.evaluation}: the evaluation was not read — parse it with parseEvaluation and pass it.`,
    );
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
  const recordedSha = runRecord?.model?.sha256;
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
      ...(runRecord ? { runRecord } : {}),
      ...(evaluation ? { evaluation } : {}),
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
