/**
 * Simulator options: defaults, and parsing from environment variables (validated with zod, so a
 * typo in SIM_QUEUES fails loudly at start-up instead of silently giving a default org).
 */
import { z } from "zod";
import { IANAZone } from "luxon";

export type SimulatorOptions = {
  seed: number;
  queueCount: number;
  historyDays: number;
  volume: number;
  timeZone: string;
  rateLimitPerMinute: number;
  latencyMs: number;
  errorRate: number;
  tokenLifetimeSeconds: number;
  oauthErrorStatus: 400 | 401;
  detailsMaxPageSize: number;
  detailsMaxResults: number;
  detailsMaxIntervalDays: number;
  queuesMaxPageSize: number;
  jobDelayMs: number;
  jobResultsMaxPageSize: number;
  /**
   * Service-level calculation (org settings, Resource Center "Configure the service level
   * calculation", https://help.mypurecloud.com/articles/configure-the-service-level-calculation/):
   * the `oServiceLevel` denominator is answered + abandoned, plus flow-outs when
   * `serviceLevelIncludeFlowOuts`, minus short abandons unless `serviceLevelIncludeShortAbandons`,
   * minus abandons unless `serviceLevelIncludeAbandons`. The defaults are the simulator's choice
   * (the page does not state Genesys's defaults).
   */
  serviceLevelIncludeFlowOuts: boolean;
  serviceLevelIncludeShortAbandons: boolean;
  serviceLevelIncludeAbandons: boolean;
  /** Abandons quicker than this many seconds are short abandons (`tShortAbandon`); an org setting. */
  shortAbandonSeconds: number;
  /**
   * The org's idle token timeout in seconds, 0 = off (the default). When on, a user token
   * (authorization code, refresh) unused for this long answers 401 like an expired one;
   * client-credentials tokens are unaffected. Genesys allows 300..28800 (model `IdleTokenTimeout`
   * of the official SDKs, e.g. platform-client-sdk-dotnet docs/IdleTokenTimeout.md).
   */
  idleTokenTimeoutSeconds: number;
  /**
   * Sync details query: also require activity during the interval (besides having started on a
   * UTC day the interval touches). Off by default: the documented rule alone, which returns more.
   */
  detailsQueryRequiresActivity: boolean;
  /**
   * Queue observations: at most this many `observations` per metric (`detailMetrics`); beyond it
   * the list is truncated, "the first half of the list of observations will contain the oldest
   * observations and the second half the newest observations" (model ObservationMetricData,
   * platform-client-sdk-dotnet build/docs/ObservationMetricData.md). The real cap is not documented.
   */
  queueObservationDetailsMax: number;
  /**
   * Tokens and authorization codes held at most (hard caps): past them the expired, used and
   * revoked ones are evicted first, then the oldest (lib/sim/bounded.ts).
   */
  tokenStoreMax: number;
  codeStoreMax: number;
  /**
   * Notifications API (notifications.ts, notification-sockets.ts). A channel lives this long: 24
   * hours by default, as Genesys's do (developer blog 2021-12-02/03); down to 1 s for tests.
   * Settable at run time (faults.set); applies to channels created afterwards.
   */
  notificationChannelLifetimeSeconds: number;
  /** The WebSocket heartbeat (`channel.metadata` "WebSocket Heartbeat") interval; Genesys sends one about every 30 s. */
  notificationHeartbeatMs: number;
  /**
   * 0 (off), or close every WebSocket this long after it connected, with `v2.system.socket_closing`
   * first, as Genesys does when it recycles a socket (a client must reconnect to its channel).
   */
  notificationSocketCloseSeconds: number;
  /** Every new subscription is answered `Rejected` (a fault: a client must fall back to polling). */
  rejectSubscriptions: boolean;
  /** How often connected channels are checked for changed observation values (events are sent on change). */
  notificationCheckMs: number;
  redirectUris: string[];
  /**
   * Also accept, as a redirect URI, this path on the origin the authorize request came to (the
   * app's embedded demo: sign-in on any port). null: registered URIs only, as a real org.
   */
  sameOriginCallbackPath: string | null;
  basePath: string;
  admin: boolean;
  now?: () => number;
};

export const DEFAULT_OPTIONS: Readonly<SimulatorOptions> = Object.freeze({
  seed: 42,
  queueCount: 14,
  historyDays: 30,
  volume: 1,
  timeZone: "UTC",
  rateLimitPerMinute: 300,
  latencyMs: 0,
  errorRate: 0,
  tokenLifetimeSeconds: 86399,
  oauthErrorStatus: 400,
  detailsMaxPageSize: 100,
  detailsMaxResults: 100_000,
  detailsMaxIntervalDays: 7,
  queuesMaxPageSize: 100,
  jobDelayMs: 300,
  jobResultsMaxPageSize: 1000,
  serviceLevelIncludeFlowOuts: false,
  serviceLevelIncludeShortAbandons: false,
  serviceLevelIncludeAbandons: true,
  shortAbandonSeconds: 10,
  idleTokenTimeoutSeconds: 0,
  detailsQueryRequiresActivity: false,
  queueObservationDetailsMax: 100,
  tokenStoreMax: 50_000,
  codeStoreMax: 10_000,
  notificationChannelLifetimeSeconds: 86_400,
  notificationHeartbeatMs: 30_000,
  notificationSocketCloseSeconds: 0,
  rejectSubscriptions: false,
  notificationCheckMs: 1000,
  redirectUris: ["http://127.0.0.1:3000/api/auth/callback/genesys", "http://localhost:3000/api/auth/callback/genesys"],
  sameOriginCallbackPath: null,
  basePath: "",
  admin: false,
});

