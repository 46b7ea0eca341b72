import type { Emulator } from '@mlops-actions/emulator';
import { createGitHubClient, type GitHubClient } from '@mlops-actions/github';

/**
 * The suite's own client, as the actions build it, with the waits scaled down: retries back off
 * 1 ms × n², one second of a rate limit lasts 2 ms, writes are not spaced.
 */
export function fastClient(emulator: Emulator): GitHubClient {
  return createGitHubClient({
    token: emulator.defaultToken,
    baseUrl: emulator.github.apiUrl,
    retryBaseMs: 1,
    rateLimitSecondMs: 2,
    writeIntervalMs: 0,
    maskToken: false,
  });
}

/** Each cell starts with a full primary rate-limit window, as a job's fresh GITHUB_TOKEN does. */
export function refillRateLimit(emulator: Emulator): void {
  emulator.github.setRateLimit(emulator.defaultToken, { limit: 5000, remaining: 5000 });
}
