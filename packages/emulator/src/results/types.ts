import type { FaultInjector } from '../http/faults';
import type { AzuriteOptions } from './azurite';
import type { RunIds } from './runtime-token';

export type { RunIds } from './runtime-token';

export interface ResultsServiceOptions {
  /** Branch whose caches every run may read (as on GitHub). Default `main`. */
  defaultBranch?: string;
  azurite?: AzuriteOptions;
  /** Lifetime of signed blob URLs. Default 10 minutes. */
  signedUrlTtlSeconds?: number;
  /** Lifetime of runtime tokens. Default 6 hours, like the runner's. */
  tokenTtlSeconds?: number;
  /** Re-hash uploaded artifacts at finalize and reject a digest mismatch. Default true. */
  verifyArtifactDigests?: boolean;
}

export interface ArtifactRecord {
  id: number;
  name: string;
  runId: string;
  jobId: string;
  runBackendId: string;
  jobBackendId: string;
  mimeType: string;
  /** Bytes stored in blob storage (0 until finalized). */
  size: number;
  finalized: boolean;
  /** `<container>/<blob name>` in Azurite. */
  blobPath: string;
  /** `sha256:<hex>` as the client reported it at finalize. */
  digest?: string;
  createdAt: string;
  expiresAt?: string;
}

export interface CacheRecord {
  id: number;
  key: string;
  version: string;
  /** The ref the entry belongs to, e.g. `refs/heads/main`. */
  scope: string;
  size: number;
  finalized: boolean;
  blobPath: string;
  createdAt: string;
  lastAccessedAt?: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  /** the status sent, 'dropped' when a fault closed the connection, 0 while in flight */
  status: number | 'dropped';
  /** Epoch milliseconds when the request arrived. */
  at: number;
  /** true when an injected fault answered (or dropped) instead of the service */
  fault: boolean;
  /** set when an injected fault delayed the request by this long */
  delayedMs?: number;
}

export interface ResultsService {
  /** ACTIONS_RESULTS_URL, e.g. `http://127.0.0.1:<port>/`. */
  resultsUrl: string;
  /** Azurite's blob endpoint, `http://127.0.0.1:<port>/devstoreaccount1`. */
  blobEndpoint: string;
  /** An ACTIONS_RUNTIME_TOKEN for the given run/job (and ref, for cache scoping). */
  runtimeToken(ids: RunIds): string;
  /** Every variable the artifact and cache clients need to talk to this service. */
  env(ids: RunIds): Record<string, string>;
  artifacts(): ArtifactRecord[];
  caches(): CacheRecord[];
  /** A signed read URL for a finalized artifact (what the REST API's `/zip` endpoint redirects to). */
  artifactDownloadUrl(id: number): string | undefined;
  /** Deletes an artifact and its blob (what the REST API's DELETE does); false if unknown. */
  deleteArtifact(id: number): Promise<boolean>;
  log: RequestLogEntry[];
  /**
   * Failures to inject into the Twirp endpoints, by path (`/twirp/<package.Service>/<Method>`):
   * the same kinds the REST emulator's `faults` take (a status, `retry-after`, a dropped
   * connection, a reply lost after the service acted on the request).
   */
  faults: FaultInjector;
  close(): Promise<void>;
}
