import type { BlobStore } from './blob-store';
import { CACHE_READ, CACHE_WRITE, type TokenIdentity } from './runtime-token';
import { TwirpError, optionalInt, requiredString, stringList, type TwirpService } from './twirp';
import type { CacheRecord } from './types';

const CONTAINER = 'actions-cache';
const MAX_KEY_LENGTH = 512;

interface Stored extends CacheRecord {
  blob: string;
}

/**
 * `github.actions.results.api.v1.CacheService` (cache v2). Entries are immutable and scoped to a
 * ref: a run writes to its own ref and reads its own ref first, then the base/default branch —
 * the scopes come from the token's `ac` claim, in order.
 */
export class CacheStore {
  private readonly items = new Map<number, Stored>();
  private nextId = 1;

  constructor(
    private readonly blobs: BlobStore,
    private readonly sasTtlSeconds: number,
  ) {}

  records(): CacheRecord[] {
    return [...this.items.values()].map(({ blob: _blob, ...record }) => ({ ...record }));
  }

  readonly service: TwirpService<TokenIdentity> = {
    CreateCacheEntry: async (body, who) => {
      const key = cacheKey(body);
      const version = requiredString(body, 'version');
      const scope = writeScope(who);
      // The client turns this prefix into a CacheWriteDeniedError.
      if (!scope)
        return { ok: false, message: 'cache write denied: the runtime token has no writable cache scope' };
      if (this.lookup(scope, key, version)) {
        throw new TwirpError(
          'already_exists',
          `cache entry "${key}" already exists (or is being written) for ${scope}`,
        );
      }
      const id = this.nextId++;
      const blob = `${id}`;
      this.items.set(id, {
        id,
        key,
        version,
        scope,
        size: 0,
        finalized: false,
        blobPath: `${CONTAINER}/${blob}`,
        blob,
        createdAt: new Date().toISOString(),
      });
      await this.blobs.ensureContainer(CONTAINER);
      const url = this.blobs.signedUrl(CONTAINER, blob, 'write', { ttlSeconds: this.sasTtlSeconds });
      return { ok: true, signed_upload_url: url };
    },

    FinalizeCacheEntryUpload: async (body, who) => {
      const key = cacheKey(body);
      const version = requiredString(body, 'version');
      const scope = writeScope(who);
      const item = scope ? this.lookup(scope, key, version) : undefined;
      if (!item || item.finalized) throw new TwirpError('not_found', `no pending cache entry "${key}"`);
      const size = await this.blobs.size(CONTAINER, item.blob);
      if (size === undefined)
        throw new TwirpError('failed_precondition', `nothing was uploaded for "${key}"`);
      const reported = optionalInt(body, 'size_bytes');
      if (reported !== undefined && reported !== size) {
        throw new TwirpError('invalid_argument', `reported size ${reported} != uploaded size ${size}`);
      }
      item.size = size;
      item.finalized = true;
      return { ok: true, entry_id: String(item.id) };
    },

    GetCacheEntryDownloadURL: (body, who) => {
      const key = cacheKey(body);
      const restoreKeys = stringList(body, 'restore_keys');
      const version = requiredString(body, 'version');
      const scopes = who.cacheScopes.filter((s) => s.permission & CACHE_READ).map((s) => s.scope);
      if (scopes.length === 0) {
        // The client recognises this prefix and reports a miss with a warning.
        throw new TwirpError(
          'permission_denied',
          'cache read denied: the runtime token has no readable cache scope',
        );
      }
      const hit = this.match(scopes, key, restoreKeys, version);
      if (!hit) return { ok: false };
      hit.lastAccessedAt = new Date().toISOString();
      const url = this.blobs.signedUrl(CONTAINER, hit.blob, 'read', { ttlSeconds: this.sasTtlSeconds });
      return { ok: true, signed_download_url: url, matched_key: hit.key };
    },
  };

  private lookup(scope: string, key: string, version: string): Stored | undefined {
    return [...this.items.values()].find((c) => c.scope === scope && c.key === key && c.version === version);
  }

  /**
   * GitHub's order: per scope, the exact key, then the newest entry the key prefixes, then each
   * restore key (as a prefix, newest first); only then the next scope. Version must match and
   * unfinished uploads never count.
   */
  private match(scopes: string[], key: string, restoreKeys: string[], version: string): Stored | undefined {
    for (const scope of scopes) {
      const candidates = [...this.items.values()]
        .filter((c) => c.finalized && c.scope === scope && c.version === version)
        .sort((a, b) => b.id - a.id);
      const exact = candidates.find((c) => c.key === key);
      if (exact) return exact;
      for (const prefix of [key, ...restoreKeys]) {
        const hit = candidates.find((c) => c.key.startsWith(prefix));
        if (hit) return hit;
      }
    }
    return undefined;
  }
}

function cacheKey(body: Parameters<typeof requiredString>[0]): string {
  const key = requiredString(body, 'key');
  if (key.length > MAX_KEY_LENGTH || key.includes(',')) {
    throw new TwirpError('invalid_argument', `invalid cache key "${key}"`);
  }
  return key;
}

function writeScope(who: TokenIdentity): string | undefined {
  return who.cacheScopes.find((s) => s.permission & CACHE_WRITE)?.scope;
}
