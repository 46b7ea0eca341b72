import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArtifactStore } from './artifact-service';
import { startAzurite, type Azurite } from './azurite';
import { BlobStore } from './blob-store';
import { CacheStore } from './cache-service';
import { TokenError, identify, issueRuntimeToken, type RunIds } from './runtime-token';
import { setTimeout as sleep } from 'node:timers/promises';
import { answers, FaultInjector } from '../http/faults';
import { twirpFaultReply } from './faults';
import { TwirpError, sendTwirp, twirpHandler, type TwirpReply } from './twirp';
import type { RequestLogEntry, ResultsService, ResultsServiceOptions } from './types';

export type {
  ArtifactRecord,
  CacheRecord,
  RequestLogEntry,
  ResultsService,
  ResultsServiceOptions,
  RunIds,
} from './types';

const SERVICE_PREFIX = 'github.actions.results.api.v1';

/**
 * Emulates the Actions results service (artifacts and cache v2) on 127.0.0.1 so the unmodified
 * `@actions/artifact` and `@actions/cache` clients work: twirp JSON endpoints with in-memory state,
 * signed URLs into a real Azurite blob service, and runner-style JWTs that every call must carry.
 */
export async function startResultsService(options: ResultsServiceOptions = {}): Promise<ResultsService> {
  const secret = randomBytes(32);
  const defaultBranch = options.defaultBranch ?? 'main';
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 6 * 3600;
  const sasTtlSeconds = options.signedUrlTtlSeconds ?? 600;

  const azurite = await startAzurite(options.azurite);
  let server: Server | undefined;
  try {
    const blobs = new BlobStore(azurite.blobEndpoint);
    const artifacts = new ArtifactStore(blobs, {
      sasTtlSeconds,
      verifyDigests: options.verifyArtifactDigests ?? true,
    });
    const caches = new CacheStore(blobs, sasTtlSeconds);
    const log: RequestLogEntry[] = [];

    const faults = new FaultInjector();
    const handle = twirpHandler(
      {
        [`${SERVICE_PREFIX}.ArtifactService`]: artifacts.service,
        [`${SERVICE_PREFIX}.CacheService`]: caches.service,
      },
      (req) => {
        try {
          return identify(req.headers.authorization, secret);
        } catch (error) {
          if (!(error instanceof TokenError)) throw error;
          throw new TwirpError(
            error.unauthenticated ? 'unauthenticated' : 'permission_denied',
            error.message,
          );
        }
      },
      (error) => console.error('[results-service]', error),
    );
    server = createServer((req, res) => {
      void serve(req, res, { handle, faults, log }).catch((error: unknown) => {
        console.error('[results-service]', error);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    const port = await listen(server);
    const resultsUrl = `http://127.0.0.1:${port}/`;

    const runtimeToken = (ids: RunIds) =>
      issueRuntimeToken(ids, secret, { defaultBranch, ttlSeconds: tokenTtlSeconds });
    const httpServer = server;
    let closed: Promise<void> | undefined;
    return {
      resultsUrl,
      blobEndpoint: azurite.blobEndpoint,
      runtimeToken,
      env: (ids) => ({
        ACTIONS_RESULTS_URL: resultsUrl,
        ACTIONS_RUNTIME_TOKEN: runtimeToken(ids),
        // Cache v2 talks twirp to ACTIONS_RESULTS_URL; without this flag it falls back to v1.
        ACTIONS_CACHE_SERVICE_V2: 'True',
        // Both clients refuse to run against GHES hosts.
        GITHUB_SERVER_URL: 'https://github.com',
      }),
      artifacts: () => artifacts.records(),
      caches: () => caches.records(),
      artifactDownloadUrl: (id) => artifacts.downloadUrl(id),
      deleteArtifact: (id) => artifacts.remove(id),
      log,
      faults,
      close: () => (closed ??= shutdown(httpServer, azurite)),
    };
  } catch (error) {
    await shutdown(server, azurite);
    throw error;
  }
}

/**
 * One request: log it, let an armed fault answer, drop or delay it (or lose the reply after the
 * service has acted on it), else answer with what the service says.
 */
async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  deps: {
    handle: (req: IncomingMessage) => Promise<TwirpReply>;
    faults: FaultInjector;
    log: RequestLogEntry[];
  },
): Promise<void> {
  const method = req.method ?? '';
  const path = (req.url ?? '').split('?')[0] ?? '';
  const entry: RequestLogEntry = { method, path, status: 0, at: Date.now(), fault: false };
  deps.log.push(entry);
  const fault = deps.faults.take(method, path);
  if (fault?.delayMs) {
    entry.delayedMs = fault.delayMs;
    await sleep(fault.delayMs);
  }
  const lostReply = fault?.drop === true && fault.dropAfterProcessing === true;
  if (fault && !lostReply && answers(fault)) {
    entry.fault = true;
    if (fault.drop) {
      // Read the request first, so the client sees a reset connection rather than a failed write.
      for await (const _chunk of req) void _chunk;
      entry.status = 'dropped';
      req.socket.destroy();
      return;
    }
    const { reply, headers } = twirpFaultReply(fault);
    entry.status = reply.status;
    sendTwirp(res, reply, headers);
    return;
  }
  const reply = await deps.handle(req);
  if (lostReply) {
    entry.fault = true;
    entry.status = 'dropped';
    req.socket.destroy();
    return;
  }
  entry.status = reply.status;
  sendTwirp(res, reply);
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function shutdown(server: Server | undefined, azurite: Azurite): Promise<void> {
  if (server?.listening) {
    const closing = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closing;
  }
  await azurite.close();
}
