import "server-only";
import type { z } from "zod";
import { GenesysApiError, GenesysResponseError, GenesysTokenExpiredError } from "./errors";
import type { ExchangeListener } from "./exchange";
import {
  DEFAULT_RETRY,
  isTransientStatus,
  isUnanswered,
  realSleep,
  withRetries,
  type AttemptOutcome,
  type RetryOptions,
  type Sleep,
} from "./retry";
import { RatePacer, type PacingOptions } from "./pacing";
import type { PageBuffer } from "./page-buffer";
import { errorBody, type ErrorBody } from "./schemas";
import { MemoryTokenCache, type TokenCache } from "./token-cache";
import { ClientCredentialsTokens, UserDelegatedToken, type AccessTokenProvider, type Grant } from "./tokens";
import { Transport, type AttemptAnswer, type ClientStats } from "./transport";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type QueryValue = string | number | boolean | undefined | readonly (string | number | boolean)[];
export type Query = Record<string, QueryValue>;

export type RequestSpec = {
  method: HttpMethod;
  /** `/api/v2/...` */
  path: string;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * False when repeating the request after it may have reached the server would do something
   * twice (creating a job): then only 429 and 503, which promise nothing was done, are retried.
   */
  idempotent?: boolean;
  /** See `Attempt.responseType`. */
  responseType?: "text" | "bytes";
  /** See `Attempt.into`. */
  into?: PageBuffer;
};

export type GenesysHttpOptions = {
  /** Base of `/api/v2`, no trailing slash (see `resolveGenesysEnvironment`). */
  apiUrl: string;
  /** Base of `/oauth/token`; needed with `credentials`. */
  loginUrl: string;
  /** The client-credentials grant: scheduled, unattended reporting. */
  credentials?: { clientId: string; clientSecret: string };
  /** A user-delegated token from sign-in (authorization code + PKCE). */
  accessToken?: string;
  fetch?: typeof fetch;
  tokenCache?: TokenCache;
  /** Per attempt, token requests included. Default 15 s. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  onExchange?: ExchangeListener;
  sleep?: Sleep;
  /** Jitter source, for deterministic tests. */
  random?: () => number;
  /**
   * Pace API calls from the `inin-ratelimit-*` headers so long runs (an export) rarely meet a 429:
   * `true` for the defaults. Off by default: a report makes a handful of calls.
   */
  pacing?: boolean | PacingOptions;
  /** Milliseconds of a monotonic clock, for pacing; default `performance.now`. Tests pair it with `sleep`. */
  clock?: () => number;
};

export const DEFAULT_TIMEOUT_MS = 15_000;

function trimBase(url: string): string {
  return url.replace(/\/+$/, "");
}

/** Arrays become repeated keys (`id=a&id=b`), the swagger's `multi` format; undefined values are left out. */
export function buildQueryString(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values: readonly (string | number | boolean)[] = Array.isArray(value) ? value : [value as string | number | boolean];
    for (const item of values) params.append(key, String(item));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The platform's ErrorBody when there is one; otherwise the start of whatever came back. */
export function readErrorBody(answer: AttemptAnswer): ErrorBody {
  try {
    const parsed = errorBody.safeParse(JSON.parse(answer.text));
    if (parsed.success) return parsed.data;
  } catch {
    // Gateways and load balancers answer HTML or plain text.
  }
  const text = answer.text.trim();
  return { status: answer.status, ...(text ? { message: text.length > 200 ? `${text.slice(0, 200)}…` : text } : {}) };
}

function parseBody<S extends z.ZodType>(answer: AttemptAnswer, schema: S, ref: { method: string; path: string }): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    const issue = answer.text.trim() === "" ? "the body is empty" : "the body is not JSON";
    throw new GenesysResponseError({ ...ref, status: answer.status, issues: [issue] });
  }
  const result = schema.safeParse(json);
  if (!result.success) throw GenesysResponseError.fromZod({ ...ref, status: answer.status }, result.error);
  return result.data;
}

/**
 * The one request path to the Genesys Cloud API. It owns the bearer token (including the single
 * renewal after a 401), the per-attempt timeout, the retry policy for 429 / 5xx / lost answers,
 * error normalisation and response validation.
 */
export class GenesysHttp {
  readonly grant: Grant;
  private readonly apiUrl: string;
  private readonly transport: Transport;
  private readonly tokens: AccessTokenProvider;
  private readonly retry: RetryOptions;
  private readonly sleep: Sleep;
  private readonly random: (() => number) | undefined;

