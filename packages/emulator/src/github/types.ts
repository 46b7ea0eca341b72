import type { FaultInjector } from './faults';
import type { Permissions } from './scopes';
import type { EmulatorState } from './state/state';

export type Permission = 'write' | 'read';

export interface GitHubEmulatorOptions {
  /** default 'octo-org' */
  owner?: string;
  /** default 'ml-repo' */
  repo?: string;
  /** Check every JSON response against GitHub's OpenAPI description (default true). */
  validateResponses?: boolean;
  /**
   * Check JSON request bodies against the description and answer 422 as GitHub does for a
   * body that does not fit (default: same as validateResponses).
   */
  validateRequests?: boolean;
}

export interface TokenIdentity {
  login: string;
  type?: 'User' | 'Bot';
  permissions?: Permission;
  /** A GITHUB_TOKEN's per-scope grant (a workflow's `permissions:`); requests outside it get 403. */
  scopes?: Permissions;
}

export interface RequestLogEntry {
  method: string;
  /** without the query string */
  path: string;
  query: Record<string, string>;
  /** the status sent, 'dropped' when a fault closed the connection, 0 while in flight */
  status: number | 'dropped';
  /** the OpenAPI operation served, undefined for unknown routes and download URLs */
  operationId: string | undefined;
  /** the parsed JSON body, undefined for none or non-JSON bodies */
  requestBody: unknown;
  /** the last 4 characters of the token, never the token */
  token: string | undefined;
  /** ISO 8601 arrival time */
  at: string;
  server: 'api' | 'uploads';
  /** true when an injected fault answered (or dropped) instead of the emulator */
  fault: boolean;
  /** set when an injected fault delayed the request by this long */
  delayedMs?: number;
}

export interface SchemaViolation {
  operationId: string;
  method: string;
  path: string;
  status: number;
  /** ajv's error text */
  errors: string;
}

export interface RateLimitOverride {
  remaining?: number;
  limit?: number;
  /** seconds until the window resets */
  resetInSeconds?: number;
}

export interface GitHubEmulator {
  /** `http://127.0.0.1:<port>`, what GITHUB_API_URL is set to */
  apiUrl: string;
  /** the uploads host (uploads.github.com); releases' `upload_url` point here */
  uploadsUrl: string;
  owner: string;
  repo: string;
  state: EmulatorState;
  faults: FaultInjector;
  log: RequestLogEntry[];
  schemaViolations: SchemaViolation[];
  /** Mints a token the server accepts; `read` tokens get 403 on writes, like a fork PR's GITHUB_TOKEN. */
  issueToken(identity: TokenIdentity): string;
  /** a write token for github-actions[bot], what GITHUB_TOKEN is */
  defaultToken: string;
  /** Sets a token's primary rate-limit window, e.g. `{ remaining: 0 }` to exhaust it. */
  setRateLimit(token: string, override: RateLimitOverride): void;
  close(): Promise<void>;
}
