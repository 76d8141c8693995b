/**
 * The HTTP surface, as a Hono (Fetch API) app with routes at the root; index.ts strips the
 * basePath before handing requests over. createApp composes it from named parts:
 * - middleware (app-middleware.ts), in the order a real gateway would apply it: count → body limit
 *   by Content-Length → latency → scripted/random faults → (auth and rate limit for /api/v2) →
 *   handler → rate-limit and correlation headers on every answer; errors as the platform ErrorBody;
 * - route groups (app-routes.ts), one per service, each reading its body with the path's limit
 *   (app-context.ts, body-limit.ts).
 */
import { Hono } from "hono";
import type { AppDeps, Env, SimApp } from "./app-context";
import { mountErrorAnswers, mountGateway, mountPlatformAuth } from "./app-middleware";
import {
  mountAdmin,
  mountConversationAnalytics,
  mountDetailsJobs,
  mountLoginService,
  mountNotifications,
  mountOrgLimits,
  mountQueueObservations,
  mountRouting,
  mountTokens,
  mountUsers,
} from "./app-routes";

export type { AppDeps, SimStats } from "./app-context";

export function createApp(deps: AppDeps): SimApp {
  const app = new Hono<Env>();
  mountGateway(app, deps);
  mountPlatformAuth(app, deps);
  mountErrorAnswers(app);

  mountLoginService(app, deps);
  mountTokens(app, deps);
  mountUsers(app, deps);
  mountRouting(app, deps);
  mountConversationAnalytics(app, deps);
  mountDetailsJobs(app, deps);
  mountQueueObservations(app, deps);
  mountNotifications(app, deps);
  mountOrgLimits(app, deps);
  mountAdmin(app, deps);
  return app;
}
