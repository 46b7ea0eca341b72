import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** A problem with a file's bytes below the format (a broken gzip stream); the reader adds the place. */
export class SourceError extends Error {
  constructor(
    readonly problem: string,
    readonly hint: string,
  ) {
    super(`${problem} — ${hint}`);
  }
}

/** The sha256 and size of a file's bytes as stored (before decompression). */
export interface FileDigest {
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * The bytes of one file, decompressed when they start with the gzip magic bytes (whatever the name),
 * streamed in chunks of about `chunkBytes`, and hashed (sha256 of the stored bytes) on the way unless
 * opened with `hashing` false (the digest's sha256 is then '').
 */
export class ByteSource {
  private digestValue: FileDigest | null = null;

  private constructor(
    readonly path: string,
    readonly compressed: boolean,
    private readonly chunkBytes: number,
    private readonly hashing: boolean,
  ) {}

  static async open(path: string, chunkBytes: number, hashing = true): Promise<ByteSource> {
    return new ByteSource(path, await isGzip(path), chunkBytes, hashing);
  }

  /** Available once `chunks()` has been read to the end. */
  get digest(): FileDigest | null {
    return this.digestValue;
  }

  /**
   * The bytes, chunk by chunk. With `reuse` (plain files only), every chunk is the same buffer, written
   * again once the caller asks for the next one: the caller must not keep a chunk. A sharded pass's main
   * thread only scans each chunk, and fresh 1 MiB chunks it would drop at once are freed only when its
   * rare garbage collections run, so they would add to peak memory.
   */
  async *chunks(reuse = false): AsyncGenerator<Buffer> {
    const hash = this.hashing ? createHash('sha256') : null;
    let bytes = 0;
    if (reuse && !this.compressed) {
      const handle = await open(this.path, 'r');
      try {
        const buffer = Buffer.allocUnsafeSlow(this.chunkBytes);
        for (;;) {
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, bytes);
          if (bytesRead === 0) break;
          const chunk = bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
          hash?.update(chunk);
          bytes += bytesRead;
          yield chunk;
        }
      } finally {
        await handle.close();
      }
      this.digestValue = { sha256: hash?.digest('hex') ?? '', bytes };
      return;
    }
    const raw = createReadStream(this.path, { highWaterMark: this.chunkBytes });
    if (!this.compressed) {
      for await (const chunk of raw as AsyncIterable<Buffer>) {
        hash?.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    } else {
      const counter = { bytes: 0 };
      const gunzip = createGunzip({ chunkSize: Math.min(this.chunkBytes, 1 << 20) });
      const done = pipeline(raw, hashingStream(hash, counter), gunzip).catch(() => {
        // The same error reaches the loop below through gunzip; this only keeps it from going unhandled.
      });
      try {
        for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
      } catch (error) {
        throw asSourceError(error);
      } finally {
        if (!gunzip.destroyed) gunzip.destroy();
        await done;
      }
      bytes = counter.bytes;
    }
    this.digestValue = { sha256: hash?.digest('hex') ?? '', bytes };
  }
}

/** Streams a file through sha256 (and gunzip when compressed) into `target`, e.g. a temporary file. */
export async function copyDecompressed(path: string, target: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  const counter = { bytes: 0 };
  const compressed = await isGzip(path);
  try {
    if (compressed) {
      await pipeline(
        createReadStream(path),
        hashingStream(hash, counter),
        createGunzip(),
        createWriteStream(target),
      );
    } else {
      await pipeline(createReadStream(path), hashingStream(hash, counter), createWriteStream(target));
    }
  } catch (error) {
    throw asSourceError(error);
  }
  return { sha256: hash.digest('hex'), bytes: counter.bytes };
}

/** sha256 of a file's stored bytes, streamed. */
export async function hashFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export async function isGzip(path: string): Promise<boolean> {
  const magic = await readHead(path, 2);
  return magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
}

export async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function hashingStream(hash: Hash | null, counter: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash?.update(chunk);
      counter.bytes += chunk.length;
      callback(null, chunk);
    },
  });
}

function asSourceError(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'Z_BUF_ERROR') {
    return new SourceError(
      'the gzip stream ends early (the file is cut short)',
      'download or compress the file again; `gzip -t file` checks it',
    );
  }
  if (code === 'Z_DATA_ERROR' || code === 'Z_NEED_DICT') {
    return new SourceError(
      `the gzip data is corrupt (${(error as Error).message})`,
      'download or compress the file again; `gzip -t file` checks it',
    );
  }
  return error;
}
