import "server-only";
import { createHash } from "node:crypto";

export type CachedToken = {
  accessToken: string;
  /**
   * Epoch ms after which this token is no longer used. It already includes the early-renewal
   * margin, so a shared store (Redis) can use it as the entry's expiry as it is.
   */
  expiresAt: number;
};

/** Where client-credentials tokens live between requests: memory here, Redis when the app scales out. */
export interface TokenCache {
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
