import * as core from '@actions/core';
import { GitHub, getOctokitOptions } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { rememberRetryPolicy } from './write-once';

/** Octokit with the REST methods, pagination, retries and rate-limit handling, as one client type. */
const ResilientGitHub = GitHub.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof ResilientGitHub>;

export interface GitHubClientOptions {
  token: string;
  /** REST base URL; defaults to `GITHUB_API_URL` (so GitHub Enterprise Server works), then api.github.com. */
  baseUrl?: string;
  /** Retries of a failed request (5xx, network errors) before giving up. */
  retries?: number;
  /**
   * Base of the quadratic back-off between retries, in ms (octokit's `retryAfterBaseValue`):
   * the n-th retry waits n² × this. Defaults to `MLOPS_ACTIONS_RETRY_BASE_MS` or 1000.
   */
  retryBaseMs?: number;
  /**
   * Minimum time between two writes, in ms. GitHub asks integrations to wait at least one second
   * between mutative requests and longer between requests that notify people (comments,
   * releases), so by default @octokit/plugin-throttling spaces writes 1 s and notifying writes
   * 3 s apart. This (or `MLOPS_ACTIONS_WRITE_INTERVAL_MS`) sets both, e.g. for an emulator.
   */
  writeIntervalMs?: number;
  /** Rate-limit retries before a request fails (each waits what GitHub's headers ask). */
  rateLimitRetries?: number;
  /**
   * How long one second of a rate limit's wait (`retry-after`, `x-ratelimit-reset`) lasts, in ms.
   * 1000 on GitHub; `MLOPS_ACTIONS_RATE_LIMIT_SECOND_MS` shortens it for an emulator.
   */
  rateLimitSecondMs?: number;
  userAgent?: string;
  /**
   * Register the token with `core.setSecret` so the runner masks it (default). Outside GitHub
   * Actions (the CLI) pass false: there `::add-mask::` is just a line that prints the token.
   */
  maskToken?: boolean;
}

/**
 * The one GitHub client of the suite. Callers never retry by hand: transient failures are retried
 * by @octokit/plugin-retry, and primary/secondary rate limits are waited out by
 * @octokit/plugin-throttling using GitHub's `retry-after` / `x-ratelimit-reset` headers.
 * The token is registered with `core.setSecret` so it is masked in every log line.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const { token } = options;
  if (!token) {
    throw new Error(
      'No GitHub token: pass `github-token` (it defaults to `${{ github.token }}`) or set GITHUB_TOKEN.',
    );
  }
  if (options.maskToken !== false) core.setSecret(token);
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const retryBaseMs = options.retryBaseMs ?? numberFromEnv('MLOPS_ACTIONS_RETRY_BASE_MS') ?? 1000;
  const writeIntervalMs = options.writeIntervalMs ?? numberFromEnv('MLOPS_ACTIONS_WRITE_INTERVAL_MS');
  const baseUrl = options.baseUrl ?? process.env['GITHUB_API_URL'] ?? 'https://api.github.com';
  const rateLimitSecondMs =
    options.rateLimitSecondMs ?? numberFromEnv('MLOPS_ACTIONS_RATE_LIMIT_SECOND_MS') ?? 1000;
  const retries = options.retries ?? 3;

  const client = new ResilientGitHub(
    getOctokitOptions(token, {
      baseUrl,
      userAgent: options.userAgent ?? 'mlops-actions',
      retry: { retries, retryAfterBaseValue: retryBaseMs },
      throttle: {
        retryAfterBaseValue: rateLimitSecondMs,
        // Rate-limit waits follow GitHub's own `retry-after` / reset headers, in real seconds.
        ...(writeIntervalMs === undefined ? {} : writeLimiters(writeIntervalMs)),
        onRateLimit: (retryAfter, request, _octokit, retryCount) => {
          core.warning(
            `GitHub rate limit reached on ${request.method} ${request.url}; waiting ${retryAfter}s (retry ${retryCount + 1} of ${rateLimitRetries}).`,
          );
          return retryCount < rateLimitRetries;
        },
        onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
          core.warning(
            `GitHub secondary rate limit on ${request.method} ${request.url}; waiting ${retryAfter}s (retry ${retryCount + 1} of ${rateLimitRetries}).`,
          );
          return retryCount < rateLimitRetries;
        },
      },
      log: {
        debug: (message: string) => core.debug(message),
        info: (message: string) => core.debug(message),
        warn: (message: string) => core.warning(message),
        error: (message: string) => core.error(message),
      },
    }),
  );
  rememberRetryPolicy(client, { retries, baseMs: retryBaseMs });
  return client;
}

/** Replacements for the throttling plugin's `write` and `notifications` limiter groups. */
function writeLimiters(minTime: number) {
  return {
    write: new Bottleneck.Group({ id: 'mlops-actions-write', maxConcurrent: 1, minTime }),
    notifications: new Bottleneck.Group({ id: 'mlops-actions-notifications', maxConcurrent: 1, minTime }),
  };
}

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
