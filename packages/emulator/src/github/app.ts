import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseJsonBody, readBody } from '../http/body';
import { HttpError, isHttpError } from '../http/errors';
import type { Router } from '../http/router';
import { compareWithExamples } from '../openapi/examples';
import { validateResponse } from '../openapi/validator';
import { loadSpec } from '../openapi/spec';
import { parseAuthorization, type Identity, type TokenRegistry } from './auth';
import type { Ctx, Reply, RouteDef } from './context';
import {
  badCredentials,
  DOCS_URL,
  notAccessibleByIntegration,
  notFound,
  PRIMARY_RATE_LIMIT_DOCS,
  requiresAuthentication,
} from './errors';
import { answers, faultReply, type Fault, type FaultInjector } from './faults';
import { logEntry } from './request-log';
import { githubHeaders, requestId } from './headers';
import type { Site } from './json/site';
import { rateLimitHeaders, type RateLimits, type RateWindow } from './rate-limit';
import { checkRequestBody } from './request-validation';
import { grants, scopeNeeded } from './scopes';
import type { Store } from './state/store';
import type { RequestLogEntry, SchemaViolation } from './types';

/**
 * The request pipeline both servers share: log → faults → authenticate → rate limit → route →
 * repository and permission checks → request validation → handler → response validation.
 */

export interface AppDeps {
  store: Store;
  site: Site;
  tokens: TokenRegistry;
  rateLimits: RateLimits;
  faults: FaultInjector;
  log: RequestLogEntry[];
  violations: SchemaViolation[];
  validateResponses: boolean;
  validateRequests: boolean;
}

/** Primary limits per hour: 5,000 for user tokens, 1,000 for GITHUB_TOKEN (per repository). */
export function rateLimitFor(identity: Identity): number {
  return identity.kind === 'installation' ? 1000 : 5000;
}

const ANONYMOUS_LIMIT = 60;

export function createHandler(deps: AppDeps, server: 'api' | 'uploads', router: Router<RouteDef>) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    handle(deps, server, router, request, response).catch((error: unknown) => {
      // Only a bug in the pipeline itself gets here; answer rather than hang the client.
      console.error('[github-emulator]', error);
      if (!response.headersSent) response.writeHead(500, githubHeaders(requestId())).end();
    });
  };
}

async function handle(
  deps: AppDeps,
  server: 'api' | 'uploads',
  router: Router<RouteDef>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const at = new Date().toISOString();
  const method = (request.method ?? 'GET').toUpperCase();
  const url = new URL(request.url ?? '/', server === 'api' ? deps.site.api : deps.site.uploads);
  // `/repositories/<id>/…` (where GitHub's Link headers point) is `/repos/<owner>/<repo>/…`.
  url.pathname = byName(deps, url.pathname);
  let raw: Buffer;
  try {
    raw = await readBody(request);
  } catch {
    return; // the client went away mid-request; there is no one to answer
  }
  const token = parseAuthorization(request.headers.authorization);
  const match = router.match(method, url.pathname);
  const route = match?.value;
  const entry = logEntry({ method, url, server, at, token, operationId: route?.operationId, raw });
  deps.log.push(entry);
  const id = requestId();
  const identity = token ? deps.tokens.lookup(token) : undefined;
  const window = identity
    ? deps.rateLimits.window(identity.token, rateLimitFor(identity))
    : deps.rateLimits.window('anonymous', ANONYMOUS_LIMIT);

  const fault = deps.faults.take(method, url.pathname);
  const lostReply = fault?.drop && fault.dropAfterProcessing;
  if (fault && !lostReply && (await applyFault(fault, entry, request, response, window, id))) return;

  let reply: Reply;
  try {
    reply = await serve(
      deps,
      server,
      match,
      { method, url, raw, headers: request.headers },
      token,
      identity,
      window,
    );
  } catch (error) {
    reply = errorReply(error, route?.operationId);
  }
  // uploads.github.com sends no rate-limit headers; api.github.com sends them on every reply.
  const limits = server === 'api' ? rateLimitHeaders(window) : {};
  reply.headers = { ...githubHeaders(id), ...limits, ...reply.headers };
  const link = reply.headers['link'];
  if (typeof link === 'string') reply.headers['link'] = byId(deps, link);
  entry.status = reply.status;
  if (deps.validateResponses && route?.operationId && reply.raw === undefined) {
    checkResponse(deps, route.operationId, method, url.pathname, reply);
  }
  if (lostReply) {
    entry.status = 'dropped';
    entry.fault = true;
    request.socket.destroy();
    return;
  }
  send(response, reply);
}

/** Delays the request, or answers it in the emulator's place; true when nothing is left to do. */
async function applyFault(
  fault: Fault,
  entry: RequestLogEntry,
  request: IncomingMessage,
  response: ServerResponse,
  window: RateWindow,
  id: string,
): Promise<boolean> {
  if (fault.delayMs) {
    entry.delayedMs = fault.delayMs;
    await sleep(fault.delayMs);
  }
  if (fault.drop) {
    entry.status = 'dropped';
    entry.fault = true;
    request.socket.destroy();
    return true;
  }
  if (!answers(fault)) return false;
  entry.fault = true;
  const reply = faultReply(fault, window, id);
  entry.status = reply.status;
  send(response, reply);
  return true;
}

