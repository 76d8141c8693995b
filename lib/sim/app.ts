/**
 * The HTTP surface, as a Hono (Fetch API) app with routes at the root; index.ts strips the
 * basePath before handing requests over. Cross-cutting behaviour lives in one middleware, in
 * the order a real gateway would apply it: count → latency → scripted/random faults → (auth and
 * rate limit for /api/v2) → handler → rate-limit and correlation headers on every answer.
 */
import { randomUUID } from "node:crypto";
import { Hono, type Context } from "hono";
import { aggregateQuery } from "./aggregates";
import type { SimCore } from "./core";
import { DetailsQueryCache, conversationById, conversationsByIds, detailsQuery } from "./details";
import { OAuthError, SimError, badRequest, errorBody, standardError, tooManyRequests } from "./errors";
import type { JobStore } from "./jobs";
import { type FaultPlan, type RateLimiter, type RateState, type ScriptedFault } from "./limits";
import { messagePage, signInPage, type OAuthServer, type TokenRecord } from "./oauth";
import { queueObservationsQuery } from "./observations";
import { SimOptionError } from "./options";
import { PLATFORM_API_REQUEST_BYTES_MAX, namespaceLimits } from "./org-limits";
import { PERMISSION, requirePermission, userAuthorization, type SimPermission } from "./permissions";
import { getQueue, listQueues, multiParam } from "./routing";
import { isoMs } from "./time";
import { BodyTooLargeError, KIB, declaredTooLarge, readTextLimited } from "../http/body-limit";

export type SimStats = { tokenRequests: number; apiRequests: number; byRoute: Record<string, number> };

export type AppDeps = {
  core: SimCore;
  oauth: OAuthServer;
  limiter: RateLimiter;
  faults: FaultPlan;
  jobs: JobStore;
  stats: SimStats;
  /** faults.set / failNext / clear / expireAllTokens, for the admin endpoints. */
  admin: {
    set(p: Record<string, unknown>): void;
    failNext(f: ScriptedFault): void;
    clear(): void;
    expireAllTokens(): void;
    resetStats(): void;
  };
};

type Env = { Variables: { token: TokenRecord; rate: RateState; correlationId: string } };

const JSON_TYPE = "application/json; charset=UTF-8";

