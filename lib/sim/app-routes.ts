/**
 * The routes of the HTTP surface, one group per service: the login service, the platform API's
 * tokens and users, routing, conversation analytics, async details jobs, queue observations and
 * org limits, and the simulator's admin endpoints. Permissions per route: see permissions.ts.
 */
import type { Context } from "hono";
import { aggregateQuery } from "./aggregates";
import { JSON_TYPE, bodyText, jsonBody, need, reach, requestOrigin, type AppDeps, type Env, type SimApp } from "./app-context";
import { DetailsQueryCache, conversationById, conversationsByIds, detailsQuery } from "./details";
import { SimError, badRequest, notFound } from "./errors";
import type { ScriptedFault } from "./limits";
import { evaluateTopics, type Channel, type ChannelTopicAnswer } from "./notifications";
import { messagePage, signInPage } from "./oauth";
import { queueObservationsQuery } from "./observations";
import { SimOptionError } from "./options";
import { namespaceLimits } from "./org-limits";
import { PERMISSION, userAuthorization } from "./permissions";
import { getQueue, listQueues, multiParam } from "./routing";
import { isoMs } from "./time";

const searchParams = (c: Context) => new URL(c.req.url).searchParams;

// ------------------------------------------------------------------------------------------
// Login service

/** POST /oauth/token, GET and POST /oauth/authorize (the sign-in page), GET /logout. */
export function mountLoginService(app: SimApp, { core, oauth }: AppDeps): void {
  const opts = core.options;
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
  app.get("/oauth/authorize", (c) => authorize(c, searchParams(c), null));
  app.post("/oauth/authorize", async (c) => {
    const form = new URLSearchParams(await bodyText(c));
    return authorize(c, form, form.get("user") ?? "");
  });

  app.get("/logout", (c) => {
    const target = oauth.logoutTarget(searchParams(c), requestOrigin(c));
    if (target) return c.redirect(target, 302);
    return c.html(messagePage("Signed out", "You are signed out of the Genesys Cloud simulator. You can close this window."));
  });
}

// ------------------------------------------------------------------------------------------
// Platform API

/** GET and DELETE /api/v2/tokens/me. */
export function mountTokens(app: SimApp, { core, oauth }: AppDeps): void {
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
}

/** GET /api/v2/users/me (user tokens only; `expand=authorization`). */
export function mountUsers(app: SimApp, { core, oauth }: AppDeps): void {
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
    const expand = searchParams(c)
      .getAll("expand")
      .flatMap((v) => v.split(","));
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
}

/** GET /api/v2/routing/queues and /api/v2/routing/queues/{queueId}. */
export function mountRouting(app: SimApp, { core }: AppDeps): void {
  const opts = core.options;
  app.get("/api/v2/routing/queues", (c) => {
    need(c, PERMISSION.queueView);
    return c.json(listQueues(core.org, searchParams(c), reach(c), opts.queuesMaxPageSize));
  });
  app.get("/api/v2/routing/queues/:queueId", (c) => {
    need(c, PERMISSION.queueView);
    return c.json(getQueue(core.org, c.req.param("queueId"), reach(c)));
  });
}

/** Conversation aggregates and details: the queries, and conversations by id. */
export function mountConversationAnalytics(app: SimApp, { core }: AppDeps): void {
  const detailsCache = new DetailsQueryCache();
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
    return c.json(conversationsByIds(core, multiParam(searchParams(c), "id") ?? [], reach(c)));
  });
  app.get("/api/v2/analytics/conversations/:conversationId/details", (c) => {
    need(c, PERMISSION.conversationDetailView);
    return c.json(conversationById(core, c.req.param("conversationId"), reach(c)));
  });
}

const JOBS = "/api/v2/analytics/conversations/details/jobs";

/** Async details jobs: create, availability, status, results, cancel. */
export function mountDetailsJobs(app: SimApp, { core, jobs, faults }: AppDeps): void {
  app.post(JOBS, async (c) => {
    need(c, PERMISSION.conversationDetailView);
    const body = await jsonBody(c);
    return c.json(jobs.create(core, body, reach(c), faults.takeJobState()), 202);
  });
  // Before `${JOBS}/:jobId`, which would take "availability" for a job id.
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
}

/** POST /api/v2/analytics/queues/observations/query. */
export function mountQueueObservations(app: SimApp, { core }: AppDeps): void {
  app.post("/api/v2/analytics/queues/observations/query", async (c) => {
    need(c, PERMISSION.queueObservationView);
    return c.json(queueObservationsQuery(core, await jsonBody(c), reach(c)));
  });
}

const CHANNELS = "/api/v2/notifications/channels";

/**
 * The Notifications API (notifications.ts; the WebSocket side, notification-sockets.ts): channels,
 * HEAD of a channel, its subscriptions. Every route "Requires NO permissions" (NotificationsApi.md).
 */
