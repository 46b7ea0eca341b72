import { json, type RouteDef } from '../context';
import { notAccessibleByIntegration } from '../errors';
import { repositoryJson } from '../json/repository';
import { privateUser } from '../json/users';

/** The repository, the authenticated user, and the rate limit. */
export const repoRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}',
    operationId: 'repos/get',
    handler: (ctx) => json(200, repositoryJson(ctx.site, ctx.store, ctx.identity.permission === 'write')),
  },
  {
    method: 'GET',
    path: '/user',
    operationId: 'users/get-authenticated',
    // Installation tokens (GITHUB_TOKEN) are not users; GitHub refuses them here.
    handler: (ctx) => {
      if (ctx.identity.kind === 'installation') throw notAccessibleByIntegration();
      return json(200, privateUser(ctx.site, ctx.identity.user));
    },
  },
  {
    method: 'GET',
    path: '/rate_limit',
    operationId: 'rate-limit/get',
    free: true,
    handler: (ctx) => {
      const { limit, used, reset } = ctx.rate;
      const core = { limit, used, remaining: Math.max(0, limit - used), reset };
      const other = (max: number) => ({ limit: max, used: 0, remaining: max, reset });
      return json(200, {
        resources: {
          core,
          search: other(30),
          graphql: other(limit),
          integration_manifest: other(5000),
          source_import: other(100),
          actions_runner_registration: other(10000),
          scim: other(15000),
          dependency_snapshots: other(100),
          code_search: other(10),
          code_scanning_autofix: other(10),
        },
        rate: core,
      });
    },
  },
];
