import "server-only";
import { GenesysNetworkError, GenesysTimeoutError } from "./errors";
import { describeExchange, type ExchangeListener, type Exchange } from "./exchange";
import type { PacingStats, RatePacer } from "./pacing";
import type { PageBuffer } from "./page-buffer";

/** What the platform last said about our rate-limit window (`inin-ratelimit-*`, see pacing.ts). */
export type RateLimitObservation = {
  allowed: number | null;
  count: number | null;
  resetSeconds: number | null;
  observedAt: string;
};

export type ClientStats = {
  /** API attempts, retries included. */
  apiCalls: number;
  /** Token endpoint attempts. */
  tokenRequests: number;
  /** Attempts that repeated an earlier one (429, 5xx, timeout, network, the one 401 renewal). */
  retries: number;
  /** 429 answers seen. */
  rateLimited: number;
  rateLimit: RateLimitObservation | null;
  /** Only on clients created with `pacing`: how often and how long attempts waited for the window. */
  paced?: PacingStats;
};

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type TransportOptions = {
  fetch: FetchLike;
  timeoutMs: number;
  onExchange?: ExchangeListener;
  /** Holds API attempts back while the rate-limit window is spent (see pacing.ts). */
  pacer?: RatePacer;
};

export type Attempt = {
  kind: Exchange["kind"];
  method: string;
  url: string;
  /** For error messages: the path and query without the host. */
  path: string;
  headers: Headers;
  body?: string;
  attempt: number;
  redirect?: RequestRedirect;
  signal?: AbortSignal;
  /**
   * "bytes": a 2xx body is handed over as bytes (`AttemptAnswer.bytes`, `text` empty), never
   * decoded into one big string: bulk pages of several MB stay outside the JS heap. Error
   * answers are still decoded, for their ErrorBody.
   */
  responseType?: "text" | "bytes";
  /** With "bytes": read the body into this reusable buffer instead of a new one (see page-buffer.ts). */
  into?: PageBuffer;
};

/** A fully read answer: reading inside the timeout bounds slow streams too. */
export type AttemptAnswer = { status: number; headers: Headers; text: string; bytes?: Uint8Array };

/** What an exchange listener is shown of a byte answer: its start, decoded (describeExchange truncates it). */
const SHOWN_BYTES = 8_192;

function headerNumber(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  if (value === null || value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts, even if `promise` ignores the signal. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Reads a body chunk by chunk into `into` (reset first: a retried attempt starts over). */
async function readInto(response: Response, into: PageBuffer): Promise<Uint8Array> {
  into.reset();
  if (!response.body) return into.view();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return into.view();
      into.append(value);
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Sends single attempts: applies the per-attempt timeout, counts them, records the exchange.
 * Retrying is the caller's business (see retry.ts); this layer never repeats anything.
 */
export class Transport {
  readonly counters: ClientStats = { apiCalls: 0, tokenRequests: 0, retries: 0, rateLimited: 0, rateLimit: null };

  constructor(private readonly options: TransportOptions) {}

  async send(attempt: Attempt): Promise<AttemptAnswer> {
    const { timeoutMs } = this.options;
    const pacer = attempt.kind === "api" ? this.options.pacer : undefined;
    // Paced before the timeout starts: waiting for the window is not the server being slow.
    if (pacer) await pacer.acquire(attempt.signal);
    try {
      const answer = await this.sendNow(attempt, timeoutMs);
      pacer?.release(answer.headers);
      return answer;
    } catch (error) {
      pacer?.release(null);
      throw error;
    }
  }

  private async sendNow(attempt: Attempt, timeoutMs: number): Promise<AttemptAnswer> {
    if (attempt.kind === "token") this.counters.tokenRequests += 1;
    else this.counters.apiCalls += 1;
    if (attempt.attempt > 1) this.counters.retries += 1;

    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = attempt.signal ? AbortSignal.any([attempt.signal, timeout]) : timeout;
    const startedAt = Date.now();
    const started = performance.now();
    const record = (status: number, extra: { headers?: Headers; text?: string; error?: string }) =>
      this.emit({
        kind: attempt.kind,
        method: attempt.method,
        url: attempt.url,
        requestHeaders: attempt.headers,
        ...(attempt.body !== undefined ? { requestBody: attempt.body } : {}),
        status,
        ...(extra.headers ? { responseHeaders: extra.headers } : {}),
        ...(extra.text !== undefined ? { responseText: extra.text } : {}),
        ...(extra.error !== undefined ? { error: extra.error } : {}),
        startedAt,
        durationMs: Math.round(performance.now() - started),
        attempt: attempt.attempt,
      });

    try {
      const response = await abortable(
        this.options.fetch(attempt.url, {
          method: attempt.method,
          headers: attempt.headers,
          ...(attempt.body !== undefined ? { body: attempt.body } : {}),
          redirect: attempt.redirect ?? "follow",
          signal,
        }),
        signal,
      );
      if (attempt.kind === "api") this.observeRateLimit(response.headers);
      if (attempt.responseType === "bytes" && response.status >= 200 && response.status < 300) {
        const bytes = attempt.into
          ? await abortable(readInto(response, attempt.into), signal)
          : new Uint8Array(await abortable(response.arrayBuffer(), signal));
        if (this.options.onExchange)
          record(response.status, {
            headers: response.headers,
            text: Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, SHOWN_BYTES)).toString("utf8"),
          });
        return { status: response.status, headers: response.headers, text: "", bytes };
      }
      const text = await abortable(response.text(), signal);
      record(response.status, { headers: response.headers, text });
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      // The caller's own abort is not a Genesys failure: pass it through untouched and unretried.
      if (attempt.signal?.aborted) {
        record(0, { error: "aborted by caller" });
        throw attempt.signal.reason;
      }
      const ref = { method: attempt.method, path: attempt.path };
      if (timeout.aborted) {
        record(0, { error: `timed out after ${timeoutMs} ms` });
        throw new GenesysTimeoutError({ ...ref, timeoutMs });
      }
      const failure = new GenesysNetworkError({ ...ref, cause: error });
      record(0, { error: failure.message });
      throw failure;
    }
  }

  private observeRateLimit(headers: Headers): void {
    const allowed = headerNumber(headers, "inin-ratelimit-allowed");
    const count = headerNumber(headers, "inin-ratelimit-count");
    const resetSeconds = headerNumber(headers, "inin-ratelimit-reset");
    if (allowed === null && count === null && resetSeconds === null) return;
    this.counters.rateLimit = { allowed, count, resetSeconds, observedAt: new Date().toISOString() };
  }

  private emit(init: Parameters<typeof describeExchange>[0]): void {
    const listener = this.options.onExchange;
    if (!listener) return;
    try {
      listener(describeExchange(init));
    } catch {
      // A broken display hook must never fail a report.
    }
  }

  stats(): ClientStats {
    return {
      ...this.counters,
      rateLimit: this.counters.rateLimit ? { ...this.counters.rateLimit } : null,
      ...(this.options.pacer ? { paced: this.options.pacer.stats() } : {}),
    };
  }
}
