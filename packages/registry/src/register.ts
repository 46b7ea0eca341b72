import { readFile } from 'node:fs/promises';
import { NO_BLIND_RETRY, writeOnce, type GitHubClient } from '@mlops-actions/github';
import { checkModelName, nextVersion, versionTag } from './naming';
import {
  listModelReleases,
  listModelTags,
  newestModelReleases,
  type ModelRelease,
  type RepoRef,
} from './releases';

export interface ReleaseAsset {
  name: string;
  contentType: string;
  /** The bytes, or the path of a file holding them. */
  data: Uint8Array | { path: string };
}

export interface RegisterRequest extends RepoRef {
  modelName: string;
  /** The commit the version's tag points at. */
  sha: string;
  /** The workflow run registering it: a re-run of the same run finds its version again. */
  runId: number;
  /** The run's attempt (GITHUB_RUN_ATTEMPT): drafts left by an earlier, finished attempt are removed. */
  runAttempt?: number;
  /**
   * sha256 (hex) of the model's bytes. Within one run the same bytes are the same version and
   * different bytes a new one, so two matrix jobs of a run registering different models get two
   * versions. Without it, one run registers one version of a model.
   */
  modelSha256?: string;
  /** An explicit version number; by default the next after every existing tag and release. */
  version?: number;
  /** The release's assets, built once the version is known (lineage.json names its own version). */
  assets: (version: VersionIdentity) => ReleaseAsset[] | Promise<ReleaseAsset[]>;
  /** The release body (the model card). */
  body: (version: VersionIdentity) => string;
  log?: (line: string) => void;
}

export interface VersionIdentity {
  modelName: string;
  version: number;
  tag: string;
}

export interface RegisteredVersion extends VersionIdentity {
  releaseId: number;
  releaseUrl: string;
  /** True when this run had already registered the version (a re-run): nothing new was created. */
  reused: boolean;
  /** The release's assets as GitHub holds them. */
  assets: { id: number; name: string; size: number }[];
}

const MAX_TAG_RACES = 5;
/** How long a registration waits for a twin (see waitForTwin) to publish before publishing its own. */
const TWIN_WAIT_MS = 120_000;

/**
 * Records a model version as a GitHub Release tagged `<model>@v<N>`:
 *
 * 1. A re-run of the same workflow run with the same model bytes returns the version it
 *    registered before (found by a hidden marker in the release body: model, run id, attempt,
 *    model sha256); a draft left by a crashed earlier attempt is cleaned up first.
 * 2. The version number is reserved by creating the git tag, which is atomic: when a concurrent
 *    registration took the number, creating the tag fails and the next number is tried.
 * 3. The release is created as a draft (never marked "latest" for the repository), its assets are
 *    uploaded, and only then is it published. On any failure the draft and the tag are deleted, so
 *    no half-version is ever visible.
 * 4. Before publishing, a twin is looked for: another job of the same attempt registering the same
 *    model bytes at the same moment (matrix siblings that train identically), which reserved a lower
 *    number. The higher one waits for the twin to publish, then removes its own draft and tag and
 *    answers with the twin's version — one version for one model, as a re-run gets.
 */
