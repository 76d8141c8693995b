import "server-only";
/**
 * `npm run doctor`: every check a deployment depends on, in order, with the configuration the app
 * reads, each by the smallest real exchange. A check that needs a failed one is skipped and says
 * which. Nothing here prints a secret, a token or a Basic header (see `scrubReport`, the last pass).
 */
import { access, constants, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { DateTime } from "luxon";
import { GENESYS_CALLBACK_PATH, genesysRedirectUri } from "@/lib/config/auth-paths";
import { GENESYS_SIGN_IN_SCOPES, signInSetup } from "@/lib/auth/setup";
import { SIMULATOR_BASE_URL, createReportingConnection, type ReportingConnection } from "@/lib/server/connection";
import { getEmbeddedSimulator } from "@/lib/server/embedded-simulator";
import { ConfigError, loadConfig, type AppConfig } from "@/lib/config/env";
import {
  GenesysApiError,
  GenesysAuthError,
  GenesysError,
  MemoryTokenCache,
  resolveGenesysEnvironment,
  tokenCacheKey,
  type GenesysClient,
  type Queue,
} from "@/lib/genesys";
import { SIM_CLIENT_ID, type Simulator } from "@/lib/sim";
import { probe } from "./network";
import { scrubReport, summarise, type CheckResult, type DoctorReport } from "./report";

export type DoctorOptions = {
  /** The environment to check; default `process.env`, as the app reads it. */
  env?: Record<string, string | undefined>;
  /** In simulator mode, the simulator to check against (default: the app's embedded one). */
  simulator?: Simulator;
  now?: () => Date;
};

/** The OAuth admin screen, named once: every credentials fix points there. */
const OAUTH_SCREEN = "Genesys Cloud Admin > Integrations > OAuth";
const ROLES_SCREEN = "Admin > People & Permissions > Roles / Permissions";
const MIN_CRON_SECRET = 32;

/** Which check a skipped one waited for, by title. */
function skipped(id: string, title: string, needs: string): CheckResult {
  return { id, title, status: "skipped", found: `skipped: needs ${needs}` };
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

function message(error: unknown): string {
  if (error instanceof GenesysApiError)
    return `${error.status}${error.code ? ` ${error.code}` : ""}: ${error.body.message ?? "no message"}`;
  if (error instanceof GenesysError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const checks: CheckResult[] = [];
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    checks.push({
      id: "config",
      title: "Configuration",
      status: "fail",
      found: error.problems.join("; "),
      fix: "correct the variables named above (see .env.example), then run the doctor again",
    });
    for (const [id, title] of LATER_CHECKS) checks.push(skipped(id, title, "Configuration"));
    return summarise(checks);
  }
  checks.push(configurationCheck(config));

  const tokenCache = new MemoryTokenCache();
  const connection = createReportingConnection(config, {
    tokenCache,
    ...(config.mode === "simulator" ? { simulator: options.simulator ?? getEmbeddedSimulator() } : {}),
    // One try each: the doctor reports what happened, it does not wait out an outage.
    client: { retry: { maxAttempts: 1 }, timeoutMs: 10_000 },
  });
  const client = connection.client;

  const reach = await reachCheck(connection);
  checks.push(reach);
  const genesysChecks: CheckResult[] = [];
  if (reach.status === "fail") {
    for (const [id, title] of GENESYS_CHECKS) genesysChecks.push(skipped(id, title, "Reaching Genesys"));
  } else {
    const token = await tokenCheck(config, connection, tokenCache);
    genesysChecks.push(token);
    if (token.status === "fail") {
      for (const [id, title] of GENESYS_CHECKS.slice(1)) genesysChecks.push(skipped(id, title, "Client credentials"));
    } else {
      genesysChecks.push(await identityCheck(client));
      genesysChecks.push(...(await permissionChecks(client, now())));
      genesysChecks.push(await rateLimitCheck(client));
    }
  }
  checks.push(...genesysChecks);
  checks.push(await signInCheck(config, reach.status !== "fail"));
  checks.push(cronSecretCheck(config), authSecretCheck(config, env), await storeCheck(config), timeZoneCheck(config, now()));
  const secrets = [config.genesys.clientSecret, config.cronSecret, config.authSecret, env.REDIS_URL, urlPassword(env.REDIS_URL)];
  return scrubReport(summarise(checks), [...secrets, ...(await cachedToken(tokenCache, connection, config))]);
}

const GENESYS_CHECKS: ReadonlyArray<readonly [string, string]> = [
  ["token", "Client credentials"],
  ["identity", "Who the token is"],
  ["permission.queues", "Queue listing"],
  ["permission.aggregates", "Aggregates query"],
  ["permission.details", "Details query"],
  ["permission.observations", "Queue observations"],
  ["rate-limits", "Rate limits"],
];
const LATER_CHECKS: ReadonlyArray<readonly [string, string]> = [
  ["reach", "Reaching Genesys"],
  ...GENESYS_CHECKS,
  ["sign-in", "Sign-in"],
  ["cron-secret", "Cron secret"],
  ["auth-secret", "Session secret"],
  ["store", "Snapshot store"],
  ["time-zone", "Report time zone"],
];

function urlPassword(url: string | undefined): string | undefined {
  try {
    return url ? decodeURIComponent(new URL(url).password) || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** The token the doctor obtained, so the last pass can remove it from any message. */
async function cachedToken(cache: MemoryTokenCache, connection: ReportingConnection, config: AppConfig): Promise<string[]> {
  const clientId = config.mode === "simulator" ? SIM_CLIENT_ID : config.genesys.clientId!;
  const entry = await cache.get(tokenCacheKey(connection.loginUrl, clientId));
  return entry ? [entry.accessToken] : [];
}

// ---------------------------------------------------------------------------------------------
// 1. Configuration

function accessReason(config: AppConfig): string {
  switch (config.dashboardAccess) {
    case "public":
      return config.mode === "simulator" ? "public (the simulator's demo data)" : "public (DASHBOARD_ACCESS=public)";
    case "signed-in":
      return config.genesys.pkceClientId ? "signed-in (a PKCE client is set)" : "signed-in (DASHBOARD_ACCESS=signed-in)";
    case "unconfigured":
      return "withheld: real credentials, no PKCE client and no DASHBOARD_ACCESS, so no org data is served";
  }
}

function configurationCheck(config: AppConfig): CheckResult {
  const access = accessReason(config);
  if (config.mode === "simulator") {
    return {
      id: "config",
      title: "Configuration",
      status: "ok",
      found: `simulator mode (no GENESYS_CLIENT_ID): every check runs against the built-in simulator; dashboard access ${access}`,
    };
  }
  const connection = resolveGenesysEnvironment(config.genesys);
  const overrides = [config.genesys.loginUrl && "GENESYS_LOGIN_URL", config.genesys.apiUrl && "GENESYS_API_URL"].filter(Boolean);
  const found =
    `genesys mode, environment ${connection.environment}: login ${connection.loginUrl}, api ${connection.apiUrl}` +
    (overrides.length ? ` (from ${overrides.join(" and ")})` : ` (GENESYS_REGION ${config.genesys.region})`) +
    `; dashboard access ${access}`;
  if (config.dashboardAccess === "unconfigured") {
    return {
      id: "config",
      title: "Configuration",
      status: "warn",
      found,
      fix: "set GENESYS_PKCE_CLIENT_ID (viewers sign in) or DASHBOARD_ACCESS=public (anyone who can reach the app sees the org's queues)",
    };
  }
  return { id: "config", title: "Configuration", status: "ok", found };
}

// ---------------------------------------------------------------------------------------------
// 2. Reaching Genesys

async function reachCheck(connection: ReportingConnection): Promise<CheckResult> {
  const base = { id: "reach", title: "Reaching Genesys" };
  if (connection.mode === "simulator") {
    return { ...base, status: "ok", found: "the built-in simulator answers in-process: nothing to reach over the network" };
  }
  const targets = [...new Set([new URL(connection.loginUrl).origin, new URL(connection.apiUrl).origin])];
  const results = await Promise.all(targets.map((target) => probe(target)));
  const failed = results.find((r) => !r.ok);
  if (failed && !failed.ok) {
    const fixes = {
      dns: "the host does not exist: GENESYS_REGION must be your org's region, as in the address you sign in at (apps.mypurecloud.ie is eu-west-1 or mypurecloud.ie); or correct GENESYS_LOGIN_URL / GENESYS_API_URL",
      connect: `nothing answers at ${failed.host}: a firewall or proxy blocks outbound connections from this host, or GENESYS_LOGIN_URL / GENESYS_API_URL point at a server that is not running`,
      tls: `the TLS handshake with ${failed.host} failed: a proxy that intercepts TLS, or a wrong host; the app needs a direct HTTPS connection to Genesys Cloud`,
    } as const;
    return { ...base, status: "fail", found: `${failed.host}: ${failed.stage} failed (${failed.reason})`, fix: fixes[failed.stage] };
  }
  const found = results
    .map((r) =>
      r.ok ? `${r.host} (${r.address}): DNS ${Math.round(r.dnsMs)} ms, ${r.tls ? "TLS" : "TCP"} ${Math.round(r.connectMs)} ms` : "",
    )
    .join("; ");
  return { ...base, status: "ok", found };
}

// ---------------------------------------------------------------------------------------------
// 3. Client credentials, 4. who the token is

async function tokenCheck(config: AppConfig, connection: ReportingConnection, cache: MemoryTokenCache): Promise<CheckResult> {
  const base = { id: "token", title: "Client credentials" };
  try {
    const { ms } = await timed(() => connection.client.authenticate());
    const clientId = config.mode === "simulator" ? SIM_CLIENT_ID : config.genesys.clientId!;
    const lifetime = (await cache.get(tokenCacheKey(connection.loginUrl, clientId)))?.expiresInSeconds;
    const hours = lifetime !== undefined ? ` (${(lifetime / 3600).toFixed(lifetime % 3600 === 0 ? 0 : 1)} h)` : "";
    return {
      ...base,
      status: "ok",
      found: `a token from ${connection.loginUrl}/oauth/token; expires_in ${lifetime ?? "not given"}${lifetime !== undefined ? " s" : ""}${hours}`,
      durationMs: ms,
    };
  } catch (error) {
    if (error instanceof GenesysAuthError) {
      const said = `${error.status} ${error.error ?? "refused"}${error.errorDescription ? `: ${error.errorDescription}` : ""}`;
      if (error.error === "invalid_client") {
        return {
          ...base,
          status: "fail",
          found: `the login service refused the credentials (${said})`,
          fix: `GENESYS_CLIENT_ID or GENESYS_CLIENT_SECRET is wrong, or the client is inactive: in ${OAUTH_SCREEN}, open the client whose id is GENESYS_CLIENT_ID, check it is active, and copy its secret again`,
        };
      }
      if (error.error === "unauthorized_client" || error.error === "unsupported_grant_type") {
        return {
          ...base,
          status: "fail",
          found: `the client may not use the client-credentials grant (${said})`,
          fix: `in ${OAUTH_SCREEN}, add a client with Grant Type "Client Credentials" and give it a role with the analytics and routing permissions; put its id and secret in GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET`,
        };
      }
      return {
        ...base,
        status: "fail",
        found: `the token request failed (${said})`,
        fix: "run the doctor again in a minute; if it persists, check status.mypurecloud.com for your region",
      };
    }
    return {
      ...base,
      status: "fail",
      found: `the token request failed: ${message(error)}`,
      fix: "see Reaching Genesys above; GENESYS_LOGIN_URL must be the login host (login.<env>), not the api host",
    };
  }
}

async function identityCheck(client: GenesysClient): Promise<CheckResult> {
  const base = { id: "identity", title: "Who the token is" };
  try {
    const info = await client.getTokenInfo();
    const org = info.organization ? `org ${info.organization.name ?? "?"} (${info.organization.id})` : "no organization named";
    const oauth = info.OAuthClient;
    const who = oauth
      ? `OAuth client ${oauth.name}${oauth.id ? ` (${oauth.id})` : ""}, grant ${oauth.authorizedGrantType}`
      : "no OAuth client named";
    if (oauth && oauth.authorizedGrantType !== "CLIENT-CREDENTIALS") {
      return {
        ...base,
        status: "warn",
        found: `${org}; ${who}`,
        fix: `use a Client Credentials client for GENESYS_CLIENT_ID (${OAUTH_SCREEN})`,
      };
    }
    return { ...base, status: "ok", found: `${org}; ${who}` };
  } catch (error) {
    return {
      ...base,
      status: "fail",
      found: `GET /api/v2/tokens/me failed: ${message(error)}`,
      fix: "GENESYS_API_URL (or GENESYS_REGION) must name the same org's api host as the login host",
    };
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Permissions, each by the smallest real call

function permissionFailure(id: string, title: string, permission: string, needed: string, error: unknown): CheckResult {
  if (error instanceof GenesysApiError && error.status === 403) {
    return {
      id,
      title,
      status: "fail",
      found: `403 ${error.code ?? ""}: ${error.body.message ?? "forbidden"}`.replace("403 :", "403:"),
      fix: `give the OAuth client's role the permission ${permission} (${needed}): ${ROLES_SCREEN}, open the role listed on the client's Roles tab in ${OAUTH_SCREEN}, add ${permission}, in the divisions whose queues you report on`,
    };
  }
  return {
    id,
    title,
    status: "fail",
    found: message(error),
    fix: "see the message; run the doctor again to tell a passing fault from a lasting one",
  };
}

function lastHour(at: Date): string {
  const end = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  return `${new Date(end.getTime() - 3_600_000).toISOString()}/${end.toISOString()}`;
}

function byDivision(queues: Queue[]): string {
  const counts = new Map<string, number>();
  for (const q of queues) {
    const name = q.division?.name ?? q.division?.id ?? "no division";
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => `${name} (${n})`).join(", ");
}

async function permissionChecks(client: GenesysClient, at: Date): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const interval = lastHour(at);

  let queues: Queue[] = [];
  try {
    const { value, ms } = await timed(() => client.listRoutingQueues());
    queues = value;
    results.push(
      queues.length === 0
        ? {
            id: "permission.queues",
            title: "Queue listing",
            status: "warn",
            found: "routing:queue:view works, but the client sees no queues",
            fix: `the client's role is granted in divisions without queues: on the client's Roles tab in ${OAUTH_SCREEN}, grant the role in the divisions whose queues you report on`,
            durationMs: ms,
          }
        : {
            id: "permission.queues",
            title: "Queue listing",
            status: "ok",
            found: `routing:queue:view: ${queues.length} queues in ${byDivision(queues)}`,
            durationMs: ms,
          },
    );
  } catch (error) {
    results.push(permissionFailure("permission.queues", "Queue listing", "routing:queue:view", "every report names its queues", error));
  }

  try {
    const { value, ms } = await timed(() =>
      client.queryConversationAggregates({ interval, granularity: "PT1H", groupBy: ["queueId"], metrics: ["nOffered"] }),
    );
    const offered = (value.results ?? []).reduce(
      (sum, r) => sum + (r.data ?? []).reduce((s, d) => s + (d.metrics?.find((m) => m.metric === "nOffered")?.stats?.count ?? 0), 0),
      0,
    );
    results.push({
      id: "permission.aggregates",
      title: "Aggregates query",
      status: "ok",
      found: `analytics:conversationAggregate:view: ${offered} offered in the last hour`,
      durationMs: ms,
    });
  } catch (error) {
    results.push(
      permissionFailure(
        "permission.aggregates",
        "Aggregates query",
        "analytics:conversationAggregate:view",
        "the dashboard and every report",
        error,
      ),
    );
  }

  try {
    const { value, ms } = await timed(() => client.queryConversationDetailsPage({ interval, paging: { pageSize: 1, pageNumber: 1 } }));
    results.push({
      id: "permission.details",
      title: "Details query",
      status: "ok",
      found: `analytics:conversationDetail:view: totalHits ${value.totalHits ?? 0} for the last hour`,
      durationMs: ms,
    });
  } catch (error) {
    results.push(
      permissionFailure(
        "permission.details",
        "Details query",
        "analytics:conversationDetail:view",
        "needed by npm run export and npm run sync",
        error,
      ),
    );
  }

  const sample = queues.slice(0, 200);
  if (sample.length === 0) {
    results.push(skipped("permission.observations", "Queue observations", "a queue to observe (Queue listing)"));
  } else {
    try {
      const { value, ms } = await timed(() =>
        client.queryQueueObservations({
          filter: { type: "or", predicates: sample.map((q) => ({ dimension: "queueId", value: q.id })) },
          metrics: ["oWaiting", "oOnQueueUsers"],
        }),
      );
      const waiting = (value.results ?? []).reduce(
        (sum, r) => sum + (r.data ?? []).filter((d) => d.metric === "oWaiting").reduce((s, d) => s + (d.stats?.count ?? 0), 0),
        0,
      );
      results.push({
        id: "permission.observations",
        title: "Queue observations",
        status: "ok",
        found: `analytics:queueObservation:view: ${waiting} waiting now in ${sample.length} queues`,
        durationMs: ms,
      });
    } catch (error) {
      results.push(
        permissionFailure(
          "permission.observations",
          "Queue observations",
          "analytics:queueObservation:view",
          "needed by the live wallboard",
          error,
        ),
      );
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// 6. Rate limits

async function rateLimitCheck(client: GenesysClient): Promise<CheckResult> {
  const base = { id: "rate-limits", title: "Rate limits" };
  const seen = client.stats().rateLimit;
  const headers = seen
    ? `inin-ratelimit-allowed ${seen.allowed ?? "?"}, count ${seen.count ?? "?"}, reset ${seen.resetSeconds ?? "?"} s`
    : "no inin-ratelimit-* headers seen";
  try {
    const limits = await client.getOrganizationLimits("analytics");
    const shown = limits.slice(0, 4).map((l) => `${l.key} ${l.value}`);
    return {
      ...base,
      status: "ok",
      found: `${headers}; org analytics limits: ${shown.join(", ")}${limits.length > shown.length ? `, … (${limits.length} in all)` : ""}`,
    };
  } catch (error) {
    return { ...base, status: seen ? "ok" : "warn", found: `${headers}; the org's analytics limits could not be read (${message(error)})` };
  }
}

// ---------------------------------------------------------------------------------------------
// 7. Sign-in

/** A valid-looking PKCE challenge: the request is checked by the login service, never completed. */
function throwawayChallenge(): string {
  return createHash("sha256").update(randomBytes(32)).digest("base64url");
}

function pageTitle(html: string): string {
  const heading = /<h1[^>]*>([^<]*)<\/h1>/i.exec(html)?.[1] ?? /<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? html.slice(0, 120);
  return heading.replace(/\s+/g, " ").trim();
}

async function signInCheck(config: AppConfig, reachable: boolean): Promise<CheckResult> {
  const base = { id: "sign-in", title: "Sign-in" };
  if (config.mode === "genesys" && !config.genesys.pkceClientId) {
    return {
      ...base,
      status: "skipped",
      found: "skipped: GENESYS_PKCE_CLIENT_ID is not set, so sign-in is hidden (client credentials only)",
    };
  }
  if (!reachable) return skipped("sign-in", "Sign-in", "Reaching Genesys");
  const setup = signInSetup(config);
  if (!setup.available) return { ...base, status: "fail", found: setup.reason, fix: "set AUTH_URL to the app's public URL" };
  const origin = config.authUrl ? new URL(config.authUrl).origin : "http://127.0.0.1:3000";
  const redirectUri = genesysRedirectUri(origin);
  // What the browser is sent to; the embedded simulator is asked in-process, at its own base.
  const params = new URLSearchParams({
    client_id: setup.clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: GENESYS_SIGN_IN_SCOPES.join(" "),
  });
  const shown = `${setup.authorizeUrl(origin)}?${params}`;
  const authorize = new URL(`${setup.authorizeUrl(config.mode === "simulator" ? SIMULATOR_BASE_URL : origin)}?${params}`);
  authorize.searchParams.set("code_challenge", throwawayChallenge());
  authorize.searchParams.set("code_challenge_method", "S256");
  authorize.searchParams.set("state", randomBytes(12).toString("base64url"));
  const fetchImpl = setup.fetch ?? globalThis.fetch;
  const noAuthUrl = !config.authUrl && config.mode === "genesys";
  let answer: Response;
  try {
    answer = await fetchImpl(authorize, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    return { ...base, status: "fail", found: `the authorize endpoint did not answer: ${message(error)}`, fix: "see Reaching Genesys" };
  }
  const location = answer.headers.get("location");
  const backWithError = location?.startsWith(redirectUri) ? new URL(location).searchParams.get("error") : null;
  if (answer.status >= 400 || backWithError) {
    const said = backWithError ?? pageTitle(await answer.text());
    const redirectProblem = /redirect/i.test(said);
    return {
      ...base,
      status: "fail",
      found: `GET ${shown} answered ${answer.status}: ${said}`,
      fix: redirectProblem
        ? `register exactly ${redirectUri} as an Authorized redirect URI of the PKCE client (${OAUTH_SCREEN} > the client whose id is GENESYS_PKCE_CLIENT_ID)${noAuthUrl ? ", and set AUTH_URL to the app's public URL" : ""}`
        : `GENESYS_PKCE_CLIENT_ID must be the id of a "Code Authorization" client with PKCE in this org (${OAUTH_SCREEN})`,
    };
  }
  const found = `the login service accepts the sign-in request (${answer.status}); the app sends ${shown}; register exactly ${redirectUri} as the client's redirect URI`;
  if (noAuthUrl) {
    return {
      ...base,
      status: "warn",
      found,
      fix: `set AUTH_URL to the app's public URL: without it the redirect URI follows the Host the app is reached at (${GENESYS_CALLBACK_PATH} on that origin)`,
    };
  }
  return { ...base, status: "ok", found };
}

// ---------------------------------------------------------------------------------------------
// 8. The app's own parts

function cronSecretCheck(config: AppConfig): CheckResult {
  const base = { id: "cron-secret", title: "Cron secret" };
  if (!config.cronSecret) {
    return {
      ...base,
      status: "warn",
      found: "CRON_SECRET is not set: /api/cron/refresh refuses every call (the in-process scheduler still refreshes off Vercel)",
      fix: "on Vercel, set CRON_SECRET (openssl rand -hex 32): Vercel Cron sends it as the bearer",
    };
  }
  if (config.cronSecret.length < MIN_CRON_SECRET) {
    return {
      ...base,
      status: "warn",
      found: `CRON_SECRET is set but short (${config.cronSecret.length} characters)`,
      fix: "use at least 32 random characters: openssl rand -hex 32",
    };
  }
  return { ...base, status: "ok", found: `CRON_SECRET is set (${config.cronSecret.length} characters)` };
}

function authSecretCheck(config: AppConfig, env: Record<string, string | undefined>): CheckResult {
  const base = { id: "auth-secret", title: "Session secret" };
  const signIn = config.mode === "simulator" || Boolean(config.genesys.pkceClientId);
  if (config.authSecret) return { ...base, status: "ok", found: `AUTH_SECRET is set (${config.authSecret.length} characters)` };
  if (!signIn) return { ...base, status: "ok", found: "AUTH_SECRET is not needed: sign-in is off" };
  if (env.NODE_ENV === "production") {
    return {
      ...base,
      status: "fail",
      found: "AUTH_SECRET is not set, and sign-in is on in production",
      fix: "set AUTH_SECRET (openssl rand -base64 32): it encrypts sign-in sessions",
    };
  }
  return {
    ...base,
    status: "warn",
    found: "AUTH_SECRET is not set: development generates one per process (sessions end at restart)",
    fix: "set AUTH_SECRET (openssl rand -base64 32) before deploying",
  };
}

async function storeCheck(config: AppConfig): Promise<CheckResult> {
  const base = { id: "store", title: "Snapshot store" };
  if (config.redisUrl) {
    const redis = new Redis(config.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 3000,
      retryStrategy: () => null,
    });
    redis.on("error", () => undefined); // reported below, once
    try {
      await redis.connect();
      const { ms } = await timed(() => redis.ping());
      return {
        ...base,
        status: "ok",
        found: `Redis answers PING in ${ms.toFixed(1)} ms (snapshots, token cache and locks shared by every instance)`,
      };
    } catch (error) {
      return {
        ...base,
        status: "fail",
        found: `Redis at REDIS_URL does not answer: ${(error as Error).message}`,
        fix: "check REDIS_URL (host, port, password, rediss:// for TLS) and that this host may reach it",
      };
    } finally {
      redis.disconnect();
    }
  }
  const dir = path.resolve(config.dataDir);
  const probeFile = path.join(dir, `.doctor-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probeFile, "ok");
    await access(probeFile, constants.R_OK);
    return { ...base, status: "ok", found: `files under ${dir} (writable); one instance only: set REDIS_URL for more` };
  } catch (error) {
    return {
      ...base,
      status: "fail",
      found: `${dir} is not writable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      fix: "set DATA_DIR to a writable directory, or REDIS_URL (Vercel's file system is read-only)",
    };
  } finally {
    await rm(probeFile, { force: true }).catch(() => undefined);
  }
}

function timeZoneCheck(config: AppConfig, at: Date): CheckResult {
  const local = DateTime.fromJSDate(at, { zone: config.reportTimeZone });
  return {
    id: "time-zone",
    title: "Report time zone",
    status: "ok",
    found: `${config.reportTimeZone}: now ${local.toFormat("yyyy-MM-dd HH:mm")} (UTC${local.toFormat("ZZ")}); "today" starts at its midnight`,
  };
}
