import "server-only";
import { GenesysNetworkError, GenesysTimeoutError, type GenesysError } from "./errors";

export type RetryOptions = {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff for 5xx, timeouts and network failures: full jitter over `min(maxDelayMs, baseDelayMs · 2^n)`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Wait after a 429 that carries neither `Retry-After` nor `inin-ratelimit-reset` (the .NET SDK's 3 s). */
  rateLimitDefaultMs: number;
  /**
   * A 429 asking for a longer wait fails at once rather than holding a request (or a cron run)
   * for minutes; the .NET SDK treats > 180 s as a daily-limit breach in the same way.
   */
  maxRateLimitWaitMs: number;
};

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  rateLimitDefaultMs: 3_000,
  maxRateLimitWaitMs: 180_000,
};

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Waits at least `ms`: timers may fire a millisecond early, and a 429 wait must never be short. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const deadline = performance.now() + ms;
    let timer: ReturnType<typeof setTimeout>;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const tick = () => {
      const left = deadline - performance.now();
      if (left > 0) {
        timer = setTimeout(tick, Math.ceil(left));
        return;
      }
      signal?.removeEventListener("abort", onAbort);
      resolve();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    timer = setTimeout(tick, Math.max(0, Math.ceil(ms)));
  });

/** Sleeps with an injected `sleep` that may not know about signals, still stopping on abort. */
export function sleepUnlessAborted(sleep: Sleep, ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    sleep(ms, signal).then(
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** 500, 502, 503, 504: the platform's transient answers. 501 and others are not worth repeating. */
export function isTransientStatus(status: number): boolean {
  return status === 500 || status === 502 || status === 503 || status === 504;
}

/** `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** How long a 429 asks us to wait: `Retry-After`, else `inin-ratelimit-reset`, else the default. */
export function rateLimitWaitMs(headers: Headers, options: RetryOptions): number {
  const retryAfter = parseRetryAfter(headers.get("retry-after"));
  if (retryAfter !== null) return retryAfter;
  const reset = headers.get("inin-ratelimit-reset");
  if (reset !== null && /^\d+(\.\d+)?$/.test(reset.trim())) return Math.ceil(Number(reset.trim()) * 1000);
  return options.rateLimitDefaultMs;
}

/** Full jitter ("Exponential Backoff and Jitter", AWS): spreads synchronized retries of many callers. */
export function backoffMs(retryNumber: number, options: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.floor(random() * ceiling);
}

/** What one attempt came to, as the retry loop needs to know it. */
export type AttemptOutcome<T> =
  | { done: true; value: T }
  /** `rateLimited`: wait as the headers say; `transient`: back off. */
  | { done: false; error: GenesysError; retry: "rateLimited"; headers: Headers }
  | { done: false; error: GenesysError; retry: "transient" };

export type RetryContext = {
  options: RetryOptions;
  sleep: Sleep;
  random?: () => number;
  signal?: AbortSignal | undefined;
};

/** No answer arrived: the request may or may not have reached the server. */
export function isUnanswered(error: unknown): error is GenesysTimeoutError | GenesysNetworkError {
  return error instanceof GenesysTimeoutError || error instanceof GenesysNetworkError;
}

/**
 * Runs attempts until one is done, a failure is final, or `maxAttempts` is spent; the last
 * failure is then thrown as it was. Anything `run` throws is final: attempts decide for
 * themselves whether a timeout is worth repeating (see `isUnanswered`), so a failure from a
 * nested retry loop (the token request inside an API call) is not multiplied here.
 */
export async function withRetries<T>(run: (attempt: number) => Promise<AttemptOutcome<T>>, ctx: RetryContext): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await run(attempt);
    if (outcome.done) return outcome.value;
    if (attempt >= ctx.options.maxAttempts) throw outcome.error;

    let delay: number;
    if (outcome.retry === "rateLimited") {
      delay = rateLimitWaitMs(outcome.headers, ctx.options);
      if (delay > ctx.options.maxRateLimitWaitMs) throw outcome.error;
    } else {
      delay = backoffMs(attempt, ctx.options, ctx.random);
    }
    await sleepUnlessAborted(ctx.sleep, delay, ctx.signal);
  }
}
