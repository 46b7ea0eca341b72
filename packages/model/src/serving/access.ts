import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Shorter tokens can be guessed; `openssl rand -hex 32` gives 64 characters. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * The server's bearer token. Requests are compared through SHA-256 digests with
 * `timingSafeEqual`: equal-length buffers whatever was sent, and no early exit that would let
 * response times reveal how much of a guess was right.
 */
export class BearerToken {
  private readonly digest: Buffer;

  constructor(token: string) {
    if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
      throw new Error(
        `the serve token must be at least ${MIN_TOKEN_LENGTH} characters without spaces — generate one with \`openssl rand -hex 32\``,
      );
    }
    this.digest = sha256(token);
  }

  /** Whether an `Authorization` header carries this token (`Bearer <token>`). */
  admits(authorization: string | undefined): boolean {
    const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
    // Compare even when the header is missing, so both paths take the same time.
    return timingSafeEqual(sha256(match?.[1] ?? ''), this.digest) && match !== null;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Whether `host` (an address to bind or call) is this machine only: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * Which `Host` headers the server answers. A web page can make a browser send requests to a
 * server on the reader's machine or network under a name the page controls (DNS rebinding); the
 * `Host` header then carries that name. Loopback names, IP literals (a rebinding page cannot
 * make the browser send one) and the names the operator allows pass; every other name is refused.
 */
export class HostAllowList {
  private readonly names: Set<string>;
  private readonly suffixes: string[];

  /** `allowed`: exact names (`models.example.com`) or, with a leading dot, a domain and its subdomains (`.example.com`). */
  constructor(allowed: readonly string[] = []) {
    const lower = allowed.map((name) => name.trim().toLowerCase()).filter(Boolean);
    this.names = new Set(lower.filter((name) => !name.startsWith('.')));
    this.suffixes = lower.filter((name) => name.startsWith('.'));
  }

  /** `hostHeader` as sent (`name`, `name:port`, `[v6]:port`); a request without one is no browser's. */
  admits(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined) return true;
    const name = hostName(hostHeader.trim().toLowerCase());
    if (name === undefined) return false;
    if (isIP(name) !== 0) return true;
    if (name === 'localhost' || name.endsWith('.localhost')) return true;
    if (this.names.has(name)) return true;
    return this.suffixes.some((suffix) => name.endsWith(suffix) || name === suffix.slice(1));
  }
}

function hostName(header: string): string | undefined {
  if (header.startsWith('[')) {
    const end = header.indexOf(']');
    return end > 0 ? header.slice(1, end) : undefined;
  }
  const name = header.replace(/:\d*$/, '').replace(/\.$/, '');
  return /^[a-z0-9.-]+$/.test(name) ? name : undefined;
}
