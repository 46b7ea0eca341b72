import { createHash, randomBytes } from 'node:crypto';
import { validationFailed } from '../errors';
import type { AssetRecord, ReleaseRecord, UserRecord } from './records';
import { resolveCommitish } from './repo-git';
import type { Store } from './store';

/** Releases and their assets, with GitHub's rules for tags, drafts and "latest". */

export type MakeLatest = 'true' | 'false' | 'legacy';

export interface ReleaseInput {
  tag_name: string;
  target_commitish?: string;
  name?: string | null;
  body?: string | null;
  draft?: boolean;
  prerelease?: boolean;
  make_latest?: MakeLatest;
}

export function createRelease(store: Store, input: ReleaseInput, author: UserRecord): ReleaseRecord {
  const now = store.now();
  const release: ReleaseRecord = {
    id: store.nextId(),
    tag_name: input.tag_name,
    target_commitish: input.target_commitish ?? store.defaultBranch,
    name: input.name ?? null,
    body: input.body ?? null,
    draft: input.draft ?? false,
    prerelease: input.prerelease ?? false,
    author,
    created_at: now,
    published_at: null,
    updated_at: now,
    untagged_slug: `untagged-${randomBytes(10).toString('hex')}`,
    assets: [],
  };
  checkTarget(store, release);
  if (!release.draft) publish(store, release, input.make_latest);
  store.releases.set(release.id, release);
  return release;
}

/**
 * Applies a PATCH; turning `draft` off publishes (and tags) the release. `make_latest` is not
 * remembered from a draft's creation: publishing without it makes the release latest, the
 * stricter reading of GitHub's docs (its default is 'true').
 */
export function updateRelease(store: Store, release: ReleaseRecord, patch: Partial<ReleaseInput>): void {
  const wasDraft = release.draft;
  const next: ReleaseRecord = { ...release };
  if (patch.tag_name !== undefined) next.tag_name = patch.tag_name;
  if (patch.target_commitish !== undefined) next.target_commitish = patch.target_commitish;
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.body !== undefined) next.body = patch.body;
  if (patch.prerelease !== undefined) next.prerelease = patch.prerelease;
  if (patch.draft !== undefined) next.draft = patch.draft;
  checkTarget(store, next);
  if (!next.draft) {
    if (wasDraft || next.tag_name !== release.tag_name) publish(store, next, patch.make_latest);
    else if (patch.make_latest !== undefined) applyMakeLatest(store, next, patch.make_latest);
  } else {
    next.published_at = null;
    if (store.latestReleaseId === next.id) store.latestReleaseId = undefined;
  }
  if (next.prerelease && store.latestReleaseId === next.id) store.latestReleaseId = undefined;
  next.updated_at = store.now();
  Object.assign(release, next);
}

export function deleteRelease(store: Store, release: ReleaseRecord): void {
  store.releases.delete(release.id);
  if (store.latestReleaseId === release.id) store.latestReleaseId = undefined;
}

/** The release `GET /releases/latest` returns: published, not a prerelease, chosen by make_latest. */
export function latestRelease(store: Store): ReleaseRecord | undefined {
  const id = store.latestReleaseId;
  const release = id === undefined ? undefined : store.releases.get(id);
  return release && !release.draft && !release.prerelease ? release : undefined;
}

/** Drafts are not found by tag, as on GitHub. */
export function releaseByTag(store: Store, tag: string): ReleaseRecord | undefined {
  return [...store.releases.values()].find((r) => !r.draft && r.tag_name === tag);
}

function checkTarget(store: Store, release: ReleaseRecord): void {
  // An existing tag wins; otherwise the tag will be made from target_commitish, which must exist.
  if (store.git.refs.has(`refs/tags/${release.tag_name}`)) return;
  if (!resolveCommitish(store, release.target_commitish)) {
    throw validationFailed({ resource: 'Release', code: 'invalid', field: 'target_commitish' });
  }
}

function publish(store: Store, release: ReleaseRecord, makeLatest: MakeLatest = 'true'): void {
  const taken = [...store.releases.values()].some(
    (r) => r.id !== release.id && !r.draft && r.tag_name === release.tag_name,
  );
  if (taken) throw validationFailed({ resource: 'Release', code: 'already_exists', field: 'tag_name' });
  const tagRef = `refs/tags/${release.tag_name}`;
  if (!store.git.refs.has(tagRef)) {
    store.git.refs.set(tagRef, resolveCommitish(store, release.target_commitish) as string);
  }
  release.published_at = store.now();
  applyMakeLatest(store, release, makeLatest);
}

function applyMakeLatest(store: Store, release: ReleaseRecord, makeLatest: MakeLatest): void {
  if (release.draft || release.prerelease) return;
  if (makeLatest === 'true') {
    store.latestReleaseId = release.id;
  } else if (makeLatest === 'legacy') {
    // The old rule: the most recently created published release.
    const candidates = [...store.releases.values(), release].filter((r) => !r.draft && !r.prerelease);
    store.latestReleaseId = candidates.sort((a, b) => b.id - a.id)[0]?.id;
  } else if (store.latestReleaseId === release.id) {
    store.latestReleaseId = undefined;
  }
}

export interface AssetInput {
  name: string;
  label?: string | null;
  content_type: string;
  data: Buffer;
  uploader: UserRecord;
}

export function uploadAsset(store: Store, release: ReleaseRecord, input: AssetInput): AssetRecord {
  if (release.assets.some((a) => a.name === input.name)) {
    throw validationFailed({ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' });
  }
  const now = store.now();
  const asset: AssetRecord = {
    id: store.nextId(),
    release_id: release.id,
    name: input.name,
    label: input.label ?? null,
    content_type: input.content_type,
    data: input.data,
    digest: `sha256:${createHash('sha256').update(input.data).digest('hex')}`,
    download_count: 0,
    uploader: input.uploader,
    created_at: now,
    updated_at: now,
  };
  release.assets.push(asset);
  return asset;
}

export function findAsset(
  store: Store,
  id: number,
): { release: ReleaseRecord; asset: AssetRecord } | undefined {
  for (const release of store.releases.values()) {
    const asset = release.assets.find((a) => a.id === id);
    if (asset) return { release, asset };
  }
  return undefined;
}

/** The path segment a release's downloads live under: its tag, or `untagged-…` for drafts. */
export function downloadSlug(release: ReleaseRecord): string {
  return release.draft ? release.untagged_slug : release.tag_name;
}
