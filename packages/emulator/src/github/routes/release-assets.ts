import { randomBytes } from 'node:crypto';
import {
  body,
  intParam,
  json,
  noContent,
  optionalString,
  paged,
  query,
  type Ctx,
  type RouteDef,
} from '../context';
import { invalidRequest, notFound } from '../errors';
import { assetJson } from '../json/releases';
import { findAsset, uploadAsset } from '../state/releases';
import { findRelease } from './releases';

/** Release assets. Uploads go to the uploads host; downloads redirect to the bytes. */

function findAssetOr404(ctx: Ctx) {
  const found = findAsset(ctx.store, intParam(ctx, 'asset_id'));
  if (!found || (found.release.draft && ctx.identity.permission !== 'write')) throw notFound();
  return found;
}

/** Signatures of the storage URLs handed out, per store: a URL works only as the API signed it. */
const signedDownloads = new WeakMap<object, Map<string, number>>();

function signDownload(store: object, assetId: number): string {
  const signatures = signedDownloads.get(store) ?? new Map<string, number>();
  signedDownloads.set(store, signatures);
  const signature = randomBytes(16).toString('hex');
  signatures.set(signature, assetId);
  return signature;
}

/** Served by the uploads server only (`upload_url` points there; signed downloads are stored there). */
export const uploadRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/storage/release-assets/{asset_id}',
    operationId: undefined,
    public: true,
    handler: (ctx) => {
      const assetId = intParam(ctx, 'asset_id');
      const signature = ctx.url.searchParams.get('sig') ?? '';
      const found = findAsset(ctx.store, assetId);
      if (!found || signedDownloads.get(ctx.store)?.get(signature) !== assetId) throw notFound();
      found.asset.download_count++;
      return {
        status: 200,
        raw: found.asset.data,
        headers: {
          'content-type': 'application/octet-stream',
          'content-disposition': `attachment; filename=${encodeURIComponent(found.asset.name)}`,
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/releases/{release_id}/assets',
    operationId: 'repos/upload-release-asset',
    handler: (ctx) => {
      const release = findRelease(ctx);
      const name = query(ctx, 'name');
      if (!name) throw invalidRequest(`"name" wasn't supplied.`);
      const asset = uploadAsset(ctx.store, release, {
        name,
        label: query(ctx, 'label') ?? null,
        content_type: String(ctx.headers['content-type'] ?? 'application/octet-stream'),
        data: ctx.raw,
        uploader: ctx.identity.user,
      });
      return json(201, assetJson(ctx.site, release, asset));
    },
  },
];

export const releaseAssetRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/releases/{release_id}/assets',
    operationId: 'repos/list-release-assets',
    handler: (ctx) => {
      const release = findRelease(ctx);
      return paged(ctx, release.assets, (a) => assetJson(ctx.site, release, a));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/releases/assets/{asset_id}',
    operationId: 'repos/get-release-asset',
    handler: (ctx) => {
      const { release, asset } = findAssetOr404(ctx);
      // `Accept: application/octet-stream` asks for the bytes: GitHub redirects to a signed URL on
      // another host (release-assets.githubusercontent.com), so the client must not forward its
      // token there. Here that host is the uploads server.
      if (/application\/octet-stream/.test(String(ctx.headers.accept ?? ''))) {
        const signature = signDownload(ctx.store, asset.id);
        const location = `${ctx.site.uploads}/storage/release-assets/${asset.id}?sig=${signature}`;
        return { status: 302, headers: { location } };
      }
      return json(200, assetJson(ctx.site, release, asset));
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/releases/assets/{asset_id}',
    operationId: 'repos/update-release-asset',
    handler: (ctx) => {
      const { release, asset } = findAssetOr404(ctx);
      const b = body(ctx);
      const name = optionalString(b, 'name');
      if (name !== undefined && name !== asset.name && release.assets.some((a) => a.name === name)) {
        throw invalidRequest(`An asset named ${name} already exists.`);
      }
      if (name !== undefined) asset.name = name;
      const label = optionalString(b, 'label');
      if (label !== undefined) asset.label = label;
      asset.updated_at = ctx.store.now();
      return json(200, assetJson(ctx.site, release, asset));
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/releases/assets/{asset_id}',
    operationId: 'repos/delete-release-asset',
    handler: (ctx) => {
      const { release, asset } = findAssetOr404(ctx);
      release.assets = release.assets.filter((a) => a.id !== asset.id);
      return noContent();
    },
  },
];
