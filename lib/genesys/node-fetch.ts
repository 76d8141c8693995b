import "server-only";
/**
 * A `fetch` over node:http / node:https, for command-line clients that care about their memory
 * (the export). Node's built-in fetch (undici) compiles its WebAssembly HTTP parser on the first
 * request: about 40 MB at its peak and 20 MB for good, more than the export needs for all its
 * pages. This one answers with a standard `Response`, so everything above it (the transport,
 * oauth4webapi) is unchanged; connections are kept alive and reused.
 *
 * Deliberately small: no redirects are followed (Genesys's token and API endpoints do not
 * redirect; a 3xx comes back as the answer), bodies are strings, bytes or URLSearchParams.
 */
import http from "node:http";
import https from "node:https";

const NULL_BODY = new Set([101, 204, 205, 304]);

export function createNodeFetch(options: { maxSockets?: number } = {}): typeof fetch {
  const maxSockets = options.maxSockets ?? 4;
  const agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets }),
    "https:": new https.Agent({ keepAlive: true, maxSockets }),
  };

  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        reject(new TypeError(`unsupported protocol ${url.protocol}`));
        return;
      }
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const method = (init.method ?? "GET").toUpperCase();
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const body = requestBody(init.body);
      if (body !== undefined) headers["content-length"] = String(body.length);

      const lib = url.protocol === "https:" ? https : http;
      const request = lib.request(url, { method, headers, agent: agents[url.protocol] }, (response) => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (Array.isArray(value)) for (const item of value) answerHeaders.append(name, item);
          else if (value !== undefined) answerHeaders.set(name, value);
        }
        const status = response.statusCode ?? 0;
        if (NULL_BODY.has(status) || method === "HEAD") {
          response.resume();
          resolve(new Response(null, { status, headers: answerHeaders }));
          return;
        }
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            response.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
            response.on("end", () => controller.close());
            response.on("error", (error) => controller.error(error));
            response.on("aborted", () => controller.error(new Error("the connection closed before the answer was complete")));
          },
          cancel() {
            response.destroy();
          },
        });
        resolve(
          new Response(stream, {
            status,
            ...(response.statusMessage ? { statusText: response.statusMessage } : {}),
            headers: answerHeaders,
          }),
        );
      });
      const onAbort = () => request.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      signal?.addEventListener("abort", onAbort, { once: true });
      request.on("close", () => signal?.removeEventListener("abort", onAbort));
      request.on("error", reject);
      request.end(body);
    });
}

function requestBody(body: RequestInit["body"]): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError("this fetch sends strings, bytes and URLSearchParams only");
}
