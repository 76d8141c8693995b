import "server-only";
/**
 * A reusable buffer that bulk answers are read into, chunk by chunk (see `RequestSpec.into`).
 *
 * A fresh multi-MB buffer per page looks harmless, but the page stays alive while it is parsed
 * and written, the parsing triggers young-generation collections, so V8 promotes every page's
 * buffer and frees them only at the next full collection: tens of MB of dead pages in between.
 * Reading into the same buffer over and over keeps a streaming client at a constant size, and
 * the socket's small chunks die young. Whatever is read from a PageBuffer (the views of
 * `RawConversation.json`) is valid only until the buffer is used again.
 */
export class PageBuffer {
  private buffer: Buffer;
  private length = 0;

  constructor(initialBytes = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  reset(): void {
    this.length = 0;
  }

  append(chunk: Uint8Array): void {
    const needed = this.length + chunk.length;
    if (needed > this.buffer.length) {
      // Grows to fit the largest page seen; then stays.
      const bigger = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    this.buffer.set(chunk, this.length);
    this.length = needed;
  }

  /** The bytes read since the last reset (a view: valid until the next reset). */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  get capacity(): number {
    return this.buffer.length;
  }
}