export async function registerModelVersion(
  octokit: GitHubClient,
  request: RegisterRequest,
): Promise<RegisteredVersion> {
  const { owner, repo, modelName } = request;
  checkModelName(modelName);
  const log = request.log ?? (() => undefined);
  const marker = runMarker(modelName, request.runId, {
    ...(request.runAttempt !== undefined ? { attempt: request.runAttempt } : {}),
    ...(request.modelSha256 !== undefined ? { sha256: request.modelSha256 } : {}),
  });

  const releases = await listModelReleases(octokit, { owner, repo }, modelName);
  const thisRun = releases.flatMap((release) => {
    const found = parseRunMarker(release.body);
    return found && found.modelName === modelName && found.runId === request.runId
      ? [{ release, marker: found }]
      : [];
  });
  // Same run and same model bytes: the same version. A marker without a sha256 (a request gave
  // none) stands for the whole run: nothing tells its models apart.
  const sameModel = (found: RunMarker) =>
    found.sha256 === undefined || request.modelSha256 === undefined || found.sha256 === request.modelSha256;
  const earlier = thisRun.find(({ release, marker: found }) => !release.draft && sameModel(found))?.release;
  if (earlier) {
    log(`This run already registered ${earlier.tag} from these model bytes; reusing it.`);
    return {
      modelName,
      version: earlier.version,
      tag: earlier.tag,
      releaseId: earlier.releaseId,
      releaseUrl: earlier.htmlUrl,
      reused: true,
      assets: earlier.assets,
    };
  }
  // A re-run starts after every job of the earlier attempt has ended, so their drafts are
  // leftovers whatever model they held. A draft of this same attempt belongs to another job that
  // is registering right now (a matrix sibling): it is left alone.
  const leftovers = thisRun
    .filter(({ release, marker: found }) => release.draft && isEarlierAttempt(found, request, sameModel))
    .map(({ release }) => release);
  for (const draft of leftovers) {
    log(`Removing the draft ${draft.tag} left by an earlier attempt of this run.`);
    await discard(octokit, { owner, repo }, draft.releaseId, draft.tag);
  }

  const tags = await listModelTags(octokit, { owner, repo }, modelName);
  const identity = await reserveTag(
    octokit,
    request,
    // The crashed attempt's draft and tag are gone: its number is free again.
    nextVersion(modelName, [...tags, ...releases.filter((r) => !leftovers.includes(r)).map((r) => r.tag)]),
  );
  log(`Reserved ${identity.tag} at ${request.sha.slice(0, 7)}.`);

  let releaseId: number | undefined;
  try {
    const body = `${request.body(identity)}\n\n${marker}\n`;
    const { value: draft } = await writeOnce(octokit, {
      write: async () =>
        (
          await octokit.rest.repos.createRelease({
            owner,
            repo,
            tag_name: identity.tag,
            target_commitish: request.sha,
            name: `${modelName} v${identity.version}`,
            body,
            draft: true,
            make_latest: 'false',
            request: NO_BLIND_RETRY,
          })
        ).data,
      // The draft a lost reply made: this tag, this run's marker.
      find: async () => {
        const mine = (await newestModelReleases(octokit, { owner, repo }, modelName)).find(
          (release) => release.tag === identity.tag && release.body.includes(marker),
        );
        return (
          mine && (await octokit.rest.repos.getRelease({ owner, repo, release_id: mine.releaseId })).data
        );
      },
    });
    releaseId = draft.id;
    for (const asset of await request.assets(identity)) {
      const data = asset.data instanceof Uint8Array ? asset.data : await readFile(asset.data.path);
      log(`Uploading ${asset.name} (${data.length} bytes) …`);
      await writeOnce(octokit, {
        write: async () =>
          (
            await octokit.rest.repos.uploadReleaseAsset({
              owner,
              repo,
              release_id: draft.id,
              url: draft.upload_url,
              name: asset.name,
              // octokit sends the bytes as they are when given a Buffer; the type says string.
              data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as string,
              // No content-length: fetch derives it from the Buffer, and a second one set here is sent as
              // "n, n", which Node 24's own HTTP client (undici 7) refuses as an invalid header.
              headers: { 'content-type': asset.contentType },
              request: NO_BLIND_RETRY,
            })
          ).data,
        // An upload whose reply was lost is on the draft already, complete, under its name.
        find: async () => {
          const { data: assets } = await octokit.rest.repos.listReleaseAssets({
            owner,
            repo,
            release_id: draft.id,
            per_page: 100,
          });
          return assets.find(
            (a) => a.name === asset.name && a.size === data.length && a.state === 'uploaded',
          );
        },
      });
    }
    const twin = await waitForTwin(octokit, request, marker, identity, log);
    if (twin) {
      log(`A job of this run published ${twin.tag} from the same model bytes; removing ${identity.tag}.`);
      await discard(octokit, { owner, repo }, draft.id, identity.tag);
      return {
        modelName,
        version: twin.version,
        tag: twin.tag,
        releaseId: twin.releaseId,
        releaseUrl: twin.htmlUrl,
        reused: true,
        assets: twin.assets,
      };
    }
    const { data: published } = await octokit.rest.repos.updateRelease({
      owner,
      repo,
      release_id: draft.id,
      draft: false,
      make_latest: 'false',
    });
    log(`Published ${identity.tag}: ${published.html_url}`);
    return {
      ...identity,
      releaseId: published.id,
      releaseUrl: published.html_url,
      reused: false,
      assets: published.assets.map((asset) => ({ id: asset.id, name: asset.name, size: asset.size })),
    };
  } catch (error) {
    // The publish may have reached GitHub even though its reply did not reach us: a release that
    // is already published is a complete version, never something to clean up.
    if (releaseId !== undefined && (await isPublished(octokit, { owner, repo }, releaseId))) {
      log(`Publishing ${identity.tag} reported an error, but the release is published; keeping it.`);
      throw error;
    }
    log(`Registration of ${identity.tag} failed; removing its draft and tag.`);
    await discard(octokit, { owner, repo }, releaseId, identity.tag).catch((cleanupError: unknown) =>
      log(`Cleanup failed too: ${(cleanupError as Error).message}`),
    );
    throw error;
  }
}

