/**
 * GET /api/v2/organizations/limits/namespaces/{namespaceName}: "Get the effective limits in a
 * namespace for an organization"; "Requires NO permissions"; answers LimitsEntityListing
 * `{entities: [{key, namespace, value}]}` (OrganizationApi `getOrganizationsLimitsNamespace`,
 * platform-client-sdk-javascript build/docs/OrganizationApi.md; models LimitsEntityListing and
 * Limit, platform-client-sdk-dotnet build/docs/LimitsEntityListing.md and Limit.md).
 *
 * The simulator models four namespaces and reports, where it has one, the value it enforces
 * itself (so a client that paces or sizes its requests from these values stays inside the
 * simulator's limits):
 * - platform.api: `client.credentials.token.rate.per.minute` and `token.rate.per.minute` (the
 *   per-token window, option rateLimitPerMinute, 300 by default; 2147483647 with the limit off, as
 *   `inin-ratelimit-allowed`), `org.app.user.rate.per.minute` 3000 and `request.bytes.max` 512000
 *   (enforced on `/api/v2/*` bodies: 413, app.ts): the keys and defaults of the Developer Center limits table
 *   (https://developer.genesys.cloud/organization/organization/limits#platform-api) as public
 *   client code quotes it; the 300 per client-credentials token is also cited from that page in
 *   https://developer.genesys.cloud/forum/t/rate-limit-for-creating-email-conversations/15300;
 * - analytics: the details query's page size, result cap and interval, the aggregate bucket cap,
 *   the job results' page size and retention, and per-minute query rates (= the per-token window);
 * - analytics.realtime: the queue observation query's predicate cap, observation list cap and rate;
 * - notifications: channels per user and app, 20 ("There is a limit of 20 channels per user/app
 *   combination", NotificationsApi `postNotificationsChannels`, platform-client-sdk-javascript
 *   build/docs/NotificationsApi.md), topics per channel (1000) and channel lifetime (24 h, option
 *   notificationChannelLifetimeSeconds), all enforced by notifications.ts.
 * The analytics, analytics.realtime and notifications key names are the simulator's (the real
 * keys are not public; lib/sim/README.md lists them as unconfirmed). Any other namespace of the
 * model Limit's `namespace` enum answers an empty listing (no limits modelled there); a name
 * outside that enum is 404 not.found.
 */
import { notFound } from "./errors";
import { JOB_RETENTION_MS } from "./jobs";
import { UNLIMITED } from "./limits";
import { CHANNELS_PER_OWNER_MAX, TOPICS_PER_CHANNEL_MAX } from "./notifications";
import { MAX_PREDICATES } from "./observations";
import type { SimulatorOptions } from "./options";
import { MAX_AGGREGATE_BUCKETS } from "./time";

/** platform.api `request.bytes.max`: enforced on `/api/v2/*` request bodies (app.ts, 413). */
export const PLATFORM_API_REQUEST_BYTES_MAX = 512_000;

/** Model Limit `namespace` enum (platform-client-sdk-dotnet build/src/PureCloudPlatform.Client.V2/Model/Limit.cs). */
export const LIMIT_NAMESPACES: readonly string[] = [
  "users.rules",
  "voice.transcription",
  "agent.assistant",
  "agentic.virtual.agents",
  "analytics.agents",
  "analytics.alerting",
  "analytics.data.extraction",
  "analytics",
  "analytics.realtime",
  "analytics.reporting.settings",
  "anomaly.detection",
  "architect",
  "audiohook",
  "audiohook.monitor",
  "audit",
  "auth.api",
  "authorization",
  "automation.testing",
  "bots",
  "bots.voice",
  "business.rules",
  "callback",
  "case.management",
  "cobrowse",
  "content.management",
  "conversation",
  "copilot",
  "dataactions",
  "datatables",
  "directory",
  "dsar",
  "email",
  "employee.engagement",
  "event.orchestration",
  "external.contacts",
  "external.events.data.ingestion",
  "gamification",
  "gcv",
  "gdpr",
  "groups",
  "guides",
  "historical.adherence",
  "infrastructureascode",
  "integrations",
  "intent.miner",
  "internal.messaging",
  "journey",
  "knowledge",
  "language.understanding",
  "learning",
  "limit.registry",
  "marketplace",
  "mcp.analytics.aggregates",
  "mcp",
  "media.communications",
  "messaging",
  "micro.frontend",
  "multi.org",
  "notifications",
  "onboarding",
  "organization.notice",
  "outbound",
  "platform.api",
  "predictive.routing",
  "presence",
  "quality",
  "recording",
  "response.management",
  "routing",
  "scim",
  "screen.monitoring",
  "sda",
  "search",
  "secondary.automation.testing",
  "skills",
  "social.media",
  "speech.and.text.analytics",
  "speech.integration",
  "supportability",
  "task.management",
  "telephony.configuration",
  "usage",
  "users",
  "web.deployments",
  "web.messaging",
  "webchat",
  "webhooks",
  "workforce.management.adherence",
  "workforce.management.agent.availability",
  "workforce.management.forecast",
  "workforce.management",
  "workforce.management.scheduling.preferences",
  "workforce.management.self.schedule",
  "workforce.management.shift.trading",
  "system",
];

/** The modelled namespaces' limits, key → value, from the live options. */
export function modelledLimits(options: SimulatorOptions): Record<string, Record<string, number>> {
  const perToken = options.rateLimitPerMinute > 0 ? options.rateLimitPerMinute : UNLIMITED;
  return {
    "platform.api": {
      "client.credentials.token.rate.per.minute": perToken,
      "org.app.user.rate.per.minute": 3000,
      "request.bytes.max": PLATFORM_API_REQUEST_BYTES_MAX,
      "token.rate.per.minute": perToken,
    },
    analytics: {
      "conversation.aggregates.query.buckets.max": MAX_AGGREGATE_BUCKETS,
      "conversation.aggregates.query.rate.per.minute": perToken,
      "conversation.details.jobs.results.page.size.max": options.jobResultsMaxPageSize,
      "conversation.details.jobs.results.retention.hours": Math.round(JOB_RETENTION_MS / 3_600_000),
      "conversation.details.query.interval.hours.max": Math.round(options.detailsMaxIntervalDays * 24),
      "conversation.details.query.page.size.max": options.detailsMaxPageSize,
      "conversation.details.query.rate.per.minute": perToken,
      "conversation.details.query.results.max": options.detailsMaxResults,
    },
    "analytics.realtime": {
      "queue.observations.query.observations.max": options.queueObservationDetailsMax,
      "queue.observations.query.predicates.max": MAX_PREDICATES,
      "queue.observations.query.rate.per.minute": perToken,
    },
    notifications: {
      // Rounded: 24 by default; a lifetime of seconds (tests) reports 0.
      "channel.lifetime.hours": Math.round(options.notificationChannelLifetimeSeconds / 3600),
      "channel.topics.max": TOPICS_PER_CHANNEL_MAX,
      "channels.per.user.per.app.max": CHANNELS_PER_OWNER_MAX,
    },
  };
}

/** The LimitsEntityListing of a namespace. */
export function namespaceLimits(
  options: SimulatorOptions,
  namespace: string,
): { entities: { key: string; namespace: string; value: number }[] } {
  if (!LIMIT_NAMESPACES.includes(namespace)) throw notFound(`The limit namespace [${namespace}] was not found.`);
  const limits = modelledLimits(options)[namespace] ?? {};
  return { entities: Object.entries(limits).map(([key, value]) => ({ key, namespace, value })) };
}
