import "server-only";
/**
 * The Redis snapshot store, for Vercel and any deployment with more than one instance: every
 * instance sees the same snapshots, refresh status, queue-name cache, lock and token cache.
 *
 * Keys (all under a prefix, default `gqd:`):
 *   snap:<view>        list of snapshot JSON, newest first, trimmed to the history length
 *   snapver:<view>     bumped on every save, so instances re-read a snapshot only when it changed
 *   status             the refresh status JSON
 *   cache:<key>        cached values with a TTL
 *   lock:<name>        SET NX PX locks, released only by their holder (compare-and-delete)
 *
 * The client fails fast while Redis is unreachable (no offline queue), so requests answer a clear
 * 503 at once instead of hanging, and it reconnects by itself: when Redis returns, everything
 * works again without a restart.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { z } from "zod";
import { TokenFlights, type CachedToken, type TokenCache } from "@/lib/genesys/token-cache";
import type { QueueReport } from "@/lib/model/queue-report";
import { refreshStatusSchema, type RefreshStatus } from "@/lib/model/refresh-status";
import { DEFAULT_HISTORY_LENGTH, storedSnapshotSchema, type HeldLock, type LockResult, type SnapshotStore } from "./snapshot-store";

/** Redis could not be reached or answered with an error: the app answers 503 and says so. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Redis is unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "StoreUnavailableError";
  }
}

/**
 * Whether `error` is a store outage. By name, not instanceof: Next.js may bundle the store module
 * more than once, and an error from one copy is not an instance of the other copy's class.
 */
export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof Error && error.name === "StoreUnavailableError";
}

/**
 * The lock pattern of https://redis.io/docs/latest/develop/use/patterns/distributed-locks/: SET
 * key token NX PX ttl to take it, and Lua scripts (run atomically, https://redis.io/docs/latest/commands/eval/)
 * that touch the key only while it still holds the token: DEL to release it, PEXPIRE to extend it.
 */
const RELEASE_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND_LOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RECHECK_MS = 1000;

export function createRedisClient(url: string, logger: Pick<Console, "warn"> = console): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    // Keep trying, never more than 2 s apart: recovery needs no restart.
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  // One line per outage, not one per reconnection attempt; the URL may hold a password: never log it.
  let down = false;
  redis.on("error", (error: Error) => {
    if (!down) logger.warn(`[store] Redis is unreachable: ${error.message}`);
    down = true;
  });
  redis.on("ready", () => {
    if (down) logger.warn("[store] Redis is reachable again");
    down = false;
  });
  return redis;
}

const FIRST_CONNECT_WAIT_MS = 2000;

export class RedisSnapshotStore implements SnapshotStore {
  readonly kind = "redis" as const;
  private readonly latestCache = new Map<
    string,
    { version: string | null; checkedAt: number; snapshot: { report: QueueReport; json: string } | null }
  >();
  private everReady: boolean;
  private subscriber: Redis | undefined;
  private readonly listeners = new Map<string, Set<(message: string) => void>>();

  constructor(
    readonly redis: Redis,
    private readonly options: { prefix?: string; historyLength?: number; logger?: Pick<Console, "warn"> } = {},
  ) {
    this.everReady = redis.status === "ready";
    redis.on("ready", () => (this.everReady = true));
  }

