import type { IncomingMessage } from 'node:http';
import { ProtocolError } from './protocol';

/** Deeper JSON is no tensor; it would only make the parser and `flat()` recurse. */
export const MAX_JSON_DEPTH = 32;

/**
 * The request body as JSON, refused before it costs memory when it can be:
 * - not `application/json` → 415: a web page can POST `text/plain` or a form to any address
 *   without the browser asking the server first (no CORS preflight), `application/json` it cannot;
 * - a declared `Content-Length` over `limit` → 413 at once, a streamed body as soon as it passes it;
 * - nested deeper than `MAX_JSON_DEPTH`, or not JSON → 400.
 */
export async function readJsonBody(
  request: IncomingMessage,
  limit: number,
  budget?: BodyBudget,
): Promise<unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ProtocolError(
      415,
      `send the body as JSON with "Content-Type: application/json" (got ${type ? `"${type.slice(0, 100)}"` : 'none'})`,
    );
  }
  const tooLarge = () => new ProtocolError(413, `the request body is over ${limit} bytes`);
  if (Number(request.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge();
    budget?.take(request, (chunk as Buffer).length);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    throw new ProtocolError(400, `the request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ProtocolError(400, `the request body is not JSON: ${(error as Error).message.slice(0, 200)}`);
  }
}

/** The deepest nesting of `[` and `{` outside strings, in one pass over the text. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return deepest;
}

/**
 * The bytes of request bodies all requests together may hold in memory at once. Each body's limit
 * bounds one request; without a shared budget, a few concurrent large bodies would still take the
 * process's memory. A request that would pass it is answered 503 (with `Retry-After`), and its bytes
 * are given back when the server has answered it (`release`).
 */
export class BodyBudget {
  private used = 0;
  private readonly held = new WeakMap<IncomingMessage, number>();

  constructor(readonly limit: number) {}

  get inUse(): number {
    return this.used;
  }

  take(request: IncomingMessage, bytes: number): void {
    if (this.used + bytes > this.limit) {
      throw new ProtocolError(
        503,
        `the server is holding ${this.limit} bytes of request bodies already; retry in a moment`,
      );
    }
    this.used += bytes;
    this.held.set(request, (this.held.get(request) ?? 0) + bytes);
  }

  release(request: IncomingMessage): void {
    this.used -= this.held.get(request) ?? 0;
    this.held.delete(request);
  }
}
