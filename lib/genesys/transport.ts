import "server-only";
import { GenesysNetworkError, GenesysTimeoutError } from "./errors";
import { describeExchange, type ExchangeListener, type Exchange } from "./exchange";

/** What the platform last said about our rate-limit window (`inin-ratelimit-*`, API-FACTS §7.2). */
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
};

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type TransportOptions = {
  fetch: FetchLike;
  timeoutMs: number;
  onExchange?: ExchangeListener;
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
};

/** A fully read answer: bodies are small JSON documents, and reading inside the timeout bounds slow streams too. */
export type AttemptAnswer = { status: number; headers: Headers; text: string };

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

/**
 * Sends single attempts: applies the per-attempt timeout, counts them, records the exchange.
 * Retrying is the caller's business (see retry.ts); this layer never repeats anything.
 */
export class Transport {
  readonly counters: ClientStats = { apiCalls: 0, tokenRequests: 0, retries: 0, rateLimited: 0, rateLimit: null };

  constructor(private readonly options: TransportOptions) {}

  async send(attempt: Attempt): Promise<AttemptAnswer> {
    const { timeoutMs } = this.options;
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
      const text = await abortable(response.text(), signal);
      if (attempt.kind === "api") this.observeRateLimit(response.headers);
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
    return { ...this.counters, rateLimit: this.counters.rateLimit ? { ...this.counters.rateLimit } : null };
  }
}
