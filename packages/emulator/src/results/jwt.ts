import { createHmac, timingSafeEqual } from 'node:crypto';

/** HS256 JWTs: enough to mint runner-style tokens and to reject anything we did not sign. */

export type JwtClaims = Record<string, unknown>;

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function signJwt(claims: JwtClaims, secret: Buffer): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

export class JwtError extends Error {}

/** Verifies signature and `nbf`/`exp` (seconds since the epoch); returns the claims. */
export function verifyJwt(
  token: string,
  secret: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('token is not a JWT');
  const [head, body, sig] = parts as [string, string, string];
  let header: unknown;
  let claims: unknown;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('token is not valid base64url JSON');
  }
  // Only HS256: accepting the header's `alg` blindly is the classic `alg: none` hole.
  if (!isObject(header) || header['alg'] !== 'HS256') throw new JwtError('unsupported JWT algorithm');
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new JwtError('invalid token signature');
  }
  if (!isObject(claims)) throw new JwtError('token claims are not an object');
  const { exp, nbf } = claims;
  if (typeof exp === 'number' && nowSeconds >= exp) throw new JwtError('token has expired');
  if (typeof nbf === 'number' && nowSeconds < nbf) throw new JwtError('token is not valid yet');
  return claims;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
