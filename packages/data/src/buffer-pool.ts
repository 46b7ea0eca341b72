/** Most buffers a pool keeps: a reader holds three at a time. */
const KEPT = 6;

/**
 * Buffers that the readers of one thread hand back and take again. Each shard's reader needs a chunk
 * buffer and two for its unread bytes; fresh ones for every shard (more bytes than the shard holds) are
 * external memory, for which V8 runs full garbage collections; taking them again keeps that memory flat.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  /** A buffer of at least `size` bytes, whose contents are not defined. */
  take(size: number): Buffer {
    const index = this.free.findIndex((buffer) => buffer.length >= size);
    if (index < 0) return Buffer.allocUnsafeSlow(size);
    return this.free.splice(index, 1)[0] as Buffer;
  }

  /** Hands a whole buffer back (not a view of part of one): nothing may use it any more. */
  give(buffer: Buffer | null): void {
    if (buffer !== null && this.free.length < KEPT) this.free.push(buffer);
  }
}
