import {
  body,
  intParam,
  json,
  noContent,
  optionalBoolean,
  optionalString,
  paged,
  param,
  requiredString,
  type Body,
  type Ctx,
  type RouteDef,
} from '../context';
import { invalidRequest, notFound } from '../errors';
import { releaseJson } from '../json/releases';
import type { ReleaseRecord } from '../state/records';
import {
  createRelease,
  deleteRelease,
  latestRelease,
  releaseByTag,
  updateRelease,
  type MakeLatest,
  type ReleaseInput,
} from '../state/releases';

/** Releases: drafts, publishing, latest, lookup by tag. */

/** Drafts are visible only to tokens that can push, as on GitHub. */
function visible(ctx: Ctx, release: ReleaseRecord): boolean {
  return !release.draft || ctx.identity.permission === 'write';
}

export function findRelease(ctx: Ctx): ReleaseRecord {
  const release = ctx.store.releases.get(intParam(ctx, 'release_id'));
  if (!release || !visible(ctx, release)) throw notFound();
  return release;
}

function makeLatest(b: Body): MakeLatest | undefined {
  const value = optionalString(b, 'make_latest');
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false' && value !== 'legacy') {
    throw invalidRequest(`For 'make_latest', "${value}" is not a member of ["true", "false", "legacy"].`);
  }
  return value;
}

function releaseFields(b: Body): Partial<ReleaseInput> {
  const fields: Partial<ReleaseInput> = {};
  const tag = optionalString(b, 'tag_name');
  const target = optionalString(b, 'target_commitish');
  const draft = optionalBoolean(b, 'draft');
  const prerelease = optionalBoolean(b, 'prerelease');
  const latest = makeLatest(b);
  if (tag !== undefined) fields.tag_name = tag;
  if (target !== undefined) fields.target_commitish = target;
  if ('name' in b) fields.name = b.name === null ? null : optionalString(b, 'name');
  if ('body' in b) fields.body = b.body === null ? null : optionalString(b, 'body');
  if (draft !== undefined) fields.draft = draft;
  if (prerelease !== undefined) fields.prerelease = prerelease;
  if (latest !== undefined) fields.make_latest = latest;
  return fields;
}

export const releaseRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/releases',
    operationId: 'repos/create-release',
    handler: (ctx) => {
      const b = body(ctx);
      const release = createRelease(
        ctx.store,
        { ...releaseFields(b), tag_name: requiredString(b, 'tag_name') },
        ctx.identity.user,
      );
      const rendered = releaseJson(ctx.site, release);
      return json(201, rendered, { location: rendered.url });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/releases',
    operationId: 'repos/list-releases',
    handler: (ctx) => {
      const releases = [...ctx.store.releases.values()].filter((r) => visible(ctx, r)).reverse();
      return paged(ctx, releases, (r) => releaseJson(ctx.site, r));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/releases/latest',
    operationId: 'repos/get-latest-release',
    handler: (ctx) => {
      const release = latestRelease(ctx.store);
      if (!release) throw notFound();
      return json(200, releaseJson(ctx.site, release));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/releases/tags/{tag}',
    operationId: 'repos/get-release-by-tag',
    handler: (ctx) => {
      const release = releaseByTag(ctx.store, param(ctx, 'tag'));
      if (!release) throw notFound();
      return json(200, releaseJson(ctx.site, release));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/releases/{release_id}',
    operationId: 'repos/get-release',
    handler: (ctx) => json(200, releaseJson(ctx.site, findRelease(ctx))),
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/releases/{release_id}',
    operationId: 'repos/update-release',
    handler: (ctx) => {
      const release = findRelease(ctx);
      updateRelease(ctx.store, release, releaseFields(body(ctx)));
      return json(200, releaseJson(ctx.site, release));
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/releases/{release_id}',
    operationId: 'repos/delete-release',
    handler: (ctx) => {
      deleteRelease(ctx.store, findRelease(ctx));
      return noContent();
    },
  },
];
