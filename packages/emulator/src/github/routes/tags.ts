import { paged, type RouteDef } from '../context';
import { nodeId, repoApiUrl } from '../json/site';

/** Tags, newest first (refs are kept in creation order). */
export const tagRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/tags',
    operationId: 'repos/list-tags',
    handler: (ctx) => {
      const api = repoApiUrl(ctx.site);
      const tags = [...ctx.store.git.refs]
        .filter(([ref]) => ref.startsWith('refs/tags/'))
        .map(([ref, sha]) => ({ name: ref.slice('refs/tags/'.length), sha }))
        .reverse();
      return paged(ctx, tags, ({ name, sha }) => ({
        name,
        zipball_url: `${api}/zipball/refs/tags/${encodeURIComponent(name)}`,
        tarball_url: `${api}/tarball/refs/tags/${encodeURIComponent(name)}`,
        commit: { sha, url: `${api}/commits/${sha}` },
        node_id: nodeId('Ref', `${ctx.site.owner}/${ctx.site.repo}:refs/tags/${name}`),
      }));
    },
  },
];
