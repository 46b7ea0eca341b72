import { createHash } from 'node:crypto';
import { JwtError, signJwt, verifyJwt } from './jwt';

/** What a test (or the harness) says about the job a token is for. */
export interface RunIds {
  runId: string | number;
  /** Defaults to `'job'`. */
  jobId?: string | number;
  /** The ref the run is on (`refs/heads/x`, `refs/pull/1/merge`, or a bare branch name); defaults to the default branch. */
  ref?: string;
  /** For pull requests: the base branch, whose caches the run may read. */
  baseRef?: string;
}

/** Who a verified request comes from: the run/job and the cache scopes the token grants. */
export interface TokenIdentity {
  runId: string;
  jobId: string;
  runBackendId: string;
  jobBackendId: string;
  /** In search order; `permission` is a bit set: 1 read, 2 write. */
  cacheScopes: CacheScope[];
}

export interface CacheScope {
  scope: string;
  permission: number;
}

export const CACHE_READ = 1;
export const CACHE_WRITE = 2;

const ISSUER = 'vstoken.actions.githubusercontent.com';

/**
 * Backend ids are opaque UUIDs in the real service. Deriving them from the run/job keeps them
 * stable across tokens, so two jobs of one run share a run backend id (and see each other's artifacts).
 */
export function backendIds(runId: string, jobId: string): { runBackendId: string; jobBackendId: string } {
  return { runBackendId: uuidFrom(`run:${runId}`), jobBackendId: uuidFrom(`job:${runId}:${jobId}`) };
}

function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function normalizeRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
}

/**
 * Mints an ACTIONS_RUNTIME_TOKEN shaped like the runner's: `scp` carries
 * `Actions.Results:<runBackendId>:<jobBackendId>` (the artifact client decodes it), `ac` carries the
 * cache scopes (the cache service reads them: own ref read/write, base and default branch read-only).
 * `run_id`/`job_id` are emulator-only claims so the server needs no token table.
 */
export function issueRuntimeToken(
  ids: RunIds,
  secret: Buffer,
  opts: { defaultBranch: string; ttlSeconds: number },
): string {
  const runId = String(ids.runId);
  const jobId = String(ids.jobId ?? 'job');
  const { runBackendId, jobBackendId } = backendIds(runId, jobId);
  const refs = [ids.ref ?? opts.defaultBranch, ids.baseRef, opts.defaultBranch].flatMap((r) =>
    r ? [normalizeRef(r)] : [],
  );
  const ac = [...new Set(refs)].map((scope, i) => ({
    Scope: scope,
    Permission: i === 0 ? CACHE_READ | CACHE_WRITE : CACHE_READ,
  }));
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
      scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${runBackendId}:${jobBackendId}`,
      IdentityTypeClaim: 'System:ServiceIdentity',
      ac: JSON.stringify(ac),
      acsl: '10',
      run_id: runId,
      job_id: jobId,
      iss: ISSUER,
      aud: ISSUER,
      iat: now,
      nbf: now - 60,
      exp: now + opts.ttlSeconds,
    },
    secret,
  );
}

export class TokenError extends Error {
  constructor(
    message: string,
    /** false: authenticated but lacking a scope (403), true: not authenticated at all (401). */
    readonly unauthenticated = true,
  ) {
    super(message);
  }
}

/** Verifies an `Authorization` header value and reads the identity out of the token. */
export function identify(authorization: string | undefined, secret: Buffer): TokenIdentity {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new TokenError('missing bearer token');
  let claims;
  try {
    claims = verifyJwt(match[1], secret);
  } catch (error) {
    throw new TokenError(error instanceof JwtError ? error.message : 'invalid token');
  }
  const scopes = typeof claims['scp'] === 'string' ? claims['scp'].split(' ') : [];
  const results = scopes.map((s) => s.split(':')).find((parts) => parts[0] === 'Actions.Results');
  if (!results || results.length !== 3) throw new TokenError('token lacks the Actions.Results scope', false);
  const runId = claims['run_id'];
  const jobId = claims['job_id'];
  if (typeof runId !== 'string' || typeof jobId !== 'string')
    throw new TokenError('token lacks run ids', false);
  return {
    runId,
    jobId,
    runBackendId: results[1] ?? '',
    jobBackendId: results[2] ?? '',
    cacheScopes: parseCacheScopes(claims['ac']),
  };
}

function parseCacheScopes(ac: unknown): CacheScope[] {
  if (typeof ac !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(ac);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((entry: { Scope?: unknown; Permission?: unknown }) =>
      typeof entry?.Scope === 'string' && typeof entry.Permission === 'number'
        ? [{ scope: entry.Scope, permission: entry.Permission }]
        : [],
    );
  } catch {
    return [];
  }
}
