import "server-only";
import { createHash } from "node:crypto";
import * as oauth from "oauth4webapi";
import { GenesysAuthError, GenesysResponseError } from "./errors";
import { withRetries, isTransientStatus, isUnanswered, type AttemptOutcome, type RetryOptions, type Sleep } from "./retry";
import { errorBody, oauthErrorResponse } from "./schemas";
import { tokenCacheKey, type CachedToken, type TokenCache } from "./token-cache";
import type { Transport } from "./transport";

export type Grant = "client_credentials" | "authorization_code";

/** Supplies bearer tokens to the request path. */
export interface AccessTokenProvider {
  readonly grant: Grant;
  /** Whether a 401 can be answered with a new token. False for user-delegated tokens: PKCE gives no refresh. */
  readonly renewable: boolean;
  accessToken(signal?: AbortSignal): Promise<string>;
  /** The API refused `token` with 401: forget it so the next `accessToken()` yields a different one. */
  rejected(token: string): Promise<void>;
}

/** A token obtained elsewhere (the user's sign-in). Used as is; a 401 ends its life. */
export class UserDelegatedToken implements AccessTokenProvider {
  readonly grant = "authorization_code";
  readonly renewable = false;

  constructor(private readonly token: string) {
    if (!token) throw new Error("a user-delegated Genesys client needs an access token");
  }

  async accessToken(): Promise<string> {
    return this.token;
  }

  async rejected(): Promise<void> {
    // Nothing to forget: the caller turns the 401 into GenesysTokenExpiredError.
  }
}

export type ClientCredentialsOptions = {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  cache: TokenCache;
  transport: Transport;
  retry: RetryOptions;
  sleep: Sleep;
  random?: () => number;
};

/** Assumed when a token answer has no `expires_in`: the shortest lifetime Genesys allows (300 s). */
const FALLBACK_LIFETIME_MS = 300_000;
const RENEWAL_MARGIN_CAP_MS = 60_000;
const REMEMBERED_REJECTIONS = 8;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** How long a process waits for another one filling the shared token cache, and how often it looks. */
const SHARED_FETCH_WAIT_MS = 20_000;
const SHARED_FETCH_POLL_MS = 50;

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Reads whatever error the token endpoint gave when oauth4webapi could not (non-JSON, platform ErrorBody). */
function describeTokenRefusal(status: number, text: string): GenesysAuthError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new GenesysAuthError({ status });
  }
  const oauthError = oauthErrorResponse.safeParse(json);
  if (oauthError.success) {
    const description = oauthError.data.error_description ?? oauthError.data.description;
    return new GenesysAuthError({ status, error: oauthError.data.error, ...(description ? { errorDescription: description } : {}) });
  }
  const platformError = errorBody.safeParse(json);
  if (platformError.success && platformError.data.code) {
    const message = platformError.data.message;
    return new GenesysAuthError({ status, error: platformError.data.code, ...(message ? { errorDescription: message } : {}) });
  }
  return new GenesysAuthError({ status });
}

/**
 * HTTP Basic as every official Genesys SDK sends it: base64 of the raw `client_id:client_secret`
 * (platform-client-sdk-javascript `ApiClient.js` `loginClientCredentialsGrant`:
 * `Buffer.from(`${clientId}:${clientSecret}`).toString('base64')`; the Python, .NET, Java and Go
 * SDKs alike). oauth4webapi's `ClientSecretBasic` form-encodes both parts first (RFC 6749 §2.3.1
 * read strictly), turning the `-` and `_` of Genesys ids and secrets into `%2D` and `%5F`: a login
 * service that compares the credentials as sent would see another client.
 */
export function genesysClientSecretBasic(clientSecret: string): oauth.ClientAuth {
  if (!clientSecret) throw new Error("a client secret is required");
  return (_server, client, _body, headers) => {
    headers.set("authorization", `Basic ${Buffer.from(`${client.client_id}:${clientSecret}`, "utf8").toString("base64")}`);
  };
}