/**
 * The published twin of this registration — the lowest-numbered other release carrying exactly its
 * marker (same model, run, attempt and model bytes) — waiting while that one is still a draft, up to
 * TWIN_WAIT_MS. Undefined when there is none (the usual case: one page of releases), when it goes away (its
 * job failed), or when it is still a draft after the wait: then this registration publishes its own.
 * The lowest number never waits, so twins never wait for each other.
 */
async function waitForTwin(
  octokit: GitHubClient,
  request: RegisterRequest,
  marker: string,
  identity: VersionIdentity,
  log: (message: string) => void,
): Promise<ModelRelease | undefined> {
  // Without the attempt and the model's sha256, a marker does not say "the same model bytes".
  if (request.runAttempt === undefined || request.modelSha256 === undefined) return undefined;
  const repo = { owner: request.owner, repo: request.repo };
  const deadline = Date.now() + TWIN_WAIT_MS;
  for (let pause = 500; ; pause = Math.min(pause * 2, 5_000)) {
    // A twin was registered while this job was: among the newest releases.
    const releases = await newestModelReleases(octokit, repo, request.modelName);
    const twin = releases
      .filter((release) => release.version < identity.version && release.body.includes(marker))
      .sort((a, b) => a.version - b.version)[0];
    if (!twin || !twin.draft) return twin;
    if (Date.now() + pause > deadline) return undefined;
    log(`Waiting for ${twin.tag}, which a job of this run is registering from the same model bytes …`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

interface RunMarker {
  modelName: string;
  runId: number;
  attempt?: number;
  /** sha256 (hex) of the model bytes the version was registered from. */
  sha256?: string;
}

/**
 * The hidden line in a release body that ties it to the workflow run, its attempt, and the model
 * bytes that registered it, e.g.
 * `<!-- mlops-actions:model-version model=churn run=42 attempt=1 sha256=9f86d0… -->`.
 */
export function runMarker(
  modelName: string,
  runId: number,
  extra: { attempt?: number; sha256?: string } = {},
): string {
  const attempt = extra.attempt !== undefined ? ` attempt=${extra.attempt}` : '';
  const sha256 = extra.sha256 !== undefined ? ` sha256=${extra.sha256}` : '';
  return `<!-- mlops-actions:model-version model=${modelName} run=${runId}${attempt}${sha256} -->`;
}

const RUN_MARKER =
  /<!-- mlops-actions:model-version model=(\S+) run=(\d+)(?: attempt=(\d+))?(?: sha256=([0-9a-f]{64}))? -->/;

/** The run marker in a release body (older markers have neither attempt nor sha256). */
function parseRunMarker(body: string): RunMarker | undefined {
  const match = RUN_MARKER.exec(body);
  if (!match) return undefined;
  const [, modelName = '', runId, attempt, sha256] = match;
  return {
    modelName,
    runId: Number(runId),
    ...(attempt !== undefined ? { attempt: Number(attempt) } : {}),
    ...(sha256 !== undefined ? { sha256 } : {}),
  };
}

/**
 * Whether a draft of this run was left by an attempt that has ended. Without attempt numbers on
 * both sides, a draft of the same model is taken to be a crashed attempt's: nothing tells
 * them apart.
 */
function isEarlierAttempt(
  found: RunMarker,
  request: RegisterRequest,
  sameModel: (found: RunMarker) => boolean,
): boolean {
  if (found.attempt !== undefined && request.runAttempt !== undefined)
    return found.attempt < request.runAttempt;
  return sameModel(found);
}

async function reserveTag(
  octokit: GitHubClient,
  request: RegisterRequest,
  next: number,
): Promise<VersionIdentity> {
  let version = request.version ?? next;
  for (let attempt = 0; attempt < MAX_TAG_RACES; attempt++) {
    const tag = versionTag(request.modelName, version);
    try {
      await writeOnce(octokit, {
        write: async () => {
          await octokit.rest.git.createRef({
            owner: request.owner,
            repo: request.repo,
            ref: `refs/tags/${tag}`,
            sha: request.sha,
            request: NO_BLIND_RETRY,
          });
          return true as const;
        },
        // A lost reply made the tag: it is there, at this commit, with no release yet.
        find: () => unreleasedTagAt(octokit, request, tag),
      });
      return { modelName: request.modelName, version, tag };
    } catch (error) {
      // Only "Reference already exists" means another registration took the number; any other
      // 422 (e.g. "Object does not exist": a commit GitHub does not have) is the caller's to see.
      if (!isTagTaken(error)) {
        throw new Error(`Cannot create the tag ${tag} at ${request.sha}: ${(error as Error).message}`);
      }
      if (request.version !== undefined) {
        throw new Error(`Version ${tag} already exists; leave \`version\` empty to register the next one.`);
      }
      version += 1;
    }
  }
  throw new Error(
    `Could not reserve a version tag for ${request.modelName} after ${MAX_TAG_RACES} concurrent registrations.`,
  );
}

async function isPublished(octokit: GitHubClient, repo: RepoRef, releaseId: number): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getRelease({ ...repo, release_id: releaseId });
    return !data.draft;
  } catch {
    return false;
  }
}

function isTagTaken(error: unknown): boolean {
  const { status, message } = error as { status?: number; message?: string };
  return status === 422 && /already exists/i.test(message ?? '');
}

/**
 * Removes a draft and its tag — but never a tag a published release stands on: a stray draft of an
 * earlier attempt can share its tag with the version that attempt did publish.
 */
async function discard(octokit: GitHubClient, repo: RepoRef, releaseId: number | undefined, tag: string) {
  if (releaseId !== undefined) {
    await octokit.rest.repos.deleteRelease({ ...repo, release_id: releaseId }).catch(ignoreNotFound);
  }
  if (await isPublishedTag(octokit, repo, tag)) return;
  await octokit.rest.git.deleteRef({ ...repo, ref: `tags/${tag}` }).catch(ignoreNotFound);
}

/** Whether a published release uses `tag` (GitHub finds only published releases by tag). */
async function isPublishedTag(octokit: GitHubClient, repo: RepoRef, tag: string): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getReleaseByTag({ ...repo, tag });
    return !data.draft;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}

/** The tag, when it exists at the request's commit and no published release uses it yet. */
async function unreleasedTagAt(
  octokit: GitHubClient,
  request: RegisterRequest,
  tag: string,
): Promise<true | undefined> {
  const repo = { owner: request.owner, repo: request.repo };
  try {
    const { data } = await octokit.rest.git.getRef({ ...repo, ref: `tags/${tag}` });
    if (data.object.sha !== request.sha) return undefined;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
  return (await isPublishedTag(octokit, repo, tag)) ? undefined : true;
}

function ignoreNotFound(error: unknown) {
  if ((error as { status?: number }).status !== 404 && (error as { status?: number }).status !== 422)
    throw error;
}

export type { ModelRelease };
