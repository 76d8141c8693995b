/**
 * Request bodies read with a byte limit: refused from a declared `Content-Length` before a byte is
 * read, and, when there is none (chunked transfer coding, RFC 9112 §6.1) or it understates the
 * body, while streaming, as soon as one byte more than the limit has arrived (RFC 9110 §15.5.14,
 * `413 Content Too Large`). app-context.ts turns the error into the platform's ErrorBody.
 *
 * The simulator's own reader, not Hono's `bodyLimit` middleware (hono/body-limit): that one reads
 * the whole body up front, before authentication, the permission check, the 415 content-type check
 * and route matching (which answer first here), and it trusts a declared `Content-Length` without
 * limiting the stream behind it.
 *
 * Past the limit the stream is released, not cancelled: cancelling a Node.js request body
 * destroys the socket the 413 has to be written to. The server drains or closes the rest
 * (@hono/node-server drains at most 500 ms, Node's http server has `requestTimeout`).
 */

export const KIB = 1024;

export class BodyTooLargeError extends Error {
  constructor(
    /** The limit in bytes. */
    readonly limit: number,
    /** The declared Content-Length when that is what gave it away; null when found while reading. */
    readonly declared: number | null,
  ) {
    super(
      declared !== null
        ? `The request body is ${declared} bytes; at most ${limit} bytes are accepted here.`
        : `The request body is larger than ${limit} bytes, the most accepted here.`,
    );
    this.name = "BodyTooLargeError";
  }
}

/** The declared `Content-Length`, or null when absent or not a plain decimal number. */
export function declaredLength(headers: Headers): number | null {
  const raw = headers.get("content-length");
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : null;
}

/** The error for a request that declares a body longer than `limit`, or null. Reads nothing. */
export function declaredTooLarge(headers: Headers, limit: number): BodyTooLargeError | null {
  const declared = declaredLength(headers);
  return declared !== null && declared > limit ? new BodyTooLargeError(limit, declared) : null;
}

/** The stream's chunks, at most `limit` bytes in all; BodyTooLargeError as soon as it has more. */
async function readChunksLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<{ chunks: Uint8Array[]; total: number }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) throw new BodyTooLargeError(limit, null);
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return { chunks, total };
}

/**
 * The whole body as bytes, at most `limit` of them; throws BodyTooLargeError otherwise (checking
 * `Content-Length` first). An absent body is empty.
 */
export async function readBodyLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = declaredTooLarge(request.headers, limit);
  if (declared) throw declared;
  if (!request.body) return new Uint8Array(0);
  const { chunks, total } = await readChunksLimited(request.body, limit);
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** The body as UTF-8 text (malformed sequences replaced), at most `limit` bytes. */
export async function readTextLimited(request: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBodyLimited(request, limit));
}
