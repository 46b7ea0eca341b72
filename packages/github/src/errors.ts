/**
 * Turns an octokit RequestError (or anything thrown) into one line a user can act on:
 * `GitHub API POST /repos/o/r/issues/1/comments failed with 403: Resource not accessible by integration — <hint> (request id C0DE:…)`.
 * The request id is the `x-github-request-id` header GitHub sends on every answer, the one
 * GitHub Support asks for.
 */
export function describeGitHubError(error: unknown, hint?: string): string {
  if (isRequestError(error)) {
    const method = error.request?.method ?? '';
    const url = error.request?.url ? new URL(error.request.url).pathname : '';
    const apiMessage = messageOf(error.response?.data) ?? error.message;
    const status = error.status ? ` with ${error.status}` : '';
    const advice = hint ?? adviceFor(error.status);
    const id = requestIdOf(error);
    return `GitHub API ${method} ${url} failed${status}: ${apiMessage}${advice ? ` — ${advice}` : ''}${id ? ` (request id ${id})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

interface RequestErrorLike {
  name: string;
  status?: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { data?: unknown; headers?: Record<string, unknown> };
}

/** The `x-github-request-id` of the answer, when there was one (not for a dropped connection). */
export function requestIdOf(error: unknown): string | undefined {
  const headers = (error as RequestErrorLike | undefined)?.response?.headers;
  const id = headers?.['x-github-request-id'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function isRequestError(error: unknown): error is RequestErrorLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    'request' in error &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function messageOf(data: unknown): string | undefined {
  if (typeof data === 'object' && data !== null && 'message' in data) {
    const message = (data as { message: unknown }).message;
    return typeof message === 'string' ? message : undefined;
  }
  return undefined;
}

function adviceFor(status: number | undefined): string | undefined {
  switch (status) {
    case 401:
      return 'the token is missing, expired or invalid';
    case 403:
      return 'the token lacks a permission: add it to the workflow `permissions:` block, or this is a fork PR with a read-only token';
    case 404:
      return 'check the repository, the number or name, and that the token can see it';
    case undefined:
      return undefined;
    default:
      return status >= 500 ? 'GitHub kept failing after retries; re-run the job later' : undefined;
  }
}