  /**
   * A new instance waits briefly for its first connection; once it has been connected, an outage
   * fails at once (no offline queue), so a request never hangs on a dead Redis.
   */
  private async connected(): Promise<void> {
    if (this.redis.status === "ready" || this.everReady) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off("ready", done);
        resolve();
      };
      const timer = setTimeout(done, FIRST_CONNECT_WAIT_MS);
      this.redis.once("ready", done);
    });
  }

  private key(...parts: string[]): string {
    return `${this.options.prefix ?? "gqd:"}${parts.join(":")}`;
  }

  /** Runs Redis commands; any failure becomes a StoreUnavailableError. */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      await this.connected();
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  /** Whether Redis answers now, with the reason when it does not (for /api/health). */
  async ping(): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      await this.run(() => this.redis.ping());
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }

  async latest(view: string): Promise<QueueReport | null> {
    return (await this.latestWithJson(view))?.report ?? null;
  }

  async latestWithJson(view: string): Promise<{ report: QueueReport; json: string } | null> {
    const cached = this.latestCache.get(view);
    // Only a snapshot is trusted for a second; "none yet" is looked up again (another instance may
    // have just written the first one).
    if (cached && Date.now() - cached.checkedAt < RECHECK_MS && cached.snapshot) return cached.snapshot;
    const version = await this.run(() => this.redis.get(this.key("snapver", view)));
    if (cached && cached.version === version) {
      cached.checkedAt = Date.now();
      return cached.snapshot;
    }
    const snapshot = (await this.readNewest(view, 1))[0] ?? null;
    this.latestCache.set(view, { version, checkedAt: Date.now(), snapshot });
    return snapshot;
  }

  async history(view: string, limit = DEFAULT_HISTORY_LENGTH): Promise<QueueReport[]> {
    return (await this.readNewest(view, limit)).map((s) => s.report);
  }

  private async readNewest(view: string, limit: number): Promise<{ report: QueueReport; json: string }[]> {
    const items = await this.run(() => this.redis.lrange(this.key("snap", view), 0, Math.max(0, limit - 1)));
    const snapshots: { report: QueueReport; json: string }[] = [];
    for (const json of items) {
      try {
        const parsed = storedSnapshotSchema.safeParse(JSON.parse(json));
        if (parsed.success) snapshots.push({ report: parsed.data, json });
        else this.options.logger?.warn(`[store] ignoring an invalid snapshot of ${view} in Redis`);
      } catch {
        this.options.logger?.warn(`[store] ignoring an unreadable snapshot of ${view} in Redis`);
      }
    }
    return snapshots;
  }

  async save(view: string, report: QueueReport): Promise<void> {
    const json = JSON.stringify(storedSnapshotSchema.parse(report));
    const keep = this.options.historyLength ?? DEFAULT_HISTORY_LENGTH;
    // One transaction: readers see the old list or the new one, and the version moves with it.
    await this.run(() =>
      this.redis
        .multi()
        .lpush(this.key("snap", view), json)
        .ltrim(this.key("snap", view), 0, keep - 1)
        .incr(this.key("snapver", view))
        .exec(),
    );
    this.latestCache.delete(view);
  }

  async readStatus(): Promise<RefreshStatus> {
    const text = await this.run(() => this.redis.get(this.key("status")));
    if (!text) return {};
    try {
      const parsed = refreshStatusSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through
    }
    this.options.logger?.warn("[store] ignoring an invalid refresh status in Redis");
    return {};
  }

  async writeStatus(status: RefreshStatus): Promise<void> {
    const json = JSON.stringify(refreshStatusSchema.parse(status));
    await this.run(() => this.redis.set(this.key("status"), json));
  }

  async readCache<T>(key: string, schema: z.ZodType<T>): Promise<T | null> {
    const text = await this.run(() => this.redis.get(this.key("cache", key)));
    if (!text) return null;
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async writeCache<T>(key: string, value: T, ttlMs: number): Promise<void> {
    await this.run(() => this.redis.set(this.key("cache", key), JSON.stringify(value), "PX", Math.max(1, Math.round(ttlMs))));
  }

  /**
   * While `fn` runs, the lock's TTL is renewed every third of it, so a refresh that takes longer
   * than `ttlMs` keeps its lock; a holder that dies stops renewing and its lock expires after at
   * most `ttlMs`. Renewal stops when `fn` settles, or when the lock turns out to be lost.
   */
  async withLock<T>(name: string, ttlMs: number, fn: (lock: HeldLock) => Promise<T>): Promise<LockResult<T>> {
    const key = this.key("lock", name);
    const holder = randomBytes(16).toString("hex");
    const ttl = Math.max(1, Math.round(ttlMs));
    const acquired = await this.run(() => this.redis.set(key, holder, "PX", ttl, "NX"));
    if (acquired !== "OK") return { acquired: false };
    const renewal = this.renewLock(key, holder, ttl);
    try {
      return { acquired: true, value: await fn({ lost: renewal.lost }) };
    } finally {
      renewal.stop();
      // Only the holder releases; an expired lock taken over by someone else stays theirs.
      await this.redis.eval(RELEASE_LOCK, 1, key, holder).catch(() => undefined);
    }
  }

  private renewLock(key: string, holder: string, ttl: number): { lost: AbortSignal; stop(): void } {
    const lost = new AbortController();
    let stopped = false;
    let inFlight = false;
    const timer = setInterval(
      () => {
        if (stopped || inFlight) return;
        inFlight = true;
        this.redis
          .eval(EXTEND_LOCK, 1, key, holder, String(ttl))
          .then((extended) => {
            if (extended === 1 || stopped) return;
            stop();
            lost.abort(new Error("the lock was taken over"));
            this.options.logger?.warn(`[store] lost the lock ${key} while its holder was still running`);
          })
          // Redis unreachable for a moment: the next tick tries again while the lock is still alive.
          .catch(() => undefined)
          .finally(() => (inFlight = false));
      },
      Math.max(1, Math.floor(ttl / 3)),
    );
    timer.unref?.();
    const stop = () => {
      stopped = true;
      clearInterval(timer);
    };
    return { lost: lost.signal, stop };
  }

  /** Closes the store's connections (tests, and a process shutting down). */
  disconnect(): void {
    this.subscriber?.disconnect();
    this.redis.disconnect();
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.run(() => this.redis.publish(this.key("channel", channel), message));
  }

  /**
   * One subscriber connection per store (a Redis connection in subscribe mode can do nothing
   * else), shared by every channel and listener; ioredis resubscribes after a reconnection.
   */
  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    const key = this.key("channel", channel);
    this.subscriber ??= this.createSubscriber();
    let listeners = this.listeners.get(key);
    if (!listeners) {
      this.listeners.set(key, (listeners = new Set()));
      await this.subscriber.subscribe(key);
    }
    listeners.add(listener);
    return async () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(key) === listeners) {
        this.listeners.delete(key);
        await this.subscriber?.unsubscribe(key).catch(() => undefined);
      }
    };
  }

  private createSubscriber(): Redis {
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true });
    subscriber.on("error", () => undefined); // the main connection already reports outages
    subscriber.on("message", (key: string, message: string) => {
      for (const listener of this.listeners.get(key) ?? []) listener(message);
    });
    return subscriber;
  }
}