export function mountNotifications(app: SimApp, deps: AppDeps): void {
  const { core, notifications, stats } = deps;
  const { store } = notifications;
  const channelJson = (base: string, ch: Channel) => ({ connectUri: `${base}/channels/${ch.id}`, id: ch.id, expires: isoMs(ch.expiresAt) });

  app.post(CHANNELS, async (c) => {
    const base = await notifications.connectBase(); // embedded: starts the listener on first use
    const channel = store.create(c.get("token"), core.now());
    stats.webSockets.channelsCreated++;
    return c.json(channelJson(base, channel));
  });
  app.get(CHANNELS, async (c) => {
    const { mine, others } = store.list(c.get("token"), c.req.query("includechannels"), core.now());
    const base = mine.length ? await notifications.connectBase() : "";
    // Other tokens' channels "will not be shown, but will be presented to show their existence".
    return c.json({ entities: [...mine.map((ch) => channelJson(base, ch)), ...others.map((ch) => ({ expires: isoMs(ch.expiresAt) }))] });
  });
  // Hono answers HEAD with the GET route; a GET of one channel is not an API route.
  app.get(`${CHANNELS}/:channelId`, (c) => {
    if (c.req.method !== "HEAD") throw notFound(`The requested resource was not found: ${c.req.method} ${c.req.path}`);
    store.get(c.req.param("channelId"), c.get("token"), core.now());
    return c.body(null, 200);
  });
  mountSubscriptions(app, deps);
}

/** GET, PUT (replace), POST (add) and DELETE (remove all) /api/v2/notifications/channels/{id}/subscriptions. */
function mountSubscriptions(app: SimApp, { core, notifications, stats }: AppDeps): void {
  const { store } = notifications;
  const path = `${CHANNELS}/:channelId/subscriptions`;
  const permittedOf = (ch: Channel): ChannelTopicAnswer[] => [...ch.topics.keys()].map((id) => ({ id, state: "Permitted" }));
  const subscribe = (mode: "replace" | "add") => async (c: Context<Env>) => {
    const token = c.get("token");
    const channel = store.get(c.req.param("channelId")!, token, core.now());
    const body = await jsonBody(c);
    stats.webSockets.subscriptionCalls++;
    const kept = new Map(mode === "add" ? channel.topics : []);
    const { answers, permitted } = evaluateTopics(body, kept, { org: core.org, token, reject: core.options.rejectSubscriptions });
    // An add answers the whole list: the topics kept, then this request's (a rejected one is dropped).
    for (const a of answers) kept.delete(a.id);
    const before = [...kept.keys()].map((id): ChannelTopicAnswer => ({ id, state: "Permitted" }));
    channel.topics = new Map([...kept, ...permitted]);
    notifications.subscriptionsChanged(channel);
    return c.json({ entities: [...before, ...answers] });
  };
  app.get(path, (c) => c.json({ entities: permittedOf(store.get(c.req.param("channelId"), c.get("token"), core.now())) }));
  app.put(path, subscribe("replace"));
  app.post(path, subscribe("add"));
  app.delete(path, (c) => {
    const channel = store.get(c.req.param("channelId"), c.get("token"), core.now());
    channel.topics = new Map();
    notifications.subscriptionsChanged(channel);
    return c.body(null, 200);
  });
}

/** GET /api/v2/organizations/limits/namespaces/{namespaceName}. */
export function mountOrgLimits(app: SimApp, { core }: AppDeps): void {
  const opts = core.options;
  // No permission needed ("Requires NO permissions", OrganizationApi getOrganizationsLimitsNamespace).
  app.get("/api/v2/organizations/limits/namespaces/:namespaceName", (c) => c.json(namespaceLimits(opts, c.req.param("namespaceName"))));
}

// ------------------------------------------------------------------------------------------
// Admin (only with options.admin)

function publicOptions(o: AppDeps["core"]["options"]): Record<string, unknown> {
  const { now: _now, ...rest } = o;
  return rest;
}

/** /__sim/*: stats, faults, expire-tokens, reset, reset-stats; 404 unless options.admin. */
export function mountAdmin(app: SimApp, { core, stats, admin }: AppDeps): void {
  const opts = core.options;
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
      admin.set(set);
      if (failNext !== undefined) admin.failNext(failNext as ScriptedFault);
    } catch (e) {
      // Bounded knobs (options.ts, limits.ts): 400 naming the field.
      if (e instanceof SimOptionError) throw badRequest(e.message, e.field);
      throw new SimError(400, "bad.request", e instanceof Error ? e.message : String(e));
    }
    return c.json({ ok: true, options: publicOptions(opts) });
  });
  app.post("/__sim/expire-tokens", (c) => {
    admin.expireAllTokens();
    return c.json({ ok: true });
  });
  app.post("/__sim/reset", (c) => {
    admin.clear();
    return c.json({ ok: true });
  });
  app.post("/__sim/reset-stats", (c) => {
    admin.resetStats();
    return c.json({ ok: true });
  });
}
