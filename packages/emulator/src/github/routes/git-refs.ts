import { body, json, noContent, optionalBoolean, param, requiredString, type RouteDef } from '../context';
import { notFound, unprocessable } from '../errors';
import { refJson } from '../json/git';

/** Git references: branches and tags (`refs/heads/…`, `refs/tags/…`). */
export const gitRefRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/ref/{ref}',
    operationId: 'git/get-ref',
    greedy: true,
    handler: (ctx) => {
      const ref = `refs/${param(ctx, 'ref')}`;
      const sha = ctx.store.git.refs.get(ref);
      if (!sha) throw notFound();
      return json(200, refJson(ctx.site, ref, sha));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/matching-refs/{ref}',
    operationId: 'git/list-matching-refs',
    greedy: true,
    handler: (ctx) => {
      const prefix = `refs/${param(ctx, 'ref')}`;
      const refs = [...ctx.store.git.refs]
        .filter(([name]) => name.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return json(
        200,
        refs.map(([name, sha]) => refJson(ctx.site, name, sha)),
      );
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/refs',
    operationId: 'git/create-ref',
    handler: (ctx) => {
      const b = body(ctx);
      const ref = requiredString(b, 'ref');
      const sha = requiredString(b, 'sha').toLowerCase();
      if (!/^refs\/[^/]+\/.+/.test(ref)) {
        throw unprocessable("ref must start with 'refs' and have at least two slashes.");
      }
      if (ctx.store.git.refs.has(ref)) throw unprocessable('Reference already exists');
      if (!ctx.store.git.commit(sha)) throw unprocessable('Object does not exist');
      ctx.store.git.refs.set(ref, sha);
      const rendered = refJson(ctx.site, ref, sha);
      return json(201, rendered, { location: rendered.url });
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/git/refs/{ref}',
    operationId: 'git/update-ref',
    greedy: true,
    handler: (ctx) => {
      const ref = `refs/${param(ctx, 'ref')}`;
      const b = body(ctx);
      const sha = requiredString(b, 'sha').toLowerCase();
      const current = ctx.store.git.refs.get(ref);
      if (!current) throw unprocessable('Reference does not exist');
      if (!ctx.store.git.commit(sha)) throw unprocessable('Object does not exist');
      // Without force, the new commit must descend from the current one.
      if (!(optionalBoolean(b, 'force') ?? false) && !ctx.store.git.isAncestor(current, sha)) {
        throw unprocessable('Update is not a fast forward');
      }
      ctx.store.git.refs.set(ref, sha);
      return json(200, refJson(ctx.site, ref, sha));
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/git/refs/{ref}',
    operationId: 'git/delete-ref',
    greedy: true,
    handler: (ctx) => {
      const ref = `refs/${param(ctx, 'ref')}`;
      if (!ctx.store.git.refs.delete(ref)) throw unprocessable('Reference does not exist');
      return noContent();
    },
  },
];