/** A token refusal is an answer about the credentials; anything else (timeouts, 5xx after retries) may pass. */
function isRefusal(error: unknown): boolean {
  return error instanceof GenesysAuthError && error.status !== 429 && !isTransientStatus(error.status);
}

/**
 * Client-credentials tokens (RFC 6749 §4.4): `POST <login>/oauth/token` with HTTP Basic, through
 * oauth4webapi. Tokens are cached until shortly before expiry. Every client on the same cache
 * shares one request in flight and a recent refusal (`TokenFlights`), so a process sends one token
 * request however many clients ask at once; a failed request leaves nothing behind in the cache.
 */
export class ClientCredentialsTokens implements AccessTokenProvider {
  readonly grant = "client_credentials";
  readonly renewable = true;
  private readonly key: string;
  /** The flight is per credentials: a refusal of one secret says nothing about another. */
  private readonly flightKey: string;
  private readonly server: oauth.AuthorizationServer;
  private readonly client: oauth.Client;
  private readonly clientAuth: oauth.ClientAuth;
  // Tokens the API refused. A flight that read the cache before the refusal may still return one.
  private readonly refused: string[] = [];

  constructor(private readonly options: ClientCredentialsOptions) {
    if (!options.clientId || !options.clientSecret) throw new Error("client credentials need both a client id and a secret");
    this.key = tokenCacheKey(options.loginUrl, options.clientId);
    this.flightKey = `${this.key}:${createHash("sha256").update(options.clientSecret).digest("hex").slice(0, 16)}`;
    this.server = { issuer: options.loginUrl, token_endpoint: `${options.loginUrl}/oauth/token` };
    this.client = { client_id: options.clientId };
    this.clientAuth = genesysClientSecretBasic(options.clientSecret);
  }

  async accessToken(signal?: AbortSignal): Promise<string> {
    for (;;) {
      const token = await abortable(this.shared(), signal);
      if (!this.refused.includes(token)) return token;
      // That flight started before the refusal; the next one reads the cache afresh.
    }
  }

  async rejected(token: string): Promise<void> {
    this.refused.push(token);
    if (this.refused.length > REMEMBERED_REJECTIONS) this.refused.shift();
    // Compare before deleting: with many callers refused at once, only the first may drop the
    // entry; the others would otherwise delete the replacement and fetch again.
    const cached = await this.options.cache.get(this.key);
    if (cached?.accessToken === token) await this.options.cache.delete(this.key);
  }

  private shared(): Promise<string> {
    return this.options.cache.flights.join(this.flightKey, () => this.cachedOrFetched(), isRefusal);
  }

  private async cachedOrFetched(): Promise<string> {
    const usable = async () => {
      const cached = await this.options.cache.get(this.key);
      return cached && cached.expiresAt > Date.now() && !this.refused.includes(cached.accessToken) ? cached.accessToken : null;
    };
    const cached = await usable();
    if (cached) return cached;
    const cache = this.options.cache;
    if (!cache.lock) return this.fetchAndCache();
    // A shared cache: one process fetches, the others wait for its token instead of asking too.
    const deadline = Date.now() + SHARED_FETCH_WAIT_MS;
    for (;;) {
      const outcome = await cache.lock<string>(this.key, SHARED_FETCH_WAIT_MS, async () => (await usable()) ?? this.fetchAndCache());
      if (outcome.acquired) return outcome.value;
      await this.options.sleep(SHARED_FETCH_POLL_MS);
      const filled = await usable();
      if (filled) return filled;
      if (Date.now() > deadline) return this.fetchAndCache(); // the holder died: do not wait forever
    }
  }

  private async fetchAndCache(): Promise<string> {
    const fresh = await this.fetchToken();
    // A server that hands back a token it just refused would otherwise keep `accessToken()` looping;
    // let it through once more and the second 401 becomes the caller's error.
    const wasRefused = this.refused.indexOf(fresh.accessToken);
    if (wasRefused >= 0) this.refused.splice(wasRefused, 1);
    await this.options.cache.set(this.key, fresh);
    return fresh.accessToken;
  }

