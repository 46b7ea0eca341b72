import { STATUS_CODES } from 'node:http';
import type { Reply } from './context';
import { DOCS_URL, PRIMARY_RATE_LIMIT_DOCS, SECONDARY_RATE_LIMIT_DOCS } from './errors';
import { githubHeaders } from './headers';
import { rateLimitHeaders, type RateWindow } from './rate-limit';
import { faultStatus, type Fault } from '../http/faults';

export { answers, faultStatus, FaultInjector, type Fault, type FaultSpec } from '../http/faults';

/** What GitHub (or its gateway) sends for each kind of fault. */
export function faultReply(fault: Fault, window: RateWindow, id: string): Reply {
  const status = faultStatus(fault);
  const headers: Record<string, string> = { ...githubHeaders(id), ...rateLimitHeaders(window) };
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  if (fault.secondaryRateLimit) {
    return {
      status,
      headers,
      body: {
        message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${id}.`,
        documentation_url: SECONDARY_RATE_LIMIT_DOCS,
        status: String(status),
      },
    };
  }
  if (status === 429) {
    // A primary rate limit: nothing left until the reset, which is when the client may retry.
    headers['x-ratelimit-remaining'] = '0';
    headers['x-ratelimit-used'] = String(window.limit);
    headers['x-ratelimit-reset'] = String(Math.ceil(Date.now() / 1000) + (fault.retryAfter ?? 60));
    return {
      status,
      headers,
      body: {
        message: 'API rate limit exceeded.',
        documentation_url: PRIMARY_RATE_LIMIT_DOCS,
        status: '429',
      },
    };
  }
  return {
    status,
    headers,
    body: { message: STATUS_CODES[status] ?? 'Error', documentation_url: DOCS_URL, status: String(status) },
  };
}
