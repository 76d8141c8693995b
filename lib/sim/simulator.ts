/**
 * createSimulator: wires the org, traffic, login service, jobs, limits and faults into one
 * Fetch-API handler.
 */
import { randomUUID } from "node:crypto";
import { createApp, type SimStats } from "./app";
import { SimError, errorBody } from "./errors";
import type { SimCore } from "./core";
import { JobStore } from "./jobs";
import { FaultPlan, RateLimiter, type ScriptedFault } from "./limits";
import { OAuthServer } from "./oauth";
import { SimOptionError, resolveOptions, type SimulatorOptions } from "./options";
import { buildOrg, type SimOrg } from "./org";
import { Traffic } from "./traffic";

type FaultSettings = Partial<
  Pick<SimulatorOptions, "rateLimitPerMinute" | "latencyMs" | "errorRate" | "tokenLifetimeSeconds" | "oauthErrorStatus" | "jobDelayMs">
>;
const SETTABLE = ["rateLimitPerMinute", "latencyMs", "errorRate", "tokenLifetimeSeconds", "oauthErrorStatus", "jobDelayMs"] as const;

export type Simulator = {
  /** The live options (faults.set changes the settable ones). */
  options: SimulatorOptions;
  /** The whole HTTP surface, in-process. */
  fetch(request: Request): Promise<Response>;
  /** Divisions, queues (with media types and SL targets), users, wrap-up codes, demo users. */
  org: SimOrg;
  faults: {
    set(p: FaultSettings): void;
    /**
     * The next `count` (default 1) requests whose path (relative to basePath) starts with
     * `pathPrefix` (default "/api/v2") answer `status` (default 503) instead; `malformed` answers
     * 200 with a truncated JSON body; `jobState` makes the next created details job end FAILED
     * or EXPIRED; `retryAfterSeconds` adds Retry-After (429 always has one).
     */
    failNext(f: ScriptedFault): void;
    /** Drop scripted faults and restore the settable options to what the simulator began with. */
    clear(): void;
  };
  expireAllTokens(): void;
  stats(): SimStats;
  resetStats(): void;
};

export function createSimulator(opts: Partial<SimulatorOptions> = {}): Simulator {
  const options = resolveOptions(opts);
  const initial = { ...options };
  const now = options.now ?? Date.now;
  const org = buildOrg(options.seed, options.queueCount);
  const core: SimCore = { options, org, traffic: new Traffic(org, options.seed, options.volume, options.timeZone), now };
  const oauth = new OAuthServer(org, options, now);
  const limiter = new RateLimiter();
  const faultPlan = new FaultPlan(options.seed);
  const jobs = new JobStore();
  const stats: SimStats = { tokenRequests: 0, apiRequests: 0, byRoute: {} };

  const set = (p: Record<string, unknown>) => {
    const unknown = Object.keys(p).filter((k) => !(SETTABLE as readonly string[]).includes(k));
    if (unknown.length)
      throw new SimOptionError(unknown.join(","), `Not a settable fault option: ${unknown.join(", ")} (settable: ${SETTABLE.join(", ")})`);
    // Validate the combination exactly like the constructor does.
    const next = resolveOptions({ ...options, ...p });
    for (const k of SETTABLE) (options as Record<string, unknown>)[k] = next[k];
  };
  const failNext = (f: ScriptedFault) => faultPlan.failNext(f);
  const clear = () => {
    faultPlan.clear();
    limiter.clear();
    for (const k of SETTABLE) (options as Record<string, unknown>)[k] = initial[k];
  };
  const resetStats = () => {
    stats.tokenRequests = 0;
    stats.apiRequests = 0;
    stats.byRoute = {};
  };
  const expireAllTokens = () => oauth.expireAll();

  const app = createApp({
    core,
    oauth,
    limiter,
    faults: faultPlan,
    jobs,
    stats,
    admin: { set, failNext, clear, expireAllTokens, resetStats },
  });

  const fetch = async (request: Request): Promise<Response> => {
    const base = options.basePath;
    if (base) {
      const url = new URL(request.url);
      if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return outsideBasePath(request.method, url.pathname);
      url.pathname = url.pathname.slice(base.length) || "/";
      request = new Request(url, request);
    }
    return app.fetch(request);
  };

  const outsideBasePath = (method: string, path: string): Response => {
    const contextId = randomUUID();
    const rate = limiter.hit("anonymous", now(), options.rateLimitPerMinute, false);
    const err = new SimError(
      404,
      "not.found",
      `The requested resource was not found: ${method} ${path} (the simulator is served under ${options.basePath})`,
    );
    return new Response(JSON.stringify(errorBody(err, contextId)), {
      status: 404,
      headers: {
        "Content-Type": "application/json; charset=UTF-8",
        "inin-ratelimit-count": String(rate.count),
        "inin-ratelimit-allowed": String(rate.allowed),
        "inin-ratelimit-reset": String(rate.resetSeconds),
        "ININ-Correlation-Id": contextId,
      },
    });
  };

  return {
    options,
    fetch,
    org,
    faults: { set, failNext, clear },
    expireAllTokens,
    stats: () => ({ tokenRequests: stats.tokenRequests, apiRequests: stats.apiRequests, byRoute: { ...stats.byRoute } }),
    resetStats,
  };
}
