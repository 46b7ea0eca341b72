import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The sha256 (hex) and size of a file, read as a stream so a large model never sits in memory twice. */
export async function fileDigest(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The sha256 (hex) of bytes in memory. */
export function bytesSha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
