import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GitHubClient } from '@mlops-actions/github';
import { bytesSha256 } from './digest';
import { downloadReleaseAsset } from './download';
import { parseLineage, type Lineage } from './lineage';
import { checkModelName, parseVersionNumber, versionTag } from './naming';
import { listModelReleases, type ModelRelease, type RepoRef } from './releases';
import { findStageDeployment, type StageDeployment } from './stages';

/**
 * No version matches the selector: the model has none yet, the number is unknown, or nothing runs
 * in the environment. Callers branch on it (no production version yet → no baseline).
 */
export class VersionNotFound extends Error {
  constructor(
    message: string,
    readonly modelName: string,
    readonly selector: VersionSelector,
  ) {
    super(message);
    this.name = 'VersionNotFound';
  }
}

/** Nothing of the model runs in the stage's environment (no successful deployment there yet). */
export class StageEmpty extends VersionNotFound {
  constructor(
    modelName: string,
    readonly environment: string,
  ) {
    super(
      `No version of "${modelName}" runs in "${environment}": it has no successful deployment (task deploy:model) to that environment.`,
      modelName,
      { kind: 'stage', environment },
    );
    this.name = 'StageEmpty';
  }
}

/** The selector grammar: `v7` | `7` | `latest` | `stage:<environment>`. */
const SELECTOR = String.raw`v?\d+|latest|stage:.+`;
const MODEL_REFERENCE = new RegExp(String.raw`^([A-Za-z0-9][A-Za-z0-9._-]*)@(${SELECTOR})$`);
const BARE_SELECTOR = new RegExp(`^(${SELECTOR})$`);

/** Whether `text` is a version selector (`v7`, `7`, `latest`, `stage:production`) rather than a path. */
export function isVersionSelector(text: string): boolean {
  return BARE_SELECTOR.test(text.trim());
}

/**
 * `churn@v7`, `churn@latest`, `churn@stage:production` — how a workflow names a registry version
 * (evaluate's `model`/`baseline`, drift-check's `model`). Undefined for anything else, e.g. a path.
 */
export function parseModelReference(
  text: string,
): { modelName: string; selector: VersionSelector } | undefined {
  const match = MODEL_REFERENCE.exec(text.trim());
  if (!match) return undefined;
  return { modelName: match[1]!, selector: parseVersionSelector(match[2]!) };
}

/** A selector as users write it: `v7`, `latest`, `stage:production`. */
export function formatVersionSelector(selector: VersionSelector): string {
  if (selector.kind === 'number') return `v${selector.version}`;
  return selector.kind === 'latest' ? 'latest' : `stage:${selector.environment}`;
}

/** Which version to resolve: a number, the highest published one, or what runs in an environment. */
export type VersionSelector =
  { kind: 'number'; version: number } | { kind: 'latest' } | { kind: 'stage'; environment: string };

/** `v7` | `7` | `latest` | `stage:<environment>` → a selector; anything else is a clear error. */
export function parseVersionSelector(text: string): VersionSelector {
  const value = text.trim();
  if (value === 'latest') return { kind: 'latest' };
  if (value.startsWith('stage:')) {
    const environment = value.slice('stage:'.length).trim();
    if (!environment) throw new Error(`"${text}" names no environment: use "stage:production".`);
    return { kind: 'stage', environment };
  }
  if (/^v?\d+$/.test(value)) return { kind: 'number', version: parseVersionNumber(value) };
  throw new Error(`"${text}" is not a version: use "v7", "7", "latest" or "stage:<environment>".`);
}

export interface ResolveRequest extends RepoRef {
  modelName: string;
  selector: VersionSelector;
  /** Where the model is written. */
  path: string;
  /** Where lineage.json is written. */
  lineagePath: string;
  log?: (line: string) => void;
}

export interface ResolvedVersion {
  modelName: string;
  version: number;
  tag: string;
  releaseUrl: string;
  path: string;
  sha256: string;
  lineagePath: string;
  lineage: Lineage;
  /** The deployment it was found through, for `stage:` selectors. */
  stage?: StageDeployment;
}

/**
 * Finds a version, downloads its `lineage.json` and `model.onnx`, and writes them only once the
 * model's sha256 matches the one lineage.json (and, for a stage, the deployment) recorded.
 */