  constructor(options: GenesysHttpOptions) {
    this.apiUrl = trimBase(options.apiUrl);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    if (!(this.retry.maxAttempts >= 1)) throw new Error("retry.maxAttempts must be at least 1");
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random;
    const baseFetch = options.fetch ?? globalThis.fetch;
    const pacing = options.pacing === true ? {} : options.pacing || null;
    this.transport = new Transport({
      fetch: (input, init) => baseFetch(input, init),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.onExchange ? { onExchange: options.onExchange } : {}),
      ...(pacing ? { pacer: new RatePacer(pacing, this.sleep, options.clock ?? (() => performance.now())) } : {}),
    });
    this.tokens = this.tokenProvider(options);
    this.grant = this.tokens.grant;
  }

  private tokenProvider(options: GenesysHttpOptions): AccessTokenProvider {
    if (options.credentials && options.accessToken !== undefined) {
      // Mixing them would let a user-delegated view silently fall back to the app's wider reach.
      throw new Error("give a Genesys client either credentials or an access token, not both");
    }
    if (options.accessToken !== undefined) return new UserDelegatedToken(options.accessToken);
    if (!options.credentials) throw new Error("a Genesys client needs credentials or an access token");
    return new ClientCredentialsTokens({
      loginUrl: trimBase(options.loginUrl),
      clientId: options.credentials.clientId,
      clientSecret: options.credentials.clientSecret,
      cache: options.tokenCache ?? new MemoryTokenCache(),
      transport: this.transport,
      retry: this.retry,
      sleep: this.sleep,
      ...(this.random ? { random: this.random } : {}),
    });
  }

  /** A JSON answer, validated by `schema`. */
  async request<S extends z.ZodType>(spec: RequestSpec & { schema: S }): Promise<z.infer<S>> {
    const { answer } = await this.send(spec);
    return parseBody(answer, spec.schema, { method: spec.method, path: spec.path });
  }

  /** A JSON answer read by `read` from its bytes: the bulk path, which does its own checking (record-page.ts). */
  async requestBytes<T>(
    spec: RequestSpec,
    read: (bytes: Uint8Array, ref: { method: string; path: string; status: number }) => T,
  ): Promise<T> {
    const { answer } = await this.send({ ...spec, responseType: "bytes" });
    return read(answer.bytes ?? Buffer.from(answer.text), { method: spec.method, path: spec.path, status: answer.status });
  }

  /** For answers whose body, if any, means nothing (204 Deleted, DELETE /tokens/me's 200). */
  async requestNoContent(spec: RequestSpec): Promise<void> {
    await this.send(spec);
  }

  /**
   * `DELETE /api/v2/tokens/me`: revokes the token in use. A client-credentials client then forgets
   * it, so its next request fetches a new one instead of meeting a 401.
   */
  async revokeToken(): Promise<void> {
    const { token } = await this.send({ method: "DELETE", path: "/api/v2/tokens/me" });
    await this.tokens.rejected(token);
  }

  stats(): ClientStats {
    return this.transport.stats();
  }

  /** Obtains the bearer token now (cached, or a token request), without an API call. */
  async authenticate(signal?: AbortSignal): Promise<void> {
    await this.tokens.accessToken(signal);
  }

  private async send(spec: RequestSpec): Promise<{ answer: AttemptAnswer; token: string }> {
    const query = buildQueryString(spec.query);
    const path = `${spec.path}${query}`;
    const url = `${this.apiUrl}${path}`;
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const idempotent = spec.idempotent ?? true;
    let attempts = 0;

    const attempt = async (renewed: boolean): Promise<AttemptOutcome<{ answer: AttemptAnswer; token: string }>> => {
      attempts += 1;
      const token = await this.tokens.accessToken(spec.signal);
      const headers = new Headers({ Accept: "application/json", Authorization: `Bearer ${token}` });
      if (body !== undefined) headers.set("Content-Type", "application/json");
      let answer: AttemptAnswer;
      try {
        answer = await this.transport.send({
          kind: "api",
          method: spec.method,
          url,
          path,
          headers,
          ...(body !== undefined ? { body } : {}),
          attempt: attempts,
          ...(spec.signal ? { signal: spec.signal } : {}),
          ...(spec.responseType ? { responseType: spec.responseType } : {}),
          ...(spec.into ? { into: spec.into } : {}),
        });
      } catch (error) {
        if (idempotent && isUnanswered(error)) return { done: false, error, retry: "transient" };
        throw error;
      }
      if (answer.status >= 200 && answer.status < 300) return { done: true, value: { answer, token } };

      const errorInit = {
        method: spec.method,
        path,
        status: answer.status,
        body: readErrorBody(answer),
        correlationId: answer.headers.get("inin-correlation-id") ?? undefined,
      };
      if (answer.status === 401) {
        if (!this.tokens.renewable) throw new GenesysTokenExpiredError(errorInit);
        if (!renewed) throw new TokenRefused(token, new GenesysApiError(errorInit));
      }
      const error = new GenesysApiError(errorInit);
      if (answer.status === 429) {
        this.transport.counters.rateLimited += 1;
        return { done: false, error, retry: "rateLimited", headers: answer.headers };
      }
      if (isTransientStatus(answer.status) && (idempotent || answer.status === 503)) {
        return { done: false, error, retry: "transient" };
      }
      throw error;
    };

    const run = (renewed: boolean) =>
      withRetries(() => attempt(renewed), {
        options: this.retry,
        sleep: this.sleep,
        ...(this.random ? { random: this.random } : {}),
        signal: spec.signal,
      });

    try {
      return await run(false);
    } catch (error) {
      if (!(error instanceof TokenRefused)) throw error;
      // Exactly one renewal: forget the refused token, take a fresh one (shared with every other
      // caller refused at the same moment), and try once more. A second 401 is final.
      await this.tokens.rejected(error.token);
      return run(true);
    }
  }
}

/** Internal signal from an attempt to `send`: the cached token was refused and may be renewed once. */
class TokenRefused extends Error {
  constructor(
    readonly token: string,
    readonly apiError: GenesysApiError,
  ) {
    super(apiError.message);
  }
}
