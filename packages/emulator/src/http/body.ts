import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors';

/** Reads the whole request body; uploads are raw bytes, API bodies are JSON. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a JSON body; an empty body is `undefined`. GitHub answers bad JSON with 400. */
export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'Problems parsing JSON');
  }
}