/**
 * The client-credentials token cache in Redis: all instances together request one token per
 * token lifetime. `lock` lets a cold cache be filled by one instance while the others wait.
 */
export class RedisTokenCache implements TokenCache {
  readonly flights = new TokenFlights();

  constructor(
    private readonly store: RedisSnapshotStore,
    private readonly prefix = "gqd:",
  ) {}

  private key(key: string): string {
    return `${this.prefix}${key}`;
  }

  async get(key: string): Promise<CachedToken | null> {
    const text = await this.store.run(() => this.store.redis.get(this.key(key)));
    if (!text) return null;
    try {
      const value = JSON.parse(text) as CachedToken;
      return typeof value.accessToken === "string" && typeof value.expiresAt === "number" && value.expiresAt > Date.now() ? value : null;
    } catch {
      return null;
    }
  }

  async set(key: string, value: CachedToken): Promise<void> {
    const ttl = value.expiresAt - Date.now();
    if (ttl > 0) await this.store.run(() => this.store.redis.set(this.key(key), JSON.stringify(value), "PX", Math.round(ttl)));
  }

  async delete(key: string): Promise<void> {
    await this.store.run(() => this.store.redis.del(this.key(key)));
  }

  lock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<LockResult<T>> {
    return this.store.withLock(`token-${key.replace(/[^a-z0-9]/gi, "")}`, ttlMs, fn);
  }
}