/**
 * Records (never throws for) a response that does not match GitHub's description: its schema, and
 * for a success, the forms of the operation's documented example (URLs, timestamps, node ids…).
 */
function checkResponse(deps: AppDeps, operationId: string, method: string, path: string, reply: Reply): void {
  const result = validateResponse(operationId, reply.status, reply.body);
  const errors = result.valid ? [] : [result.errors];
  if (reply.status < 300) {
    const forms = compareWithExamples(operationId, reply.status, reply.body, deps.site);
    if (forms) errors.push(forms);
  }
  if (errors.length > 0) {
    deps.violations.push({ operationId, method, path, status: reply.status, errors: errors.join('\n') });
  }
}

async function serve(
  deps: AppDeps,
  server: 'api' | 'uploads',
  match: ReturnType<Router<RouteDef>['match']>,
  { method, url, raw, headers }: { method: string; url: URL; raw: Buffer; headers: IncomingHttpHeaders },
  token: string | undefined,
  identity: Identity | undefined,
  window: RateWindow,
): Promise<Reply> {
  const route = match?.value;
  if (!route?.public) {
    if (token && !identity) throw badCredentials();
    if (!identity) throw requiresAuthentication();
    if (!route?.free && !deps.rateLimits.consume(identity.token, rateLimitFor(identity))) {
      throw new HttpError(
        403,
        `API rate limit exceeded for ${identity.kind === 'installation' ? 'installation' : `user ID ${identity.user.id}`}.`,
        { documentation_url: PRIMARY_RATE_LIMIT_DOCS },
      );
    }
  }
  if (!match || !route) throw notFound();
  const { params } = match;
  const { store } = deps;
  // One repository lives here; GitHub matches owner and name case-insensitively.
  if (
    (params.owner !== undefined && params.owner.toLowerCase() !== store.owner.toLowerCase()) ||
    (params.repo !== undefined && params.repo.toLowerCase() !== store.repo.toLowerCase())
  ) {
    throw notFound();
  }
  const who: Identity = identity ?? anonymous(store);
  if (method !== 'GET' && !route.query && who.permission !== 'write') throw notAccessibleByIntegration();
  const need = who.scopes ? scopeNeeded(method, url.pathname, store) : undefined;
  if (need && !grants(who.scopes, need)) throw notAccessibleByIntegration();
  const body = server === 'api' ? parseJsonBody(raw) : undefined;
  if (
    deps.validateRequests &&
    route.operationId &&
    server === 'api' &&
    method !== 'GET' &&
    method !== 'DELETE'
  ) {
    checkRequestBody(route.operationId, body);
  }
  const ctx: Ctx = {
    method,
    url,
    headers,
    params,
    body,
    raw,
    identity: who,
    store,
    site: deps.site,
    rate: window,
  };
  return route.handler(ctx);
}

function anonymous(store: Store): Identity {
  return { token: '', user: store.ensureUser('ghost'), permission: 'read', kind: 'user' };
}

/** A repository path by id, as GitHub's Link headers give it, turned into the path by name. */
function byName(deps: AppDeps, pathname: string): string {
  const prefix = `/repositories/${deps.store.repoId}/`;
  if (!pathname.startsWith(prefix)) return pathname;
  return `/repos/${deps.store.owner}/${deps.store.repo}/${pathname.slice(prefix.length)}`;
}

/** GitHub writes the pages of a repository's lists by the repository's id: `…/repositories/<id>/releases?page=2`. */
function byId(deps: AppDeps, link: string): string {
  return link.replaceAll(
    `${deps.site.api}/repos/${deps.store.owner}/${deps.store.repo}/`,
    `${deps.site.api}/repositories/${deps.store.repoId}/`,
  );
}

/** GitHub names the failing operation's page of its docs in an error body (but for a 401). */
function errorReply(error: unknown, operationId: string | undefined): Reply {
  if (isHttpError(error)) {
    // A 401 is about the token, not the operation: GitHub names its docs' root there.
    const operationDocs =
      operationId && error.status !== 401 ? loadSpec().operations.get(operationId)?.docsUrl : undefined;
    return {
      status: error.status,
      body: {
        message: error.message,
        ...error.extra,
        documentation_url: (error.extra.documentation_url as string | undefined) ?? operationDocs ?? DOCS_URL,
        status: String(error.status),
      },
      headers: error.headers,
    };
  }
  console.error('[github-emulator] handler failed:', error);
  return { status: 500, body: { message: 'Server Error', documentation_url: DOCS_URL, status: '500' } };
}

function send(response: ServerResponse, reply: Reply): void {
  if (response.destroyed) return;
  const headers = { ...reply.headers };
  let payload: Buffer | undefined;
  if (reply.raw !== undefined) {
    payload = typeof reply.raw === 'string' ? Buffer.from(reply.raw) : reply.raw;
  } else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body));
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  response.writeHead(reply.status, headers);
  response.end(payload);
}