/** Async job results: the page size when the caller gives none (the maximum is an option). */
export const JOB_RESULTS_DEFAULT_PAGE_SIZE = 100;

const timeZone = z.string().refine((tz) => IANAZone.isValidZone(tz), "not a valid IANA time zone");

/** Runtime checks for options given in code (createSimulator) and through the environment. */
const optionsSchema = z.object({
  seed: z.number().int(),
  queueCount: z.number().int().min(12).max(5000),
  historyDays: z.number().int().min(1).max(400),
  volume: z.number().min(0).max(1000),
  timeZone,
  // The fault knobs (also settable at run time, faults.set and POST /__sim/faults) are bounded: a
  // latency or job delay of hours would hold requests and memory that long.
  rateLimitPerMinute: z.number().int().min(0).max(100_000),
  latencyMs: z.number().min(0).max(60_000),
  errorRate: z.number().min(0).max(1),
  // At most 48 hours: OAuthClient `accessTokenValiditySeconds` is "between 5mins and 48hrs"
  // (platform-client-sdk-dotnet build/docs/OAuthClient.md); below 5 minutes, down to 1 s, for tests.
  tokenLifetimeSeconds: z.number().int().min(1).max(172_800),
  oauthErrorStatus: z.union([z.literal(400), z.literal(401)]),
  detailsMaxPageSize: z.number().int().min(1),
  detailsMaxResults: z.number().int().min(1),
  detailsMaxIntervalDays: z.number().min(0.01),
  queuesMaxPageSize: z.number().int().min(1),
  jobDelayMs: z.number().min(0).max(600_000),
  jobResultsMaxPageSize: z.number().int().min(1),
  serviceLevelIncludeFlowOuts: z.boolean(),
  serviceLevelIncludeShortAbandons: z.boolean(),
  serviceLevelIncludeAbandons: z.boolean(),
  shortAbandonSeconds: z.number().min(0).max(3600),
  idleTokenTimeoutSeconds: z
    .number()
    .int()
    .refine((s) => s === 0 || (s >= 300 && s <= 28_800), "must be 0 (off) or from 300 (5 minutes) to 28800 (8 hours)"),
  detailsQueryRequiresActivity: z.boolean(),
  queueObservationDetailsMax: z.number().int().min(2).max(100_000),
  tokenStoreMax: z.number().int().min(1).max(1_000_000),
  codeStoreMax: z.number().int().min(1).max(1_000_000),
  // At most Genesys's 24 hours; down to 1 s so tests can see a channel expire.
  notificationChannelLifetimeSeconds: z.number().int().min(1).max(86_400),
  notificationHeartbeatMs: z.number().int().min(50).max(600_000),
  notificationSocketCloseSeconds: z
    .number()
    .refine((s) => s === 0 || (s >= 1 && s <= 86_400), "must be 0 (off) or from 1 to 86400 seconds"),
  rejectSubscriptions: z.boolean(),
  notificationCheckMs: z.number().int().min(50).max(60_000),
  redirectUris: z.array(z.url()),
  sameOriginCallbackPath: z
    .string()
    .regex(/^\/[^?#]*$/, "must be a path like /api/auth/callback/genesys")
    .nullable(),
  basePath: z.string().regex(/^(\/[^/?#]+)*$/, 'must be "" or a path like "/sim" (no trailing slash)'),
  admin: z.boolean(),
});

/** A bad option or fault setting; `field` names it (e.g. `latencyMs`, `failNext.count`). */
export class SimOptionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "SimOptionError";
  }
}

/** Merge with the defaults and validate. Throws a SimOptionError naming the bad option. */
export function resolveOptions(partial: Partial<SimulatorOptions> = {}): SimulatorOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const merged = { ...DEFAULT_OPTIONS, ...defined } as SimulatorOptions;
  const { now, ...rest } = merged;
  const parsed = optionsSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path.join(".") ?? "?");
    throw new SimOptionError(field, `Invalid simulator option ${field}: ${issue?.message ?? "invalid"}`);
  }
  return { ...merged, redirectUris: [...merged.redirectUris], ...(now ? { now } : {}) };
}

const intString = z
  .string()
  .trim()
  .regex(/^-?\d+$/, "must be an integer")
  .transform(Number);
