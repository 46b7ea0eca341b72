import type { IncomingMessage, ServerResponse } from 'node:http';

/** Twirp over JSON: `POST /twirp/<package.Service>/<Method>`, errors as `{ code, msg }`. */

const STATUS = {
  canceled: 408,
  unknown: 500,
  invalid_argument: 400,
  malformed: 400,
  deadline_exceeded: 408,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  permission_denied: 403,
  unauthenticated: 401,
  resource_exhausted: 429,
  failed_precondition: 412,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  data_loss: 500,
} as const;

export type TwirpCode = keyof typeof STATUS;

export class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export type Json = Record<string, unknown>;
export type TwirpMethod<C> = (body: Json, ctx: C) => Promise<Json> | Json;
export type TwirpService<C> = Record<string, TwirpMethod<C>>;

const MAX_BODY = 1 << 20;

export interface TwirpReply {
  status: number;
  body: Json;
}

/**
 * Builds the service's request handler for the given services: it reads and answers one request,
 * leaving the sending to the caller (which may, under an injected fault, never send it).
 * `authenticate` runs after routing (so unknown routes are 404 even without a token) and before
 * the body is parsed; it throws to reject.
 */
export function twirpHandler<C>(
  services: Record<string, TwirpService<C>>,
  authenticate: (req: IncomingMessage) => C,
  onError: (error: unknown) => void = () => undefined,
): (req: IncomingMessage) => Promise<TwirpReply> {
  return async (req) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = /^\/twirp\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      const method = match ? services[match[1] ?? '']?.[match[2] ?? ''] : undefined;
      if (!match || !method || req.method !== 'POST') {
        throw new TwirpError('bad_route', `no handler for ${req.method} ${url.pathname}`);
      }
      const ctx = authenticate(req);
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') {
        // The real service also speaks protobuf; the clients we emulate for only send JSON.
        throw new TwirpError('bad_route', `unsupported Content-Type ${JSON.stringify(type)}`);
      }
      const body = await readJson(req);
      return { status: 200, body: await method(body, ctx) };
    } catch (error) {
      if (!(error instanceof TwirpError)) onError(error);
      const twirp =
        error instanceof TwirpError
          ? error
          : new TwirpError('internal', error instanceof Error ? error.message : String(error));
      return twirpErrorReply(twirp);
    }
  };
}

/** Twirp's error body: `{ code, msg }` with the code's HTTP status. */
export function twirpErrorReply(error: TwirpError): TwirpReply {
  return { status: error.status, body: { code: error.code, msg: error.message } };
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new TwirpError('malformed', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    throw new TwirpError('malformed', 'request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TwirpError('malformed', 'request body must be a JSON object');
  }
  return parsed as Json;
}

export function sendTwirp(
  res: ServerResponse,
  { status, body }: TwirpReply,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/*
 * Field readers. Requests use protobuf-JSON with proto field names (`useProtoFieldName`), but
 * protobuf-JSON parsers also accept lowerCamelCase, so both spellings are read.
 */

function field(body: Json, name: string): unknown {
  if (name in body) return body[name];
  return body[name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())];
}

export function optionalString(body: Json, name: string): string | undefined {
  const value = field(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new TwirpError('invalid_argument', `${name} must be a string`);
  return value;
}

export function requiredString(body: Json, name: string): string {
  const value = optionalString(body, name);
  if (!value) throw new TwirpError('invalid_argument', `${name} is required`);
  return value;
}

/** int64 is a decimal string in protobuf-JSON; numbers are accepted too. */
export function optionalInt(body: Json, name: string): number | undefined {
  const value = field(body, name);
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new TwirpError('invalid_argument', `${name} must be an int64`);
  }
  return n;
}

export function stringList(body: Json, name: string): string[] {
  const value = field(body, name) ?? [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new TwirpError('invalid_argument', `${name} must be a list of strings`);
  }
  return value as string[];
}