/** Stats key: the route template, so ids do not explode the map. */
export function routeKey(method: string, path: string): string {
  const p = path
    .replace(/^\/api\/v2\/routing\/queues\/[^/]+$/, "/api/v2/routing/queues/{queueId}")
    .replace(/^\/api\/v2\/organizations\/limits\/namespaces\/[^/]+$/, "/api/v2/organizations/limits/namespaces/{namespaceName}")
    .replace(/^(\/api\/v2\/analytics\/conversations\/details\/jobs\/)(?!availability$)[^/]+/, "$1{jobId}")
    .replace(
      /^\/api\/v2\/analytics\/conversations\/(?!aggregates\/|details)[^/]+\/details$/,
      "/api/v2/analytics/conversations/{conversationId}/details",
    );
  return `${method} ${p}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Distinct `stats.byRoute` keys at most; the rest are counted under OTHER_ROUTES. */
export const MAX_ROUTE_KEYS = 500;
export const OTHER_ROUTES = "(other routes)";

/**
 * Request body limits. `/api/v2/*`: the platform API's `request.bytes.max`, 512,000 bytes (the
 * Developer Center limits table as org-limits.ts quotes it, and what
 * `GET /api/v2/organizations/limits/namespaces/platform.api` answers here); a details query with
 * 1,000 predicates is about 60 KB. The login service's forms and the admin endpoints: 64 KiB (a
 * token request or the sign-in form is a few hundred bytes; the login service's own limit is not
 * public, README.md "Choices where the real API is unconfirmed").
 */
export const API_BODY_LIMIT = PLATFORM_API_REQUEST_BYTES_MAX;
export const OTHER_BODY_LIMIT = 64 * KIB;

/** The body limit of a path (relative to basePath). */
export function bodyLimit(path: string): number {
  return path.startsWith("/api/v2/") ? API_BODY_LIMIT : OTHER_BODY_LIMIT;
}

/**
 * 413 with the platform ErrorBody (the code from the swagger's x-inin-error-codes, errors.ts); on
 * `/api/v2/*` with the org limit it ran into, as ErrorBody `limit` (model Limit).
 */
function tooLarge(e: BodyTooLargeError, path: string): SimError {
  const limit = path.startsWith("/api/v2/") ? { key: "request.bytes.max", namespace: "platform.api", value: e.limit } : undefined;
  return new SimError(
    413,
    "request.entity.too.large",
    `The request entity is too large. ${e.message}`,
    [],
    {},
    {
      messageParams: { limit: String(e.limit) },
      ...(limit ? { limit } : {}),
    },
  );
}

/**
 * The request body as text, read with the path's limit (lib/http/body-limit.ts: Content-Length
 * first, then while streaming); 413 past it. Every handler reads its body through this: never
 * `c.req.text()`, which reads without a limit.
 */
async function bodyText(c: Context): Promise<string> {
  try {
    return await readTextLimited(c.req.raw, bodyLimit(c.req.path));
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw tooLarge(e, c.req.path);
    throw e;
  }
}

/** The JSON request body. The platform API refuses other declared types with 415 (`lenient`: admin). */
async function jsonBody(c: Context, lenient = false): Promise<unknown> {
  const type = c.req.header("content-type");
  if (!lenient && type && !/json/i.test(type)) {
    throw new SimError(415, "unsupported.media.type", `Unsupported Media Type: [${type}]. Send application/json.`);
  }
  const text = await bodyText(c);
  try {
    return JSON.parse(text);
  } catch {
    throw new SimError(
      400,
      "bad.request",
      "The request could not be understood by the server due to malformed syntax: the body is not valid JSON.",
    );
  }
}

// A host name, IPv4 or [IPv6], with an optional port.
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin the browser sent this request to, as the app in front of the embedded simulator sees
 * it (a proxy's X-Forwarded-Host/Proto first, then Host): the same origin Auth.js builds its
 * callback from. Null when unusable.
 */
function requestOrigin(c: Context): string | null {
  const host = (c.req.header("x-forwarded-host") ?? c.req.header("host") ?? "").split(",")[0]!.trim();
  if (!HOST.test(host)) return null;
  const forwarded = (c.req.header("x-forwarded-proto") ?? "").split(",")[0]!.trim().toLowerCase();
  const protocol = forwarded === "https" || forwarded === "http" ? forwarded : new URL(c.req.url).protocol.replace(/:$/, "");
  return `${protocol}://${host.toLowerCase()}`;
}

export function createApp(deps: AppDeps): Hono<Env> {
  const { core, oauth, limiter, faults, jobs, stats } = deps;
  const opts = core.options;
  const detailsCache = new DetailsQueryCache();
  const app = new Hono<Env>();

  app.use("*", async (c, next) => {
    const path = c.req.path;
    const method = c.req.method;
    const correlationId = randomUUID();
    c.set("correlationId", correlationId);
    const isApi = path.startsWith("/api/v2/");
    if (method === "POST" && path === "/oauth/token") stats.tokenRequests++;
    if (isApi) stats.apiRequests++;
    // Unknown paths are keys of their own: past MAX_ROUTE_KEYS they share one, so random paths
    // cannot grow the map without bound.
    let key = routeKey(method, path);
    if (stats.byRoute[key] === undefined && Object.keys(stats.byRoute).length >= MAX_ROUTE_KEYS) key = OTHER_ROUTES;
    stats.byRoute[key] = (stats.byRoute[key] ?? 0) + 1;

    // A declared body over the limit is refused before anything else, without reading it.
    const overLimit = declaredTooLarge(c.req.raw.headers, bodyLimit(path));

    if (!overLimit && opts.latencyMs > 0) await sleep(opts.latencyMs);

    const isAdmin = path.startsWith("/__sim/");
    const scripted = isAdmin || overLimit ? null : faults.take(path);
    if (overLimit) {
      c.res = errorResponse(c, tooLarge(overLimit, path), correlationId);
    } else if (scripted) {
      if (scripted.malformed) {
        c.res = new Response('{"entities":[{"id":"', { status: 200, headers: { "Content-Type": JSON_TYPE } });
      } else if (path.startsWith("/oauth/") && (scripted.status === 400 || scripted.status === 401)) {
        c.res = c.json(new OAuthError(scripted.status, "invalid_client", "authentication failed").body(), scripted.status);
      } else {
        const err = standardError(
          scripted.status,
          scripted.retryAfterSeconds !== undefined ? { retryAfterSeconds: scripted.retryAfterSeconds } : {},
        );
        c.res = errorResponse(c, err, correlationId);
      }
    } else if (isApi && faults.randomFailure(opts.errorRate)) {
      c.res = errorResponse(c, standardError(503), correlationId);
    } else {
      await next();
    }

    const rate = c.get("rate") ?? limiter.hit(`anonymous`, core.now(), opts.rateLimitPerMinute, false);
    c.res.headers.set("inin-ratelimit-count", String(rate.count));
    c.res.headers.set("inin-ratelimit-allowed", String(rate.allowed));
    c.res.headers.set("inin-ratelimit-reset", String(rate.resetSeconds));
    c.res.headers.set("ININ-Correlation-Id", correlationId);
  });

  // Authentication and the per-token rate limit for the platform API.
  app.use("/api/v2/*", async (c, next) => {
    // GET /api/v2/tokens/me?preserveIdleTTL=true reads the token without restarting its idle timer.
    const preserveIdle =
      c.req.path === "/api/v2/tokens/me" &&
      (c.req.method === "GET" || c.req.method === "HEAD") &&
      c.req.query("preserveIdleTTL") === "true";
    const check = oauth.check(c.req.header("authorization"), preserveIdle);
    if (!check.ok) {
      const message =
        check.code === "authentication.required"
          ? "No authentication bearer token specified in authorization header."
          : check.code === "credentials.expired"
            ? "The supplied credentials are expired and cannot be used."
            : "Invalid login credentials.";
      throw new SimError(401, check.code, message);
    }
    const rate = limiter.hit(check.token.token, core.now(), opts.rateLimitPerMinute, true);
    c.set("rate", rate);
    if (rate.limited) throw tooManyRequests(rate.resetSeconds);
    c.set("token", check.token);
    await next();
  });

  app.onError((err, c) => {
    const correlationId = c.get("correlationId") ?? randomUUID();
    if (err instanceof OAuthError) return c.json(err.body(), err.status as 400);
    if (err instanceof SimError) return errorResponse(c, err, correlationId);
    console.error("[sim] unexpected error", err);
    return errorResponse(c, standardError(500), correlationId);
  });

  app.notFound((c) =>
    errorResponse(
      c,
      new SimError(404, "not.found", `The requested resource was not found: ${c.req.method} ${c.req.path}`),
      c.get("correlationId") ?? randomUUID(),
    ),
  );

  // ------------------------------------------------------------------------------------------
  // Login service

  app.post("/oauth/token", async (c) => {
    const body = await bodyText(c); // form-urlencoded, with or without a Content-Type
    return c.json(oauth.token(c.req.header("authorization"), body), 200, { "Cache-Control": "no-store" });
  });

  const authorize = (c: Context, params: URLSearchParams, userKey: string | null) => {
    const check = oauth.validateAuthorize(params, requestOrigin(c));
    if (check.kind === "page") return c.html(messagePage(check.title, check.message), check.status as 400);
    if (check.kind === "redirect") return c.redirect(check.location, 302);
    if (userKey === null) return c.html(signInPage(core.org, check, `${opts.basePath}/oauth/authorize`));
    const location = oauth.approve(check, userKey);
    if (!location) return c.html(messagePage("Unknown user", "Choose one of the demo users on the sign-in page."), 400);
    return c.redirect(location, 302);
  };
  app.get("/oauth/authorize", (c) => authorize(c, new URL(c.req.url).searchParams, null));
  app.post("/oauth/authorize", async (c) => {
    const form = new URLSearchParams(await bodyText(c));
    return authorize(c, form, form.get("user") ?? "");
  });

  app.get("/logout", (c) => {
    const target = oauth.logoutTarget(new URL(c.req.url).searchParams, requestOrigin(c));
    if (target) return c.redirect(target, 302);
    return c.html(messagePage("Signed out", "You are signed out of the Genesys Cloud simulator. You can close this window."));
  });

  // ------------------------------------------------------------------------------------------
  // Platform API

  const reach = (c: Context<Env>) => c.get("token").divisionIds;
  /** 403 missing.permissions unless the token holds `permission` (checked before the body is read). */
  const need = (c: Context<Env>, permission: SimPermission) => requirePermission(c.get("token").permissions, permission);

  app.get("/api/v2/tokens/me", (c) => {
    const t = c.get("token");
    const client = oauth.client(t.clientId);
    const org = { id: core.org.id, name: core.org.name, selfUri: `/api/v2/organizations/${core.org.id}` };
    const idlesAt = oauth.idlesAt(t);
    return c.json({
      organization: org,
      homeOrganization: org,
      // Client-credentials tokens carry no scopes (see oauth.ts).
      ...(t.scope.length ? { authorizedScope: t.scope } : {}),
      ...(idlesAt !== null ? { dateTokenIdles: isoMs(idlesAt) } : {}),
      OAuthClient: {
        id: t.clientId,
        name: client?.name ?? t.clientId,
        authorizedGrantType: client?.grant ?? "CLIENT-CREDENTIALS",
        organization: { id: core.org.id, name: core.org.name },
      },
    });
  });
  app.delete("/api/v2/tokens/me", (c) => {
    oauth.revoke(c.get("token"));
    return c.body(null, 200);
  });

  app.get("/api/v2/users/me", (c) => {
    const user = oauth.user(c.get("token"));
    if (!user) {
      throw new SimError(
        400,
        "not.a.user",
        "This request requires a user context. Client credentials cannot be used for requests to this resource.",
      );
    }
    const division = core.org.divisions[user.divisionIndex]!;
    // `expand` is repeated or comma-joined; only `authorization` is modelled.
    const expand = new URL(c.req.url).searchParams.getAll("expand").flatMap((v) => v.split(","));
    const supervisor = core.org.demoUsers.some((d) => d.key === "supervisor" && d.userIndex === user.index);
    return c.json({
      id: user.id,
      name: user.name,
      division: { id: division.id, name: division.name, selfUri: `/api/v2/authorization/divisions/${division.id}` },
      email: user.email,
      state: "active",
      title: user.title,
      username: user.username,
      version: 1,
      selfUri: `/api/v2/users/${user.id}`,
      ...(expand.includes("authorization") ? { authorization: userAuthorization(supervisor) } : {}),
    });
  });

  // Permissions per route: see permissions.ts.
  app.get("/api/v2/routing/queues", (c) => {
    need(c, PERMISSION.queueView);
    return c.json(listQueues(core.org, new URL(c.req.url).searchParams, reach(c), opts.queuesMaxPageSize));
  });
  app.get("/api/v2/routing/queues/:queueId", (c) => {
    need(c, PERMISSION.queueView);
    return c.json(getQueue(core.org, c.req.param("queueId"), reach(c)));
  });

  app.post("/api/v2/analytics/conversations/aggregates/query", async (c) => {
    need(c, PERMISSION.conversationAggregateView);
    return c.body(aggregateQuery(core, await jsonBody(c), reach(c)), 200, { "Content-Type": JSON_TYPE });
  });
  app.post("/api/v2/analytics/conversations/details/query", async (c) => {
    need(c, PERMISSION.conversationDetailView);
    return c.json(detailsQuery(core, detailsCache, await jsonBody(c), reach(c)));
  });
  app.get("/api/v2/analytics/conversations/details", (c) => {
    need(c, PERMISSION.conversationDetailView);
    return c.json(conversationsByIds(core, multiParam(new URL(c.req.url).searchParams, "id") ?? [], reach(c)));
  });

  const JOBS = "/api/v2/analytics/conversations/details/jobs";
  app.post(JOBS, async (c) => {
    need(c, PERMISSION.conversationDetailView);
    const body = await jsonBody(c);
    return c.json(jobs.create(core, body, reach(c), faults.takeJobState()), 202);
  });
  app.get(`${JOBS}/availability`, (c) => {
    need(c, PERMISSION.conversationDetailView);
    const now = core.now();
    return c.json({ dataAvailabilityDate: isoMs(now - (now % 1000)) });
  });
  app.get(`${JOBS}/:jobId`, (c) => {
    need(c, PERMISSION.conversationDetailView);
    return c.json(jobs.status(c.req.param("jobId"), core.now()));
  });
  app.get(`${JOBS}/:jobId/results`, (c) => {
    need(c, PERMISSION.conversationDetailView);
    return c.json(jobs.results(core, c.req.param("jobId"), c.req.query("cursor"), c.req.query("pageSize"), core.now()));
  });
  app.delete(`${JOBS}/:jobId`, (c) => {
    need(c, PERMISSION.conversationDetailView);
    jobs.cancel(c.req.param("jobId"), core.now());
    return c.body(null, 204);
  });

  app.get("/api/v2/analytics/conversations/:conversationId/details", (c) => {
    need(c, PERMISSION.conversationDetailView);
    return c.json(conversationById(core, c.req.param("conversationId"), reach(c)));
  });

  app.post("/api/v2/analytics/queues/observations/query", async (c) => {
    need(c, PERMISSION.queueObservationView);
    return c.json(queueObservationsQuery(core, await jsonBody(c), reach(c)));
  });

  // No permission needed ("Requires NO permissions", OrganizationApi getOrganizationsLimitsNamespace).
  app.get("/api/v2/organizations/limits/namespaces/:namespaceName", (c) => c.json(namespaceLimits(opts, c.req.param("namespaceName"))));

  // ------------------------------------------------------------------------------------------
  // Admin (only with options.admin)

  app.use("/__sim/*", async (_c, next) => {
    if (!opts.admin) throw new SimError(404, "not.found", "The simulator's admin endpoints are disabled (start it with admin: true).");
    await next();
  });
  app.get("/__sim/stats", (c) => c.json(stats));
  app.post("/__sim/faults", async (c) => {
    const body = (await jsonBody(c, true)) as Record<string, unknown> | null;
    if (!body || typeof body !== "object") throw new SimError(400, "bad.request", "Send a JSON object.");
    const { failNext, ...set } = body;
    try {
      deps.admin.set(set);
      if (failNext !== undefined) deps.admin.failNext(failNext as ScriptedFault);
    } catch (e) {
      // Bounded knobs (options.ts, limits.ts): 400 naming the field.
      if (e instanceof SimOptionError) throw badRequest(e.message, e.field);
      throw new SimError(400, "bad.request", e instanceof Error ? e.message : String(e));
    }
    return c.json({ ok: true, options: publicOptions(opts) });
  });
  app.post("/__sim/expire-tokens", (c) => {
    deps.admin.expireAllTokens();
    return c.json({ ok: true });
  });
  app.post("/__sim/reset", (c) => {
    deps.admin.clear();
    return c.json({ ok: true });
  });
  app.post("/__sim/reset-stats", (c) => {
    deps.admin.resetStats();
    return c.json({ ok: true });
  });

  return app;
}

function errorResponse(c: Context, err: SimError, correlationId: string): Response {
  const res = c.json(errorBody(err, correlationId), err.status as 400);
  for (const [k, v] of Object.entries(err.headers)) res.headers.set(k, v);
  return res;
}

function publicOptions(o: SimCore["options"]): Record<string, unknown> {
  const { now: _now, ...rest } = o;
  return rest;
}
