import "server-only";
import { createHash } from "node:crypto";

export type CachedToken = {
  accessToken: string;
  /**
   * Epoch ms after which this token is no longer used. It already includes the early-renewal
   * margin, so a shared store (Redis) can use it as the entry's expiry as it is.
   */
  expiresAt: number;
  /** The token answer's `expires_in`, as the login service said it (diagnostics: `npm run doctor`). */
  expiresInSeconds?: number;
};

/**
 * In-process single flight over one cache. Every client built on the same cache (the scheduled
 * refresh's, each route handler's) joins the token request already under way instead of sending
 * its own, and a refusal (wrong secret, inactive client) is handed to whoever asks in the next few
 * seconds: a misconfigured deployment under load sends one token request, not one per viewer.
 */
export class TokenFlights {
  private readonly flights = new Map<string, Promise<string>>();
  private readonly refusals = new Map<string, { error: unknown; until: number }>();

  /** How long a refusal is repeated to new callers without asking the login service again. */
  static readonly REFUSAL_MEMORY_MS = 10_000;

  /**
   * The token request for `key` in progress, or a new one from `start`. `isRefusal` says which
   * failures are answers about the credentials (remembered) rather than passing faults (not).
   */
  join(key: string, start: () => Promise<string>, isRefusal: (error: unknown) => boolean): Promise<string> {
    const running = this.flights.get(key);
    if (running) return running;
    const refused = this.refusals.get(key);
    if (refused && refused.until > Date.now()) return Promise.reject(refused.error);
    this.refusals.delete(key);
    // Set synchronously, so every caller in the same tick joins the same promise.
    const flight = start()
      .catch((error: unknown) => {
        if (isRefusal(error)) this.refusals.set(key, { error, until: Date.now() + TokenFlights.REFUSAL_MEMORY_MS });
        throw error;
      })
      .finally(() => {
        if (this.flights.get(key) === flight) this.flights.delete(key);
      });
    this.flights.set(key, flight);
    return flight;
  }

  /** Forget a remembered refusal (tests, or a deployment that changed its credentials in place). */
  forget(key: string): void {
    this.refusals.delete(key);
  }
}

/** Where client-credentials tokens live between requests: memory here, Redis when the app scales out. */
export interface TokenCache {
  /** The cache's in-process single flight: one per cache object, so one per deployment's process. */
  readonly flights: TokenFlights;
  get(key: string): Promise<CachedToken | null>;
  set(key: string, value: CachedToken): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * A shared cache (Redis) serialises filling a cold cache across processes: `fn` runs while
   * holding the lock, or `{ acquired: false }` says another process is fetching right now.
   * Without it, single flight holds within this process only.
   */
  lock?<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
}

/** One token per login host and client id. Hashed so the key can sit in logs; the secret is never part of it. */
export function tokenCacheKey(loginUrl: string, clientId: string): string {
  return `genesys:token:${createHash("sha256").update(`${loginUrl}\n${clientId}`).digest("hex").slice(0, 32)}`;
}

export class MemoryTokenCache implements TokenCache {
  readonly flights = new TokenFlights();
  private readonly entries = new Map<string, CachedToken>();

  async get(key: string): Promise<CachedToken | null> {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return null;
    }
    return { ...entry };
  }

  async set(key: string, value: CachedToken): Promise<void> {
    this.entries.set(key, { ...value });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
