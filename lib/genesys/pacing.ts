import "server-only";
import { sleepUnlessAborted, type Sleep } from "./retry";

/**
 * Client-side pacing from the `inin-ratelimit-*` headers (a captured Genesys answer in the blog
 * https://developer.genesys.cloud/blog/2021-05-06-sdk-config-and-logging/): every answer says how
 * many requests the token's window allows, how many it has used, and in how many seconds it
 * resets. Before each API attempt the pacer counts what is used (the last answer's count plus the
 * attempts still in flight, whose answers have not been counted yet) and, when the next request
 * would eat into the reserve, waits for the window to reset instead of collecting a 429.
 *
 * Waiting out the window (rather than spreading requests over it) spends the same budget in the
 * same time against a fixed window, and a caller that needs few requests never waits at all.
 * A 429 that still happens (another process on the same token) is handled by the retry loop.
 */
export type PacingOptions = {
  /**
   * Requests left unspent in every window, for other callers on the same token (the dashboard's
   * refresh, a second script). Default: 5 % of `inin-ratelimit-allowed`, at least 1.
   */
  reserve?: number;
  /** Added to every reset wait: the header counts whole seconds. Default 250 ms. */
  marginMs?: number;
};

export type PacingStats = {
  /** Times an attempt was held back until the window reset. */
  waits: number;
  waitedMs: number;
};

/** `inin-ratelimit-allowed` when the platform (or the simulator) sets no limit. */
const EFFECTIVELY_UNLIMITED = 1_000_000_000;

type Window = { allowed: number; count: number; resetAt: number };

function headerNumber(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  if (value === null || value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export class RatePacer {
  private window: Window | null = null;
  private inflight = 0;
  /** The longest `inin-ratelimit-reset` seen: the window's length. */
  private windowMs = 0;
  private readonly counters: PacingStats = { waits: 0, waitedMs: 0 };

  constructor(
    private readonly options: PacingOptions,
    private readonly sleep: Sleep,
    private readonly clock: () => number,
  ) {}

  private reserve(allowed: number): number {
    return this.options.reserve ?? Math.max(1, Math.floor(allowed * 0.05));
  }

  /** Resolves when one more attempt fits in the window; the caller must `release` it afterwards. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const w = this.window;
      if (!w) break;
      const now = this.clock();
      if (now >= w.resetAt) {
        // The window has turned over: assume a fresh one of the same size until an answer
        // describes it (forgetting it would let every waiter through at once).
        this.window = { allowed: w.allowed, count: 0, resetAt: now + (this.windowMs || 60_000) };
        continue;
      }
      if (w.count + this.inflight + 1 <= w.allowed - this.reserve(w.allowed)) break;
      const wait = Math.ceil(w.resetAt - now);
      this.counters.waits += 1;
      this.counters.waitedMs += wait;
      await sleepUnlessAborted(this.sleep, wait, signal);
    }
    this.inflight += 1;
  }

  /** The attempt is over; `headers` are its answer's, when there was one. */
  release(headers: Headers | null): void {
    this.inflight = Math.max(0, this.inflight - 1);
    if (headers) this.observe(headers);
  }

  private observe(headers: Headers): void {
    const allowed = headerNumber(headers, "inin-ratelimit-allowed");
    const count = headerNumber(headers, "inin-ratelimit-count");
    const reset = headerNumber(headers, "inin-ratelimit-reset");
    if (allowed === null || count === null || reset === null) return;
    if (allowed >= EFFECTIVELY_UNLIMITED) {
      this.window = null;
      return;
    }
    this.windowMs = Math.max(this.windowMs, reset * 1000);
    const resetAt = this.clock() + reset * 1000 + (this.options.marginMs ?? 250);
    const current = this.window;
    // Answers to concurrent requests arrive out of order: within one window, the highest count wins.
    if (current && Math.abs(current.resetAt - resetAt) < 2_000 && current.count > count) return;
    this.window = { allowed, count, resetAt };
  }

  stats(): PacingStats {
    return { ...this.counters };
  }
}