const numberString = z
  .string()
  .trim()
  .refine((s) => s !== "" && Number.isFinite(Number(s)), "must be a number")
  .transform(Number);
const boolString = z
  .string()
  .trim()
  .toLowerCase()
  .refine((s) => ["1", "0", "true", "false", "yes", "no", "on", "off"].includes(s), "must be true or false")
  .transform((s) => ["1", "true", "yes", "on"].includes(s));

/** Environment variable -> [option, parser]. */
const ENV: Record<string, [keyof SimulatorOptions, z.ZodType<unknown>]> = {
  SIM_SEED: ["seed", intString.pipe(optionsSchema.shape.seed)],
  SIM_QUEUES: ["queueCount", intString.pipe(optionsSchema.shape.queueCount)],
  SIM_DAYS: ["historyDays", intString.pipe(optionsSchema.shape.historyDays)],
  SIM_VOLUME: ["volume", numberString.pipe(optionsSchema.shape.volume)],
  SIM_TIME_ZONE: ["timeZone", timeZone],
  SIM_RATE_LIMIT: ["rateLimitPerMinute", intString.pipe(optionsSchema.shape.rateLimitPerMinute)],
  SIM_LATENCY_MS: ["latencyMs", numberString.pipe(optionsSchema.shape.latencyMs)],
  SIM_ERROR_RATE: ["errorRate", numberString.pipe(optionsSchema.shape.errorRate)],
  SIM_TOKEN_LIFETIME: ["tokenLifetimeSeconds", intString.pipe(optionsSchema.shape.tokenLifetimeSeconds)],
  SIM_OAUTH_ERROR_STATUS: ["oauthErrorStatus", intString.pipe(optionsSchema.shape.oauthErrorStatus)],
  SIM_JOB_DELAY_MS: ["jobDelayMs", numberString.pipe(optionsSchema.shape.jobDelayMs)],
  SIM_SL_INCLUDE_FLOWOUTS: ["serviceLevelIncludeFlowOuts", boolString],
  SIM_SL_INCLUDE_SHORT_ABANDONS: ["serviceLevelIncludeShortAbandons", boolString],
  SIM_SL_INCLUDE_ABANDONS: ["serviceLevelIncludeAbandons", boolString],
  SIM_SHORT_ABANDON_SECONDS: ["shortAbandonSeconds", numberString.pipe(optionsSchema.shape.shortAbandonSeconds)],
  SIM_IDLE_TOKEN_TIMEOUT: ["idleTokenTimeoutSeconds", intString.pipe(optionsSchema.shape.idleTokenTimeoutSeconds)],
  SIM_DETAILS_REQUIRE_ACTIVITY: ["detailsQueryRequiresActivity", boolString],
  SIM_CHANNEL_LIFETIME_SECONDS: [
    "notificationChannelLifetimeSeconds",
    intString.pipe(optionsSchema.shape.notificationChannelLifetimeSeconds),
  ],
  SIM_NOTIFICATION_HEARTBEAT_MS: ["notificationHeartbeatMs", intString.pipe(optionsSchema.shape.notificationHeartbeatMs)],
  SIM_SOCKET_CLOSE_SECONDS: ["notificationSocketCloseSeconds", numberString.pipe(optionsSchema.shape.notificationSocketCloseSeconds)],
  SIM_REJECT_SUBSCRIPTIONS: ["rejectSubscriptions", boolString],
  SIM_NOTIFICATION_CHECK_MS: ["notificationCheckMs", intString.pipe(optionsSchema.shape.notificationCheckMs)],
  SIM_REDIRECT_URIS: [
    "redirectUris",
    z
      .string()
      .transform((s) =>
        s
          .split(",")
          .map((u) => u.trim())
          .filter(Boolean),
      )
      .pipe(optionsSchema.shape.redirectUris.min(1)),
  ],
  SIM_ADMIN: ["admin", boolString],
  // Reproducible demos and tests: the clock starts at this instant whenever the process starts,
  // then runs at real speed (token lifetimes and rate-limit windows still pass).
  SIM_NOW: ["now", z.iso.datetime({ offset: true }).transform((iso) => runningClockFrom(Date.parse(iso)))],
};

/** A clock that reads `startMs` now and moves on with real time. */
export function runningClockFrom(startMs: number): () => number {
  const startedAt = Date.now();
  return () => startMs + (Date.now() - startedAt);
}

/**
 * Simulator options from SIM_* environment variables; unset or empty variables are left out.
 * Throws an Error naming the variable when a value is invalid.
 */
export function simulatorOptionsFromEnv(env: NodeJS.ProcessEnv): Partial<SimulatorOptions> {
  const out: Record<string, unknown> = {};
  for (const [name, [key, schema]] of Object.entries(ENV)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") continue;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new Error(`Invalid ${name}=${JSON.stringify(raw)}: ${parsed.error.issues[0]?.message ?? "invalid value"}`);
    }
    out[key] = parsed.data;
  }
  return out as Partial<SimulatorOptions>;
}