  private async fetchToken(): Promise<CachedToken> {
    const { retry, sleep, random } = this.options;
    return withRetries((attempt) => this.tokenAttempt(attempt), {
      options: retry,
      sleep,
      ...(random ? { random } : {}),
    });
  }

  private async tokenAttempt(attempt: number): Promise<AttemptOutcome<CachedToken>> {
    const requestedAt = Date.now();
    let response: Response;
    try {
      response = await oauth.clientCredentialsGrantRequest(this.server, this.client, this.clientAuth, new URLSearchParams(), {
        [oauth.customFetch]: (url, init) => this.send(url, init, attempt),
        // Only the local simulator or a test gateway speaks plain http; real logins are https.
        [oauth.allowInsecureRequests]: this.server.token_endpoint?.startsWith("http:") ?? false,
      });
    } catch (error) {
      // A lost token answer costs nothing but an unused token: always worth another try.
      if (isUnanswered(error)) return { done: false, error, retry: "transient" };
      throw error;
    }

    if (response.status === 429 || isTransientStatus(response.status)) {
      const error = describeTokenRefusal(response.status, await response.text());
      if (response.status === 429) {
        this.options.transport.counters.rateLimited += 1;
        return { done: false, error, retry: "rateLimited", headers: response.headers };
      }
      return { done: false, error, retry: "transient" };
    }

    if (response.status !== 200) {
      const text = await response.clone().text();
      try {
        await oauth.processClientCredentialsResponse(this.server, this.client, response);
      } catch (error) {
        if (error instanceof oauth.ResponseBodyError) {
          throw new GenesysAuthError({
            status: error.status,
            error: error.error,
            ...(error.error_description ? { errorDescription: error.error_description } : {}),
          });
        }
      }
      throw describeTokenRefusal(response.status, text);
    }

    let answer: oauth.TokenEndpointResponse;
    try {
      answer = await oauth.processClientCredentialsResponse(this.server, this.client, response);
    } catch (error) {
      const reason = error instanceof Error ? error.message : "unreadable token response";
      throw new GenesysResponseError({ method: "POST", path: "/oauth/token", status: response.status, issues: [reason] });
    }
    const lifetimeMs = answer.expires_in !== undefined ? answer.expires_in * 1000 : FALLBACK_LIFETIME_MS;
    // Renew early: min(60 s, 10 % of the lifetime), so a request never leaves with a token about to lapse.
    const margin = Math.min(RENEWAL_MARGIN_CAP_MS, lifetimeMs * 0.1);
    return {
      done: true,
      value: {
        accessToken: answer.access_token,
        expiresAt: requestedAt + lifetimeMs - margin,
        ...(answer.expires_in !== undefined ? { expiresInSeconds: answer.expires_in } : {}),
      },
    };
  }

  /** oauth4webapi's custom fetch, routed through the transport so the token call is timed, counted and shown. */
  private async send(url: string, init: oauth.CustomFetchOptions<"POST", URLSearchParams>, attempt: number): Promise<Response> {
    const headers = new Headers(init.headers);
    // The form type as the official SDKs and Genesys's own Postman setup send it, without the
    // `;charset=UTF-8` oauth4webapi adds (the body is ASCII: `grant_type=client_credentials`).
    headers.set("content-type", "application/x-www-form-urlencoded");
    const answer = await this.options.transport.send({
      kind: "token",
      method: init.method,
      url,
      path: new URL(url).pathname,
      headers,
      body: init.body.toString(),
      attempt,
      redirect: init.redirect,
    });
    const body = NULL_BODY_STATUSES.has(answer.status) ? null : answer.text;
    return new Response(body, { status: answer.status, headers: answer.headers });
  }
}
