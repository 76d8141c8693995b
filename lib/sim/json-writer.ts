/**
 * A tiny UTF-8 JSON writer for big, regular answers (a 200-queue week of hourly aggregates is
 * ~20 MB). Writing bytes directly skips building and stringifying a million small objects and
 * strings, which dominated the aggregate query's time and its garbage.
 */
const encoder = new TextEncoder();

type Bytes = Uint8Array<ArrayBuffer>;

export class JsonWriter {
  private buf: Bytes;
  private len = 0;
  private readonly digits = new Uint8Array(24);

  /** `sizeHint`: expected bytes, to avoid regrowing (and re-copying) a large answer. */
  constructor(sizeHint = 1 << 16) {
    this.buf = new Uint8Array(Math.max(1024, sizeHint));
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.len));
    this.buf = bigger;
  }

  /** Pre-encoded bytes (use `JsonWriter.encode` once for fixed fragments). */
  bytes(b: Uint8Array): this {
    const n = b.length;
    if (this.len + n > this.buf.length) this.ensure(n);
    if (n > 32) {
      this.buf.set(b, this.len);
      this.len += n;
    } else {
      // A plain loop beats TypedArray#set for the short fragments this writer mostly copies.
      const buf = this.buf;
      let at = this.len;
      for (let i = 0; i < n; i++) buf[at++] = b[i]!;
      this.len = at;
    }
    return this;
  }

  /** Raw text (any string; encoded as UTF-8). ASCII, the usual case, is copied without an encoder. */
  raw(s: string): this {
    const n = s.length;
    if (this.len + n > this.buf.length) this.ensure(n);
    const buf = this.buf;
    let at = this.len;
    for (let i = 0; i < n; i++) {
      const ch = s.charCodeAt(i);
      if (ch > 0x7f) {
        this.len = at;
        return this.bytes(encoder.encode(s.slice(i)));
      }
      buf[at++] = ch;
    }
    this.len = at;
    return this;
  }

  /** A JSON number; integers are formatted without going through a string. */
  number(n: number): this {
    if (!Number.isSafeInteger(n)) return this.raw(Number.isFinite(n) ? String(n) : "null");
    if (this.len + 22 > this.buf.length) this.ensure(22);
    if (n < 0) {
      this.buf[this.len++] = 45; // "-"
      n = -n;
    }
    if (n === 0) {
      this.buf[this.len++] = 48;
      return this;
    }
    let k = 0;
    if (n <= 0x7fffffff) {
      let m = n | 0;
      while (m > 0) {
        const q = (m / 10) | 0;
        this.digits[k++] = 48 + (m - q * 10);
        m = q;
      }
    } else {
      while (n > 0) {
        const q = Math.floor(n / 10);
        this.digits[k++] = 48 + (n - q * 10);
        n = q;
      }
    }
    while (k > 0) this.buf[this.len++] = this.digits[--k]!;
    return this;
  }

  get length(): number {
    return this.len;
  }

  /** Drop everything written after `length` (to undo a fragment that turned out empty). */
  truncate(length: number): void {
    this.len = length;
  }

  /** The written bytes (a view; the writer must not be used afterwards). */
  result(): Bytes {
    return this.buf.subarray(0, this.len);
  }

  static encode(s: string): Bytes {
    return encoder.encode(s) as Bytes;
  }
}
