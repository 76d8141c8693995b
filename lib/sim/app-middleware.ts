/**
 * The cross-cutting middleware of the HTTP surface, in the order a real gateway applies it:
 * count → body limit by Content-Length → latency → scripted/random faults → (authentication and
 * rate limit for /api/v2) → handler → rate-limit and correlation headers on every answer; and the
 * error and not-found answers.
 */
import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { bodyLimit, errorResponse, tooLarge, JSON_TYPE, type AppDeps, type Env, type SimApp, type SimStats } from "./app-context";
import { declaredTooLarge } from "./body-limit";
import { OAuthError, SimError, standardError, tooManyRequests } from "./errors";
import type { FaultPlan, RateState } from "./limits";

/** Stats key: the route template, so ids do not explode the map. */
export function routeKey(method: string, path: string): string {
  const p = path
    .replace(/^\/api\/v2\/routing\/queues\/[^/]+$/, "/api/v2/routing/queues/{queueId}")
    .replace(/^\/api\/v2\/organizations\/limits\/namespaces\/[^/]+$/, "/api/v2/organizations/limits/namespaces/{namespaceName}")
    .replace(/^(\/api\/v2\/analytics\/conversations\/details\/jobs\/)(?!availability$)[^/]+/, "$1{jobId}")
    .replace(/^(\/api\/v2\/notifications\/channels\/)[^/]+/, "$1{channelId}")
    .replace(
      /^\/api\/v2\/analytics\/conversations\/(?!aggregates\/|details)[^/]+\/details$/,
      "/api/v2/analytics/conversations/{conversationId}/details",
    );
  return `${method} ${p}`;
}

/** Distinct `stats.byRoute` keys at most; the rest are counted under OTHER_ROUTES. */
export const MAX_ROUTE_KEYS = 500;
export const OTHER_ROUTES = "(other routes)";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts the request in `stats`: token requests, API requests, and per route template. */
function countRequest(stats: SimStats, method: string, path: string): void {
  if (method === "POST" && path === "/oauth/token") stats.tokenRequests++;
  if (path.startsWith("/api/v2/")) stats.apiRequests++;
  // Unknown paths are keys of their own: past MAX_ROUTE_KEYS they share one, so random paths
  // cannot grow the map without bound.
  let key = routeKey(method, path);
  if (stats.byRoute[key] === undefined && Object.keys(stats.byRoute).length >= MAX_ROUTE_KEYS) key = OTHER_ROUTES;
  stats.byRoute[key] = (stats.byRoute[key] ?? 0) + 1;
}

type TakenFault = NonNullable<ReturnType<FaultPlan["take"]>>;

/** The answer of a scripted fault: a malformed body, the login service's error, or the platform's. */
function scriptedFaultResponse(c: Context, scripted: TakenFault, correlationId: string): Response {
  if (scripted.malformed) {
    return new Response('{"entities":[{"id":"', { status: 200, headers: { "Content-Type": JSON_TYPE } });
  }
  if (c.req.path.startsWith("/oauth/") && (scripted.status === 400 || scripted.status === 401)) {
    return c.json(new OAuthError(scripted.status, "invalid_client", "authentication failed").body(), scripted.status);
  }
  const err = standardError(
    scripted.status,
    scripted.retryAfterSeconds !== undefined ? { retryAfterSeconds: scripted.retryAfterSeconds } : {},
  );
  return errorResponse(c, err, correlationId);
}

/** The injected fault answering this request instead of its handler (never on /__sim/), or null. */
function injectedFault(c: Context, faults: FaultPlan, errorRate: number, correlationId: string): Response | null {
  const path = c.req.path;
  const scripted = path.startsWith("/__sim/") ? null : faults.take(path);
  if (scripted) return scriptedFaultResponse(c, scripted, correlationId);
  if (path.startsWith("/api/v2/") && faults.randomFailure(errorRate)) return errorResponse(c, standardError(503), correlationId);
  return null;
}

function setGatewayHeaders(headers: Headers, rate: RateState, correlationId: string): void {
  headers.set("inin-ratelimit-count", String(rate.count));
  headers.set("inin-ratelimit-allowed", String(rate.allowed));
  headers.set("inin-ratelimit-reset", String(rate.resetSeconds));
  headers.set("ININ-Correlation-Id", correlationId);
}

/**
 * Every request: a correlation id, the stats, a declared body over the limit refused before
 * anything else (without reading it), the latency knob, injected faults; then the handler; then
 * the rate-limit and correlation headers on whatever answers.
 */
export function mountGateway(app: SimApp, { core, faults, limiter, stats }: AppDeps): void {
  const opts = core.options;
  app.use("*", async (c, next) => {
    const path = c.req.path;
    const correlationId = randomUUID();
    c.set("correlationId", correlationId);
    countRequest(stats, c.req.method, path);

    const overLimit = declaredTooLarge(c.req.raw.headers, bodyLimit(path));
    if (!overLimit && opts.latencyMs > 0) await sleep(opts.latencyMs);
    const early = overLimit
      ? errorResponse(c, tooLarge(overLimit, path), correlationId)
      : injectedFault(c, faults, opts.errorRate, correlationId);
    if (early) c.res = early;
    else await next();

    const rate = c.get("rate") ?? limiter.hit(`anonymous`, core.now(), opts.rateLimitPerMinute, false);
    setGatewayHeaders(c.res.headers, rate, correlationId);
  });
}

function authFailureMessage(code: string): string {
  if (code === "authentication.required") return "No authentication bearer token specified in authorization header.";
  if (code === "credentials.expired") return "The supplied credentials are expired and cannot be used.";
  return "Invalid login credentials.";
}

/** Authentication and the per-token rate limit for the platform API (/api/v2/*). */
export function mountPlatformAuth(app: SimApp, { core, oauth, limiter }: AppDeps): void {
  const opts = core.options;
  app.use("/api/v2/*", async (c, next) => {
    // GET /api/v2/tokens/me?preserveIdleTTL=true reads the token without restarting its idle timer.
    const preserveIdle =
      c.req.path === "/api/v2/tokens/me" &&
      (c.req.method === "GET" || c.req.method === "HEAD") &&
      c.req.query("preserveIdleTTL") === "true";
    const check = oauth.check(c.req.header("authorization"), preserveIdle);
    if (!check.ok) throw new SimError(401, check.code, authFailureMessage(check.code));
    const rate = limiter.hit(check.token.token, core.now(), opts.rateLimitPerMinute, true);
    c.set("rate", rate);
    if (rate.limited) throw tooManyRequests(rate.resetSeconds);
    c.set("token", check.token);
    await next();
  });
}

/** Thrown errors as the platform ErrorBody (the login service's own shape for OAuthError); 404s. */
export function mountErrorAnswers(app: SimApp): void {
  app.onError((err, c) => {
    const correlationId = c.get("correlationId") ?? randomUUID();
    if (err instanceof OAuthError) return c.json(err.body(), err.status as 400);
    if (err instanceof SimError) return errorResponse(c, err, correlationId);
    console.error("[sim] unexpected error", err);
    return errorResponse(c, standardError(500), correlationId);
  });
  app.notFound((c: Context<Env>) =>
    errorResponse(
      c,
      new SimError(404, "not.found", `The requested resource was not found: ${c.req.method} ${c.req.path}`),
      c.get("correlationId") ?? randomUUID(),
    ),
  );
}
