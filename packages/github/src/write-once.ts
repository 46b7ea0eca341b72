import type { GitHubClient } from './client';

/**
 * Per-request octokit option that turns @octokit/plugin-retry off for one write: a blind retry of a
 * create whose reply was lost makes a second object. `writeOnce` retries it instead, after looking.
 */
export const NO_BLIND_RETRY = { retries: 0 } as const;

export interface OnceWrite<T> {
  /** The create, sent with `request: NO_BLIND_RETRY`. */
  write: () => Promise<T>;
  /**
   * What an earlier try of this same write may have made (a tag at this commit, a draft with this
   * run's marker, a deployment whose payload carries this run's id…), or undefined. Asked only
   * after a failure that leaves it unknown whether GitHub processed the request.
   */
  find: () => Promise<T | undefined>;
}

export interface OnceResult<T> {
  value: T;
  /** True when the write's reply was lost and `find` recovered what it made. */
  recovered: boolean;
}

/** Retry policy of a client made by createGitHubClient, so writeOnce backs off as the plugin would. */
const policies = new WeakMap<object, { retries: number; baseMs: number }>();

export function rememberRetryPolicy(octokit: object, policy: { retries: number; baseMs: number }): void {
  policies.set(octokit, policy);
}

/**
 * Performs a create exactly once under GitHub's failure modes. A 5xx or a dropped connection is
 * ambiguous — the request may or may not have been processed — so before trying again, `find` looks
 * for what the earlier try made and returns it. A conflict (422/409) on a retry that followed an
 * ambiguous failure is looked up the same way: the first try did land. Rate limits are waited out
 * by the throttling plugin underneath, as for every request.
 */
export async function writeOnce<T>(octokit: GitHubClient, operation: OnceWrite<T>): Promise<OnceResult<T>> {
  const { retries, baseMs } = policies.get(octokit) ?? { retries: 3, baseMs: 1000 };
  let afterAmbiguous = false;
  for (let attempt = 0; ; attempt++) {
    try {
      return { value: await operation.write(), recovered: false };
    } catch (error) {
      const ambiguous = isAmbiguous(error);
      if (ambiguous || (afterAmbiguous && isConflict(error))) {
        const found = await operation.find();
        if (found !== undefined) return { value: found, recovered: true };
      }
      if (!ambiguous || attempt >= retries) throw error;
      afterAmbiguous = true;
      await new Promise((resolve) => setTimeout(resolve, (attempt + 1) ** 2 * baseMs));
    }
  }
}

/** A 5xx, or no answer at all (octokit reports a failed fetch as status 500). */
export function isAmbiguous(error: unknown): boolean {
  const status = (error as { status?: unknown }).status;
  return typeof status !== 'number' || status >= 500;
}

function isConflict(error: unknown): boolean {
  const status = (error as { status?: unknown }).status;
  return status === 409 || status === 422;
}
