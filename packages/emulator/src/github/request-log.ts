import type { RequestLogEntry } from './types';

/**
 * The request log's entry for a request as it arrives; the pipeline fills in the status when
 * it answers. Only the token's last 4 characters are kept, so logs can be printed safely.
 */
export function logEntry(request: {
  method: string;
  url: URL;
  server: 'api' | 'uploads';
  at: string;
  token: string | undefined;
  operationId: string | undefined;
  raw: Buffer;
}): RequestLogEntry {
  return {
    method: request.method,
    path: request.url.pathname,
    query: Object.fromEntries(request.url.searchParams),
    status: 0,
    operationId: request.operationId,
    // Uploads are raw bytes, not worth keeping.
    requestBody: request.server === 'api' ? lenientJson(request.raw) : undefined,
    token: request.token?.slice(-4),
    at: request.at,
    server: request.server,
    fault: false,
  };
}

function lenientJson(raw: Buffer): unknown {
  try {
    return raw.length === 0 ? undefined : (JSON.parse(raw.toString('utf8')) as unknown);
  } catch {
    return undefined;
  }
}
