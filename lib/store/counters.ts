import "server-only";
/**
 * Fixed-window counters shared by every instance of a deployment: with Redis one key per window
 * (INCR, and PEXPIRE on the first hit, in one Lua script so they cannot be separated,
 * https://redis.io/docs/latest/commands/incr/#pattern-rate-limiter-2); with the file store (one
 * instance by design) in this process's memory.
 */
import { RedisSnapshotStore } from "./redis-store";
import type { SnapshotStore } from "./snapshot-store";

export type WindowCount = { count: number; resetMs: number };

export interface WindowCounter {
  /** Counts one more hit for `key` in its current window of `windowMs`. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
}

const HIT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

class RedisWindowCounter implements WindowCounter {
  constructor(private readonly store: RedisSnapshotStore) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const [count, ttl] = (await this.store.run(() => this.store.redis.eval(HIT, 1, `gqd:count:${key}`, String(windowMs)))) as [
      number,
      number,
    ];
    return { count, resetMs: Math.max(0, ttl) };
  }
}

/** Bounded: at most this many live keys (a key per client and window). */
const MAX_KEYS = 10_000;

class MemoryWindowCounter implements WindowCounter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      if (this.windows.size >= MAX_KEYS) this.evictExpired(now);
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetMs: window.endsAt - now };
  }

  private evictExpired(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    // Still full of live windows: drop the oldest; a dropped client starts a fresh window.
    while (this.windows.size >= MAX_KEYS) this.windows.delete(this.windows.keys().next().value!);
  }
}

const countersKey = Symbol.for("genesys-dashboard.window-counters");
type WithCounter = SnapshotStore & { [countersKey]?: WindowCounter };

/** The deployment's counters, through its store. */
export function windowCounter(store: SnapshotStore): WindowCounter {
  const s = store as WithCounter;
  s[countersKey] ??= store instanceof RedisSnapshotStore ? new RedisWindowCounter(store) : new MemoryWindowCounter();
  return s[countersKey];
}
