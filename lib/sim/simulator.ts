/**
 * createSimulator: wires the org, traffic, login service, jobs, limits, faults and the
 * Notifications API (channels over HTTP, their WebSockets) into one Fetch-API handler.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { createApp, type SimStats } from "./app";
import { SimError, errorBody } from "./errors";
import type { SimCore } from "./core";
import { JobStore } from "./jobs";
import { FaultPlan, RateLimiter, type ScriptedFault } from "./limits";
import { NotificationHub, emptyWebSocketStats } from "./notification-sockets";
import { OAuthServer } from "./oauth";
import { SimOptionError, resolveOptions, type SimulatorOptions } from "./options";
import { buildOrg, type SimOrg } from "./org";
import { parseSurge, type SurgeSetting } from "./surge";
import { Traffic } from "./traffic";

type FaultSettings = Partial<Pick<SimulatorOptions, (typeof SETTABLE)[number]>> & {
  /** Starts a surge on a queue now (surge.ts); null ends every running surge. */
  surge?: SurgeSetting | null;
  /** true: every open notification WebSocket gets socket_closing and is closed, now. */
  closeSockets?: boolean;
};
const SETTABLE = [
  "rateLimitPerMinute",
  "latencyMs",
  "errorRate",
  "tokenLifetimeSeconds",
  "oauthErrorStatus",
  "jobDelayMs",
  "notificationChannelLifetimeSeconds",
  "notificationHeartbeatMs",
  "notificationSocketCloseSeconds",
  "rejectSubscriptions",
] as const;
/** Knobs of faults.set that act rather than set an option. */
const ACTIONS = ["surge", "closeSockets"] as const;

export type Simulator = {
  /** The live options (faults.set changes the settable ones). */
  options: SimulatorOptions;
  /** The whole HTTP surface, in-process. */
  fetch(request: Request): Promise<Response>;
  /** Divisions, queues (with media types and SL targets), users, wrap-up codes, demo users. */
  org: SimOrg;
  faults: {
    /**
     * Settable options (SETTABLE), and the actions `surge: {queueId, factor, minutes} | null` and
     * `closeSockets: true`. Everything is validated first: a bad value throws a SimOptionError
     * naming the field and changes nothing.
     */
    set(p: FaultSettings): void;
    /**
     * The next `count` (default 1) requests whose path (relative to basePath) starts with
     * `pathPrefix` (default "/api/v2") answer `status` (default 503) instead; `malformed` answers
     * 200 with a truncated JSON body; `jobState` makes the next created details job end FAILED
     * or EXPIRED; `retryAfterSeconds` adds Retry-After (429 always has one).
     */
    failNext(f: ScriptedFault): void;
    /**
     * Drop scripted faults, restore the settable options to what the simulator began with, and
     * end running surges (what they did so far stays in the history).
     */
    clear(): void;
  };
  /** The Notifications API's WebSocket side (notification-sockets.ts). */
  notifications: {
    /** socket_closing to every open socket, then close; answers how many. */
    closeSockets(): number;
    /** Check connected channels for changed values now (also runs every notificationCheckMs); answers events sent. */
    checkNow(): number;
    /** The embedded listener's `ws://127.0.0.1:<port>` once the first channel started it; null before (or when attached). */
    listenerUrl(): Promise<string | null>;
    /** Serve the WebSocket upgrades on `server` (startSimulatorServer): connectUri `<wsBase>/channels/<id>`. */
    attach(server: Server, wsBase: string): void;
  };
  expireAllTokens(): void;
  stats(): SimStats;
  resetStats(): void;
  /** Closes the notification sockets, their timers and the embedded WebSocket listener. */
  close(): Promise<void>;
};

