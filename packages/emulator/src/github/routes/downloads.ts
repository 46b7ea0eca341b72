import { param, type RouteDef } from '../context';
import { notFound } from '../errors';
import { downloadSlug } from '../state/releases';
import { readFile } from '../state/repo-git';

/**
 * The emulator's stand-ins for github.com release downloads and raw.githubusercontent.com:
 * not API operations, served without a token (GitHub signs these URLs instead).
 */
export const downloadRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/{owner}/{repo}/releases/download/{tag}/{name}',
    operationId: undefined,
    public: true,
    handler: (ctx) => {
      const slug = param(ctx, 'tag');
      const name = param(ctx, 'name');
      const releases = [...ctx.store.releases.values()].filter((r) => downloadSlug(r) === slug);
      for (const release of releases) {
        const asset = release.assets.find((a) => a.name === name);
        if (!asset) continue;
        asset.download_count++;
        return {
          status: 200,
          raw: asset.data,
          headers: {
            'content-type': 'application/octet-stream',
            'content-disposition': `attachment; filename=${encodeURIComponent(asset.name)}`,
          },
        };
      }
      throw notFound();
    },
  },
  {
    method: 'GET',
    path: '/{owner}/{repo}/raw/{sha}/{path}',
    operationId: undefined,
    public: true,
    greedy: true,
    handler: (ctx) => {
      const content = readFile(ctx.store, param(ctx, 'path'), param(ctx, 'sha'));
      if (!content) throw notFound();
      return { status: 200, raw: content, headers: { 'content-type': 'text/plain; charset=utf-8' } };
    },
  },
];
