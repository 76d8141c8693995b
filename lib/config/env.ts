/**
 * The environment, validated once with zod. Every problem is reported at start-up with the
 * variable's name and how to fix it, instead of surfacing later as a confusing 401 or crash.
 */
import { existsSync } from "node:fs";
import { IANAZone } from "luxon";
import { z } from "zod";
import { resolveGenesysEnvironment } from "@/lib/genesys/environments";

export type AppMode = "simulator" | "genesys";
/** `unconfigured`: real credentials, no PKCE client and no explicit choice: org data is withheld. */
export type DashboardAccess = "public" | "signed-in" | "unconfigured";

export type AppConfig = {
  mode: AppMode;
  genesys: {
    clientId?: string;
    clientSecret?: string;
    region: string;
    loginUrl?: string;
    apiUrl?: string;
    pkceClientId?: string;
  };
  authSecret?: string;
  /** The app's public URL (AUTH_URL): sign-in callbacks and cookies use its origin. */
  authUrl?: string;
  /** AUTH_TRUST_HOST: the deployer vouches for the Host / X-Forwarded-Host headers. */
  authTrustHost: boolean;
  cronSecret?: string;
  redisUrl?: string;
  dataDir: string;
  dashboardAccess: DashboardAccess;
  reportTimeZone: string;
  /** The local scheduler's cron expression (off Vercel); null when turned off. */
  refreshSchedule: string | null;
  /** How long a refresh may hold the lock before another instance may take over. */
  refreshLockTtlMs: number;
  /**
   * Genesys work that viewers cause (on-demand reports, /me comparisons, the 3 AM demo), per
   * minute: for the whole deployment, and for one client address. 0 turns it off.
   */
  viewerBudget: { perMinute: number; perClientPerMinute: number };
  /** Signed-in mode: holders of this Genesys permission see every queue, not only their own. */
  allQueuesPermission?: string;
  /** The live wallboard: how often queue state is observed, and how (README "Live wallboard"). */
  live: { pollSeconds: number; source: "poll" | "notifications" };
  /** Alerts (README "Alerts"): the rules file, and where transitions go. URLs only from here. */
  alerts: {
    /** ALERT_RULES, or alerts.json in the working directory when it exists; null: no alerts. */
    rulesFile: string | null;
    webhookUrl?: string;
    webhookSecret?: string;
    slackWebhookUrl?: string;
    teamsWebhookUrl?: string;
  };
};

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const httpUrl = (name: string) =>
  optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s/]+/i.test(v), {
    message: `${name} must be a full http(s) URL such as http://127.0.0.1:4010 or https://login.mypurecloud.ie`,
  });

const wholeNumber = (name: string) =>
  optionalText.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) <= 100_000), {
    message: `${name} must be a whole number from 0 to 100000 (requests per minute; 0 turns it off)`,
  });

/**
 * Where alerts may be sent: https, or http to this machine only (a local receiver, tests). An org's
 * queue names and figures must not cross a network in clear text.
 */
const destinationUrl = (name: string) =>
  optionalText.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        const url = new URL(v);
        return url.protocol === "https:" || (url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname));
      } catch {
        return false;
      }
    },
    { message: `${name} must be an https:// URL (http:// only to 127.0.0.1 or localhost)` },
  );

/** Defaults: a tenth of a client-credentials token's 300 requests a minute for the whole deployment. */
export const DEFAULT_VIEWER_BUDGET = { perMinute: 30, perClientPerMinute: 10 } as const;