export function createSimulator(opts: Partial<SimulatorOptions> = {}): Simulator {
  const options = resolveOptions(opts);
  const now = options.now ?? Date.now;
  const org = buildOrg(options.seed, options.queueCount);
  const core: SimCore = { options, org, traffic: new Traffic(org, options.seed, options.volume, options.timeZone), now };
  const oauth = new OAuthServer(org, options, now);
  const limiter = new RateLimiter();
  const faultPlan = new FaultPlan(options.seed);
  const stats: SimStats = { tokenRequests: 0, apiRequests: 0, byRoute: {}, webSockets: emptyWebSocketStats() };
  const notifications = new NotificationHub(core, stats.webSockets);
  const faults = faultKnobs(core, { ...options }, faultPlan, limiter, notifications);
  const resetStats = () => {
    const open = stats.webSockets.open; // a gauge, not a counter
    Object.assign(stats, { tokenRequests: 0, apiRequests: 0, byRoute: {} });
    Object.assign(stats.webSockets, emptyWebSocketStats(), { open });
  };
  const expireAllTokens = () => oauth.expireAll();
  const app = createApp({
    core,
    oauth,
    limiter,
    faults: faultPlan,
    jobs: new JobStore(),
    notifications,
    stats,
    admin: { ...faults, expireAllTokens, resetStats },
  });
  return {
    options,
    fetch: basePathFetch(core, limiter, app.fetch),
    org,
    faults,
    notifications: {
      closeSockets: () => notifications.closeSockets(),
      checkNow: () => notifications.checkNow(),
      listenerUrl: () => notifications.listenerBase(),
      attach: (server, wsBase) => notifications.attach(server, wsBase, options.basePath),
    },
    expireAllTokens,
    stats: () => ({ ...stats, byRoute: { ...stats.byRoute }, webSockets: { ...stats.webSockets } }),
    resetStats,
    close: () => notifications.close(),
  };
}

/** faults.set / failNext / clear over the live options, the surges and the sockets. */
function faultKnobs(core: SimCore, initial: SimulatorOptions, faultPlan: FaultPlan, limiter: RateLimiter, hub: NotificationHub) {
  const options = core.options;
  const set = (p: Record<string, unknown>) => {
    const known: readonly string[] = [...SETTABLE, ...ACTIONS];
    const unknown = Object.keys(p).filter((k) => !known.includes(k));
    if (unknown.length)
      throw new SimOptionError(unknown.join(","), `Not a settable fault option: ${unknown.join(", ")} (settable: ${known.join(", ")})`);
    const { surge, closeSockets, ...settable } = p;
    // Validate everything (the combination exactly like the constructor does) before changing anything.
    const next = resolveOptions({ ...options, ...settable });
    const surgeSetting = surge === undefined || surge === null ? surge : parseSurge(surge, core.org);
    if (closeSockets !== undefined && typeof closeSockets !== "boolean")
      throw new SimOptionError("closeSockets", "Invalid fault option closeSockets: must be true or false");
    for (const k of SETTABLE) (options as Record<string, unknown>)[k] = next[k];
    if (surgeSetting === null) core.traffic.endSurges(core.now());
    else if (surgeSetting) startSurge(core, surgeSetting);
    if (closeSockets) hub.closeSockets();
  };
  const failNext = (f: ScriptedFault) => faultPlan.failNext(f);
  const clear = () => {
    faultPlan.clear();
    limiter.clear();
    for (const k of SETTABLE) (options as Record<string, unknown>)[k] = initial[k];
    core.traffic.endSurges(core.now());
  };
  return { set, failNext, clear };
}

function startSurge(core: SimCore, s: SurgeSetting): void {
  const queue = core.org.queueById.get(s.queueId)!;
  core.traffic.startSurge(queue.index, s.factor, s.minutes, core.now());
}

/** The app's fetch behind `basePath`: paths outside it answer 404 with the platform ErrorBody. */
function basePathFetch(core: SimCore, limiter: RateLimiter, appFetch: (r: Request) => Response | Promise<Response>) {
  const options = core.options;
  return async (request: Request): Promise<Response> => {
    const base = options.basePath;
    if (base) {
      const url = new URL(request.url);
      if (url.pathname !== base && !url.pathname.startsWith(`${base}/`))
        return outsideBasePath(core, limiter, request.method, url.pathname);
      url.pathname = url.pathname.slice(base.length) || "/";
      request = new Request(url, request);
    }
    return appFetch(request);
  };
}

function outsideBasePath(core: SimCore, limiter: RateLimiter, method: string, path: string): Response {
  const contextId = randomUUID();
  const rate = limiter.hit("anonymous", core.now(), core.options.rateLimitPerMinute, false);
  const err = new SimError(
    404,
    "not.found",
    `The requested resource was not found: ${method} ${path} (the simulator is served under ${core.options.basePath})`,
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
}
