/**
 * Rate limits and injected faults: what a client must survive against the real API.
 *
 * Rate limit: a fixed 60-second window per access token, started by the token's first request
 * in the window (the `inin-ratelimit-reset` header counts down to its end). Over the limit: 429
 * with `Retry-After`. Requests without a valid token (token endpoint, 401s, unknown routes) are
 * counted in an "anonymous" window for the headers but never refused. With the limit off (0),
 * `inin-ratelimit-allowed` reports 2147483647.
 */
import { z } from "zod";
import { SimOptionError } from "./options";
import { mulberry32, type Rng } from "./random";

export const RATE_WINDOW_MS = 60_000;
export const UNLIMITED = 2147483647;

export type RateState = { count: number; allowed: number; resetSeconds: number; limited: boolean };

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private newSincePrune = 0;

  /** Count one request for `key` and say whether it is over `limit` (0 = no limit). */
  hit(key: string, now: number, limit: number, enforce: boolean): RateState {
    let w = this.windows.get(key);
    if (!w || now >= w.start + RATE_WINDOW_MS) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      // Amortised: a full prune at most once per 1,000 new windows (tokens are capped, oauth.ts).
      if (this.windows.size > 20_000 && ++this.newSincePrune >= 1000) this.prune(now);
    }
    w.count++;
    const allowed = limit > 0 ? limit : UNLIMITED;
    return {
      count: w.count,
      allowed,
      resetSeconds: Math.max(1, Math.ceil((w.start + RATE_WINDOW_MS - now) / 1000)),
      limited: enforce && limit > 0 && w.count > limit,
    };
  }

  private prune(now: number): void {
    this.newSincePrune = 0;
    for (const [k, w] of this.windows) if (now >= w.start + RATE_WINDOW_MS) this.windows.delete(k);
  }

  clear(): void {
    this.windows.clear();
  }
}

export type ScriptedFault = {
  status?: number;
  count?: number;
  pathPrefix?: string;
  retryAfterSeconds?: number;
  malformed?: boolean;
  jobState?: "FAILED" | "EXPIRED";
};

/**
 * What failNext accepts (programmatically and through POST /__sim/faults): bounded, so a script
 * cannot queue millions of faults or an answer status no Response can carry.
 */
const scriptedFaultSchema = z.strictObject({
  status: z.number().int().min(400).max(599).optional(),
  count: z.number().int().min(1).max(10_000).optional(),
  pathPrefix: z.string().startsWith("/").max(200).optional(),
  retryAfterSeconds: z.number().min(0).max(3600).optional(),
  malformed: z.boolean().optional(),
  jobState: z.enum(["FAILED", "EXPIRED"]).optional(),
});
/** Scripted faults (and scripted job end states) pending at most. */
export const MAX_PENDING_FAULTS = 1000;
export const MAX_PENDING_JOB_STATES = 10_000;

type PendingFault = { status: number; remaining: number; pathPrefix: string; retryAfterSeconds?: number; malformed: boolean };

/** Scripted faults (failNext) and the random-503 generator (seeded: repeatable runs). */
export class FaultPlan {
  private scripted: PendingFault[] = [];
  private jobStates: ("FAILED" | "EXPIRED")[] = [];
  private rng: Rng;

  constructor(private readonly seed: number) {
    this.rng = mulberry32(seed ^ 0x5eed);
  }

  /** Throws SimOptionError naming the field (`failNext.count`, …) for a bad or excessive script. */
  failNext(script: ScriptedFault): void {
    const parsed = scriptedFaultSchema.safeParse(script);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.length ? `failNext.${issue.path.join(".")}` : "failNext";
      const keys = issue?.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
      throw new SimOptionError(path, `Invalid ${path}${keys}: ${issue?.message ?? "invalid"}`);
    }
    const f = parsed.data;
    const count = f.count ?? 1;
    if (f.jobState && this.jobStates.length + count > MAX_PENDING_JOB_STATES) {
      throw new SimOptionError(
        "failNext.count",
        `Invalid failNext.count: at most ${MAX_PENDING_JOB_STATES} scripted job states may be pending`,
      );
    }
    if (this.scripted.length >= MAX_PENDING_FAULTS && !(f.jobState && f.status === undefined && !f.malformed)) {
      throw new SimOptionError("failNext", `Invalid failNext: at most ${MAX_PENDING_FAULTS} scripted faults may be pending`);
    }
    if (f.jobState) for (let i = 0; i < count; i++) this.jobStates.push(f.jobState);
    // A jobState alone scripts the next job, not an HTTP answer.
    if (f.jobState && f.status === undefined && !f.malformed) return;
    this.scripted.push({
      status: f.malformed ? 200 : (f.status ?? 503),
      remaining: count,
      pathPrefix: f.pathPrefix ?? "/api/v2",
      ...(f.retryAfterSeconds !== undefined ? { retryAfterSeconds: f.retryAfterSeconds } : {}),
      malformed: f.malformed ?? false,
    });
  }

  /** The scripted fault for a request to `path` (relative to basePath), consuming one use. */
  take(path: string): Omit<PendingFault, "remaining" | "pathPrefix"> | null {
    const i = this.scripted.findIndex((f) => path.startsWith(f.pathPrefix));
    if (i < 0) return null;
    const f = this.scripted[i]!;
    f.remaining--;
    if (f.remaining <= 0) this.scripted.splice(i, 1);
    return {
      status: f.status,
      malformed: f.malformed,
      ...(f.retryAfterSeconds !== undefined ? { retryAfterSeconds: f.retryAfterSeconds } : {}),
    };
  }

  takeJobState(): "FAILED" | "EXPIRED" | undefined {
    return this.jobStates.shift();
  }

  randomFailure(errorRate: number): boolean {
    return errorRate > 0 && this.rng() < errorRate;
  }

  clear(): void {
    this.scripted = [];
    this.jobStates = [];
    this.rng = mulberry32(this.seed ^ 0x5eed);
  }
}