export async function resolveModelVersion(
  octokit: GitHubClient,
  request: ResolveRequest,
): Promise<ResolvedVersion> {
  const { owner, repo, modelName, selector } = request;
  checkModelName(modelName);
  const log = request.log ?? (() => undefined);
  const releases = (await listModelReleases(octokit, { owner, repo }, modelName)).filter((r) => !r.draft);

  let stage: StageDeployment | undefined;
  let release: ModelRelease | undefined;
  if (selector.kind === 'latest') {
    release = releases[0];
    if (!release)
      throw new VersionNotFound(
        `Model "${modelName}" has no versions yet: register one with register-model.`,
        modelName,
        selector,
      );
  } else if (selector.kind === 'number') {
    const tag = versionTag(modelName, selector.version);
    release = releases.find((r) => r.version === selector.version);
    if (!release)
      throw new VersionNotFound(
        `Unknown version ${tag}: ${existingVersions(modelName, releases)}.`,
        modelName,
        selector,
      );
  } else {
    stage = await findStageDeployment(octokit, { owner, repo }, modelName, selector.environment);
    if (!stage) {
      throw new StageEmpty(modelName, selector.environment);
    }
    const deployed = stage;
    release = releases.find((r) => r.version === deployed.version);
    if (!release) {
      throw new Error(
        `"${selector.environment}" runs ${deployed.tag} (deployment ${deployed.deploymentId}), but there is no published release ${deployed.tag}.`,
      );
    }
    log(`${selector.environment} runs ${release.tag} (deployment ${deployed.deploymentId}).`);
  }

  // Both assets are checked before either is downloaded, so a half-registered version fails fast.
  const modelAsset = requireAsset(release, 'model.onnx');
  const lineageAsset = requireAsset(release, 'lineage.json');
  const lineageBytes = await downloadReleaseAsset(octokit, { owner, repo }, lineageAsset.id);
  const lineageText = lineageBytes.toString('utf8');
  const lineage = parseLineage(lineageText, `${release.tag}/lineage.json`);
  const expected = lineage.assets.find((asset) => asset.name === 'model.onnx')?.sha256;
  if (!expected) throw new Error(`${release.tag}/lineage.json records no sha256 for model.onnx.`);

  const model = await downloadReleaseAsset(octokit, { owner, repo }, modelAsset.id);
  const sha256 = bytesSha256(model);
  if (sha256 !== expected) {
    throw new Error(
      `${release.tag}/model.onnx: sha256 mismatch — downloaded ${sha256}, lineage.json records ${expected}. The asset was replaced after registration; nothing was written.`,
    );
  }
  if (stage?.sha256 && stage.sha256 !== sha256) {
    throw new Error(
      `${release.tag}/model.onnx: sha256 ${sha256} differs from ${stage.sha256} recorded by deployment ${stage.deploymentId} to "${stage.environment}"; nothing was written.`,
    );
  }

  await writeBytes(request.path, model);
  await writeBytes(request.lineagePath, Buffer.from(lineageText));
  log(`Wrote ${release.tag} to ${request.path} (sha256 ${sha256}, verified).`);
  return {
    modelName,
    version: release.version,
    tag: release.tag,
    releaseUrl: release.htmlUrl,
    path: request.path,
    sha256,
    lineagePath: request.lineagePath,
    lineage,
    ...(stage ? { stage } : {}),
  };
}

/**
 * Downloads a named version (`parseModelReference`'s result) into `dir` as
 * `<model>-<selector>.onnx` with its lineage.json beside it, sha256-verified — what evaluate,
 * drift-check and the CLI do with `churn@v3` or `churn@stage:production`.
 */
export function downloadModelVersion(
  octokit: GitHubClient,
  repo: RepoRef,
  reference: { modelName: string; selector: VersionSelector },
  dir: string,
  log?: (line: string) => void,
): Promise<ResolvedVersion> {
  const file = `${reference.modelName}-${formatVersionSelector(reference.selector).replace(/[^A-Za-z0-9._-]/g, '_')}`;
  return resolveModelVersion(octokit, {
    ...repo,
    modelName: reference.modelName,
    selector: reference.selector,
    path: join(dir, `${file}.onnx`),
    lineagePath: join(dir, `${file}.lineage.json`),
    ...(log ? { log } : {}),
  });
}

/** How evaluation.json names a downloaded version (its `model` or `baseline`): name, file, tag and digest. */
export function evaluatedVersionReference(resolved: ResolvedVersion): {
  name: string;
  path: string;
  tag: string;
  version: number;
  sha256?: string;
} {
  const sha256 = resolved.lineage.assets.find((asset) => asset.name === 'model.onnx')?.sha256;
  return {
    name: resolved.lineage.model.name,
    path: resolved.path,
    tag: resolved.tag,
    version: resolved.version,
    ...(sha256 ? { sha256 } : {}),
  };
}

function requireAsset(release: ModelRelease, name: string) {
  const asset = release.assets.find((a) => a.name === name);
  if (!asset) {
    throw new Error(
      `${release.tag} has no ${name} asset (it has: ${release.assets.map((a) => a.name).join(', ') || 'none'}) — was it registered by register-model?`,
    );
  }
  return asset;
}

function existingVersions(modelName: string, releases: ModelRelease[]): string {
  if (releases.length === 0) return `model "${modelName}" has no versions yet`;
  return `the versions of "${modelName}" are ${releases.map((r) => `v${r.version}`).join(', ')}`;
}

async function writeBytes(path: string, data: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
}