const envSchema = z
  .object({
    GENESYS_CLIENT_ID: optionalText,
    GENESYS_CLIENT_SECRET: optionalText,
    GENESYS_REGION: optionalText,
    GENESYS_LOGIN_URL: httpUrl("GENESYS_LOGIN_URL"),
    GENESYS_API_URL: httpUrl("GENESYS_API_URL"),
    GENESYS_PKCE_CLIENT_ID: optionalText,
    AUTH_SECRET: optionalText,
    AUTH_URL: httpUrl("AUTH_URL"),
    AUTH_TRUST_HOST: optionalText.refine((v) => v === undefined || /^(true|false|1|0)$/i.test(v), {
      message: "AUTH_TRUST_HOST must be true or false",
    }),
    CRON_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, {
      message: "CRON_SECRET must be at least 16 characters: generate one with `openssl rand -hex 32`",
    }),
    REDIS_URL: optionalText.refine((v) => v === undefined || /^rediss?:\/\//.test(v), {
      message: "REDIS_URL must start with redis:// or rediss://",
    }),
    DATA_DIR: optionalText,
    DASHBOARD_ACCESS: optionalText.refine((v) => v === undefined || v === "public" || v === "signed-in", {
      message: 'DASHBOARD_ACCESS must be "public" or "signed-in"',
    }),
    REPORT_TIME_ZONE: optionalText.refine((v) => v === undefined || IANAZone.isValidZone(v), {
      message: "REPORT_TIME_ZONE must be an IANA time zone such as Europe/Dublin or America/New_York",
    }),
    REFRESH_SCHEDULE: optionalText.refine((v) => v === undefined || v === "off" || v.trim().split(/\s+/).length >= 5, {
      message: 'REFRESH_SCHEDULE must be a cron expression such as "*/5 * * * *", or "off"',
    }),
    REFRESH_LOCK_TTL_SECONDS: optionalText.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 5), {
      message: "REFRESH_LOCK_TTL_SECONDS must be a whole number of seconds, at least 5",
    }),
    DASHBOARD_ALL_QUEUES_PERMISSION: optionalText.refine((v) => v === undefined || /^[A-Za-z]+:[A-Za-z*]+:[A-Za-z*]+$/.test(v), {
      message: "DASHBOARD_ALL_QUEUES_PERMISSION must be a Genesys permission such as routing:queue:edit (domain:entity:action)",
    }),
    VIEWER_BUDGET_PER_MINUTE: wholeNumber("VIEWER_BUDGET_PER_MINUTE"),
    VIEWER_BUDGET_PER_CLIENT_PER_MINUTE: wholeNumber("VIEWER_BUDGET_PER_CLIENT_PER_MINUTE"),
    LIVE_POLL_SECONDS: optionalText.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 2 && Number(v) <= 3600), {
      message: "LIVE_POLL_SECONDS must be a whole number of seconds from 2 to 3600",
    }),
    LIVE_SOURCE: optionalText.refine((v) => v === undefined || ["poll", "notifications", "auto"].includes(v), {
      message: 'LIVE_SOURCE must be "poll", "notifications" or "auto"',
    }),
    ALERT_RULES: optionalText,
    ALERT_WEBHOOK_URL: destinationUrl("ALERT_WEBHOOK_URL"),
    ALERT_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, {
      message: "ALERT_WEBHOOK_SECRET must be at least 16 characters: generate one with `openssl rand -hex 32`",
    }),
    ALERT_SLACK_WEBHOOK_URL: destinationUrl("ALERT_SLACK_WEBHOOK_URL"),
    ALERT_TEAMS_WEBHOOK_URL: destinationUrl("ALERT_TEAMS_WEBHOOK_URL"),
    VERCEL: optionalText,
    NODE_ENV: optionalText,
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.GENESYS_CLIENT_ID) !== Boolean(env.GENESYS_CLIENT_SECRET)) {
      const missing = env.GENESYS_CLIENT_ID ? "GENESYS_CLIENT_SECRET" : "GENESYS_CLIENT_ID";
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: `${missing} is missing: set both GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET for a real org, or neither for the built-in simulator`,
      });
    }
    const realOrg = Boolean(env.GENESYS_CLIENT_ID && env.GENESYS_CLIENT_SECRET);
    if (realOrg) {
      try {
        resolveGenesysEnvironment({ region: env.GENESYS_REGION, loginUrl: env.GENESYS_LOGIN_URL, apiUrl: env.GENESYS_API_URL });
      } catch (error) {
        ctx.addIssue({ code: "custom", path: ["GENESYS_REGION"], message: (error as Error).message });
      }
    }
    if (realOrg && env.NODE_ENV === "production" && env.GENESYS_PKCE_CLIENT_ID && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "AUTH_SECRET is required in production to encrypt sign-in sessions: generate one with `openssl rand -base64 32`",
      });
    }
  });

