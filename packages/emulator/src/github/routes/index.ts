import { Router } from '../../http/router';
import type { RouteDef } from '../context';
import { actionsRoutes } from './actions';
import { commentRoutes } from './comments';
import { contentRoutes } from './contents';
import { deploymentRoutes } from './deployments';
import { downloadRoutes } from './downloads';
import { environmentRoutes } from './environments';
import { gitObjectRoutes } from './git-objects';
import { gitRefRoutes } from './git-refs';
import { graphqlRoutes } from './graphql';
import { issueRoutes } from './issues';
import { pullRoutes } from './pulls';
import { releaseAssetRoutes, uploadRoutes } from './release-assets';
import { releaseRoutes } from './releases';
import { repoRoutes } from './repos';
import { tagRoutes } from './tags';

/** Everything api.github.com serves here (plus the download URLs github.com serves). */
export const apiRouteDefs: RouteDef[] = [
  ...repoRoutes,
  ...issueRoutes,
  ...commentRoutes,
  ...pullRoutes,
  ...gitRefRoutes,
  ...gitObjectRoutes,
  ...contentRoutes,
  ...releaseRoutes,
  ...releaseAssetRoutes,
  ...tagRoutes,
  ...deploymentRoutes,
  ...environmentRoutes,
  ...actionsRoutes,
  ...downloadRoutes,
  ...graphqlRoutes,
];

/** What uploads.github.com serves. */
export const uploadsRouteDefs: RouteDef[] = uploadRoutes;

export function buildRouter(defs: RouteDef[]): Router<RouteDef> {
  const router = new Router<RouteDef>();
  for (const def of defs) router.add(def.method, def.path, def, { greedy: def.greedy ?? false });
  return router;
}
