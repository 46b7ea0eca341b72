import type { IncomingHttpHeaders } from 'node:http';
import { paginate } from '../http/pagination';
import type { Identity } from './auth';
import type { RateWindow } from './rate-limit';
import { invalidRequest, notFound } from './errors';
import type { Site } from './json/site';
import type { Store } from './state/store';

/** What a route handler gets: the parsed request, who sent it, and the repository's state. */
export interface Ctx {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  /** parsed JSON body (undefined when empty or not JSON) */
  body: unknown;
  raw: Buffer;
  identity: Identity;
  store: Store;
  site: Site;
  /** the token's primary rate-limit window */
  rate: RateWindow;
}

export interface Reply {
  status: number;
  /** sent as JSON */
  body?: unknown;
  /** sent as is; set content-type in headers */
  raw?: Buffer | string;
  headers?: Record<string, string>;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** the path template exactly as GitHub's OpenAPI description writes it */
  path: string;
  /** the OpenAPI operation; undefined only for non-API URLs (downloads) */
  operationId: string | undefined;
  /** the last parameter may contain slashes (refs, file paths) */
  greedy?: boolean;
  /** served without a token (download URLs, which GitHub signs instead) */
  public?: boolean;
  /** not counted against the rate limit (GET /rate_limit) */
  free?: boolean;
  /** a read sent as POST (GraphQL queries): a read-only token may send it */
  query?: boolean;
  handler(ctx: Ctx): Reply | Promise<Reply>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, ...(headers ? { headers } : {}) };
}

export function noContent(): Reply {
  return { status: 204 };
}

/** A 200 list of one page, with GitHub's `Link` header when there is more than one. */
export function paged<T, U>(ctx: Ctx, items: readonly T[], render: (item: T) => U): Reply {
  const page = paginate(items, ctx.url);
  return json(200, page.items.map(render), page.link ? { link: page.link } : undefined);
}

export function param(ctx: Ctx, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw notFound();
  return value;
}

/** An integer path parameter; anything else is a route GitHub does not have (404). */
export function intParam(ctx: Ctx, name: string): number {
  const value = param(ctx, name);
  if (!/^\d+$/.test(value)) throw notFound();
  return Number(value);
}

export function query(ctx: Ctx, name: string): string | undefined {
  return ctx.url.searchParams.get(name) ?? undefined;
}

export type Body = Record<string, unknown>;

/** The JSON body as an object; a missing body reads as `{}`. */
export function body(ctx: Ctx): Body {
  if (ctx.body === undefined) return {};
  if (typeof ctx.body !== 'object' || ctx.body === null || Array.isArray(ctx.body)) {
    throw invalidRequest('Body should be a JSON object');
  }
  return ctx.body as Body;
}

export function requiredString(b: Body, key: string): string {
  const value = b[key];
  if (value === undefined || value === null) throw invalidRequest(`"${key}" wasn't supplied.`);
  if (typeof value !== 'string')
    throw invalidRequest(`For '${key}', ${JSON.stringify(value)} is not a string.`);
  return value;
}

export function optionalString(b: Body, key: string): string | undefined {
  const value = b[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw invalidRequest(`For '${key}', ${JSON.stringify(value)} is not a string.`);
  return value;
}

export function optionalBoolean(b: Body, key: string): boolean | undefined {
  const value = b[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw invalidRequest(`For '${key}', ${JSON.stringify(value)} is not a boolean.`);
  }
  return value;
}

export function optionalStringArray(b: Body, key: string): string[] | undefined {
  const value = b[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalidRequest(`For '${key}', ${JSON.stringify(value)} is not an array of strings.`);
  }
  return value as string[];
}
