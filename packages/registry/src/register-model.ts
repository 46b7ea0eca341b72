import type { GitHubClient } from '@mlops-actions/github';
import { fileDigest } from './digest';
import { downloadReleaseAsset } from './download';
import { parseLineage, type CodeProvenance, type Lineage, type LineageScoring } from './lineage';
import { prepareModelVersion, type ModelVersionExtras, type ModelVersionFiles } from './prepare';
import { registerModelVersion, type RegisteredVersion } from './register';
import type { RepoRef } from './releases';

export interface RegisterModelRequest extends RepoRef {
  modelName: string;
  files: ModelVersionFiles;
  /** lineage.json's `scoring` block: how to score the version (feature order, output kind, classes). */
  scoring?: LineageScoring;
  /** run.json and evaluation.json, parsed by their owners (see `ModelVersionExtras`). */
  runRecord?: ModelVersionExtras['runRecord'];
  evaluation?: ModelVersionExtras['evaluation'];
  /**
   * Where the version comes from; its `sha` is what the tag points at. Its `runId` with the model's
   * sha256 makes re-runs idempotent: same run and same model bytes, same version.
   */
  code: CodeProvenance;
  version?: number;
  /** Renders the release body (the model card) from the lineage. */
  renderCard: (lineage: Lineage) => string;
  log?: (line: string) => void;
  warn?: (line: string) => void;
  now?: Date;
}

export interface RegisteredModel extends RegisteredVersion {
  /** The lineage.json of the version as published (on a re-run: the one the first attempt uploaded). */
  lineage: Lineage;
}

/**
 * register-model end to end: checks and hashes the files (nothing is written to GitHub when one
 * is missing or unreadable), builds lineage.json and the model card, and registers the version.
 */
export async function registerModel(
  octokit: GitHubClient,
  request: RegisterModelRequest,
): Promise<RegisteredModel> {
  const prepared = await prepareModelVersion(request.files, request.code, request.now, {
    ...(request.scoring ? { scoring: request.scoring } : {}),
    ...(request.runRecord ? { runRecord: request.runRecord } : {}),
    ...(request.evaluation ? { evaluation: request.evaluation } : {}),
  });
  for (const warning of prepared.warnings) (request.warn ?? request.log)?.(warning);
  const { owner, repo } = request;
  const registered = await registerModelVersion(octokit, {
    owner,
    repo,
    modelName: request.modelName,
    sha: request.code.sha,
    runId: request.code.runId,
    runAttempt: request.code.runAttempt,
    // Keyed on the bytes, not the job: matrix jobs of one run registering different models get
    // their own versions, and a re-run of any job with the same model finds its version again.
    modelSha256: (await fileDigest(request.files.model)).sha256,
    ...(request.version !== undefined ? { version: request.version } : {}),
    assets: (identity) => prepared.assets(identity),
    body: (identity) => request.renderCard(prepared.lineage(identity)),
    ...(request.log ? { log: request.log } : {}),
  });
  if (!registered.reused) return { ...registered, lineage: prepared.lineage(registered) };

  // A re-run returns what the first attempt published, not what this attempt would have built.
  const asset = registered.assets.find((a) => a.name === 'lineage.json');
  if (!asset) throw new Error(`${registered.tag} has no lineage.json asset; delete the release and re-run.`);
  const text = (await downloadReleaseAsset(octokit, { owner, repo }, asset.id)).toString('utf8');
  return { ...registered, lineage: parseLineage(text, `${registered.tag}/lineage.json`) };
}
