import { STATUS_CODES } from 'node:http';
import { faultStatus, type Fault } from '../http/faults';
import type { TwirpCode, TwirpReply } from './twirp';

/**
 * What the results service (or the gateway in front of it) answers for an injected fault: a Twirp
 * error body whose code fits the status, and `retry-after` when the fault sets one.
 */
export function twirpFaultReply(fault: Fault): { reply: TwirpReply; headers: Record<string, string> } {
  const status = faultStatus(fault);
  const headers: Record<string, string> =
    fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
  return {
    reply: { status, body: { code: codeFor(status), msg: STATUS_CODES[status] ?? 'error' } },
    headers,
  };
}

function codeFor(status: number): TwirpCode {
  if (status === 429) return 'resource_exhausted';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'permission_denied';
  if (status === 404) return 'not_found';
  return status >= 500 ? 'internal' : 'unknown';
}