/** Every five minutes: fresh enough for a supervisor, 36 aggregates queries an hour. */
export const DEFAULT_REFRESH_SCHEDULE = "*/5 * * * *";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => i.message));
  }
  const e = parsed.data;
  const mode: AppMode = e.GENESYS_CLIENT_ID && e.GENESYS_CLIENT_SECRET ? "genesys" : "simulator";
  return {
    mode,
    genesys: {
      clientId: e.GENESYS_CLIENT_ID,
      clientSecret: e.GENESYS_CLIENT_SECRET,
      region: e.GENESYS_REGION ?? "us-east-1",
      loginUrl: e.GENESYS_LOGIN_URL,
      apiUrl: e.GENESYS_API_URL,
      pkceClientId: e.GENESYS_PKCE_CLIENT_ID,
    },
    authSecret: e.AUTH_SECRET,
    authUrl: e.AUTH_URL,
    authTrustHost: /^(true|1)$/i.test(e.AUTH_TRUST_HOST ?? ""),
    cronSecret: e.CRON_SECRET,
    redisUrl: e.REDIS_URL,
    dataDir: e.DATA_DIR ?? ".data",
    dashboardAccess: defaultAccess(mode, e.DASHBOARD_ACCESS, e.GENESYS_PKCE_CLIENT_ID),
    reportTimeZone: e.REPORT_TIME_ZONE ?? "UTC",
    refreshSchedule: e.REFRESH_SCHEDULE === "off" ? null : (e.REFRESH_SCHEDULE ?? DEFAULT_REFRESH_SCHEDULE),
    // As long as the cron route may run (its maxDuration): a refresh never outlives its lock.
    refreshLockTtlMs: Number(e.REFRESH_LOCK_TTL_SECONDS ?? 300) * 1000,
    ...(e.DASHBOARD_ALL_QUEUES_PERMISSION ? { allQueuesPermission: e.DASHBOARD_ALL_QUEUES_PERMISSION } : {}),
    viewerBudget: {
      perMinute: Number(e.VIEWER_BUDGET_PER_MINUTE ?? DEFAULT_VIEWER_BUDGET.perMinute),
      perClientPerMinute: Number(e.VIEWER_BUDGET_PER_CLIENT_PER_MINUTE ?? DEFAULT_VIEWER_BUDGET.perClientPerMinute),
    },
    live: {
      pollSeconds: Number(e.LIVE_POLL_SECONDS ?? DEFAULT_LIVE_POLL_SECONDS),
      // auto: a WebSocket needs a long-running process; a Vercel function ends with its request.
      source: e.LIVE_SOURCE === "poll" || e.LIVE_SOURCE === "notifications" ? e.LIVE_SOURCE : e.VERCEL ? "poll" : "notifications",
    },
    alerts: {
      rulesFile: e.ALERT_RULES ?? (existsSync(DEFAULT_ALERT_RULES) ? DEFAULT_ALERT_RULES : null),
      ...(e.ALERT_WEBHOOK_URL ? { webhookUrl: e.ALERT_WEBHOOK_URL } : {}),
      ...(e.ALERT_WEBHOOK_SECRET ? { webhookSecret: e.ALERT_WEBHOOK_SECRET } : {}),
      ...(e.ALERT_SLACK_WEBHOOK_URL ? { slackWebhookUrl: e.ALERT_SLACK_WEBHOOK_URL } : {}),
      ...(e.ALERT_TEAMS_WEBHOOK_URL ? { teamsWebhookUrl: e.ALERT_TEAMS_WEBHOOK_URL } : {}),
    },
  };
}

/**
 * Every 10 s: the observations query's limit is not published per endpoint, and at 6 a minute one
 * deployment stays far below a client's 300 requests a minute (lib/genesys/pacing.ts).
 */
export const DEFAULT_LIVE_POLL_SECONDS = 10;

/** The rules file read when ALERT_RULES is not set, if it exists (README "Alerts"). */
export const DEFAULT_ALERT_RULES = "alerts.json";

function defaultAccess(mode: AppMode, explicit: string | undefined, pkceClientId: string | undefined): DashboardAccess {
  if (explicit === "public" || explicit === "signed-in") return explicit;
  if (mode === "simulator") return "public";
  // A real org's data must not become public by omission.
  return pkceClientId ? "signed-in" : "unconfigured";
}

let cached: AppConfig | undefined;

/** The process's configuration, validated on first use (instrumentation.ts calls it at start-up). */
export function getConfig(): AppConfig {
  cached ??= loadConfig();
  return cached;
}
