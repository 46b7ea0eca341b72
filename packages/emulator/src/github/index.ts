import { listen } from '../http/server';
import { warmUp } from '../openapi/validator';
import { createHandler, rateLimitFor, type AppDeps } from './app';
import { TokenRegistry } from './auth';
import { FaultInjector } from './faults';
import { WEB_URL, type Site } from './json/site';
import { RateLimits } from './rate-limit';
import { apiRouteDefs, buildRouter, uploadsRouteDefs } from './routes/index';
import { seedRepository } from './state/repo-git';
import { EmulatorState } from './state/state';
import { ACTIONS_BOT_LOGIN, Store } from './state/store';
import type { GitHubEmulator, GitHubEmulatorOptions } from './types';

export { expectNoSchemaViolations } from './testing';
export { validateResponse, validatorStats } from '../openapi/validator';
export { compareWithExamples, examplesFor } from '../openapi/examples';
export { EmulatorState } from './state/state';
export { grants, scopeNeeded, writesAnything, type Permissions, type ScopeNeed } from './scopes';
export type { Fault, FaultInjector, FaultSpec } from './faults';
export type * from './types';
export type * from './state/records';

const apiRouter = buildRouter(apiRouteDefs);
const uploadsRouter = buildRouter(uploadsRouteDefs);

/**
 * Starts a local, stateful GitHub REST API for one repository (`octo-org/ml-repo` by default,
 * seeded with a `main` branch holding one commit) on 127.0.0.1, plus a separate uploads host.
 */
export async function startGitHubEmulator(options: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  const owner = options.owner ?? 'octo-org';
  const repo = options.repo ?? 'ml-repo';
  const validateResponses = options.validateResponses ?? true;
  const validateRequests = options.validateRequests ?? validateResponses;
  // Load the OpenAPI description now (once per process) so the first request is not slow.
  if (validateResponses || validateRequests) warmUp();

  const store = new Store(owner, repo);
  seedRepository(store);
  const tokens = new TokenRegistry(store);
  const site: Site = { api: '', uploads: '', web: WEB_URL, owner, repo };
  const deps: AppDeps = {
    store,
    site,
    tokens,
    rateLimits: new RateLimits(),
    faults: new FaultInjector(),
    log: [],
    violations: [],
    validateResponses,
    validateRequests,
  };
  const api = await listen(createHandler(deps, 'api', apiRouter));
  const uploads = await listen(createHandler(deps, 'uploads', uploadsRouter));
  site.api = api.url;
  site.uploads = uploads.url;

  return {
    apiUrl: api.url,
    uploadsUrl: uploads.url,
    owner,
    repo,
    state: new EmulatorState(store),
    faults: deps.faults,
    log: deps.log,
    schemaViolations: deps.violations,
    issueToken: (identity) => tokens.issue(identity),
    defaultToken: tokens.issue({ login: ACTIONS_BOT_LOGIN, type: 'Bot', permissions: 'write' }),
    setRateLimit: (token, override) => {
      const identity = tokens.lookup(token);
      if (!identity) throw new Error('unknown token');
      deps.rateLimits.override(token, rateLimitFor(identity), override);
    },
    close: async () => {
      await Promise.all([api.close(), uploads.close()]);
    },
  };
}
