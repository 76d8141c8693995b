/**
 * POST /api/v2/analytics/queues/observations/query: what is happening in the queues right now
 * (AnalyticsApi `postAnalyticsQueuesObservationsQuery`, platform-client-sdk-javascript
 * build/docs/AnalyticsApi.md; request and answer models in lib/genesys/schemas.ts).
 *
 * Request: `filter` and `metrics` are required; predicates on `queueId` and `mediaType` only (the
 * model's dimension enum); at most MAX_PREDICATES predicates in all ("Max 200 query predicates
 * according to error received", splunk/genesys_cloud_ta package/bin/queue_observations_helper.py,
 * which batches its queue ids by 200; the real error's body is not public). A metric named only in
 * `detailMetrics` is answered too, as the official tutorial's sample answer shows
 * (MyPureCloud/developercenter-tutorials real-time-queue-observation-query/python: it asks
 * `metrics: [oUserRoutingStatuses]`, `detailMetrics: [oInteracting]` and gets oInteracting back).
 *
 * Answer (that sample answer, and the models QueueObservationQueryResponse /
 * ObservationMetricData / ObservationValue):
 * - conversation metrics (oWaiting, oInteracting, oAlerting, oLongestWaiting,
 *   oLongestInteracting) in one group per queue AND media type, zero counts included (the sample
 *   lists voice, chat, message, email and callback, with `count: 0` where nothing happens);
 * - user metrics (oMemberUsers, oActiveUsers, oOnQueueUsers, oOffQueueUsers,
 *   oUserRoutingStatuses, oUserPresences) in one group per queue, with a `qualifier` (routing
 *   status or org presence id) where they have one, zero counts left out;
 * - `detailMetrics` add `truncated` and `observations` (sorted by observationDate ascending) to a
 *   metric whose count is not zero; beyond option queueObservationDetailsMax the list keeps the
 *   oldest half and the newest half ("If truncated, the first half of the list of observations
 *   will contain the oldest observations and the second half the newest observations", model
 *   ObservationMetricData, platform-client-sdk-dotnet build/docs/ObservationMetricData.md);
 * - `systemToOrganizationMappings` ("A mapping from system presence to a list of organization
 *   presence ids") when oUserPresences is asked for.
 *
 * The state at `now` comes from the same traffic as every other endpoint:
 * - waiting: in the queue (ACD segment open) and not being offered to an agent;
 * - alerting: being offered to an agent (the agent who will not respond, then the one who answers);
 * - interacting: answered and not yet through wrap-up (talking, held, after-call work);
 * - oLongestWaiting / oLongestInteracting: `stats.calculatedMetricValue` = the epoch milliseconds
 *   at which the longest waiter entered the queue / the longest interaction was answered; absent
 *   when nobody waits / interacts (the unit is not documented: see lib/sim/README.md).
 * Agents: each queue's members (the same as GET /api/v2/routing/queues `memberCount`). A member is
 * on queue when the hour's load (the daily arrival curve) calls for them (a fixed per-agent rank,
 * so more agents come on queue as the curve rises), and always while the traffic has them alerted,
 * handling or wrapping up a conversation of any of their queues (routing status INTERACTING) or
 * just after they let one ring out (NOT_RESPONDING for 90 s). A few idle on-queue agents are on a
 * non-ACD call (COMMUNICATING); off-queue agents are logged in with another presence (Available,
 * Away, Break, …) or Offline. A user's state is global, so it is the same in all their queues.
 *
 * Division reach: queues outside the token's divisions are left out, like unknown queue ids.
 */
import { queueObservationQuery, type QueueObservationQuery } from "../genesys/schemas";
import { MAX_CONVERSATION_MS, OUTCOME_ANSWERED, conversationIdOf, type Conv } from "./conversations";
import { hourConversations, historyStart, type SimCore } from "./core";
import { addresses, customerName, customerSessionId } from "./details";
import { SimError, badRequest, fromZodError, type ErrorLimit } from "./errors";
import { compileFilter, requiredValues, type Filter, type FilterSpace, type Test } from "./filters";
import { SIM_MEDIA, visibleQueueIndexes, type SimQueue } from "./org";
import { hash32, hashString, uuidFrom, weightedIndex, mulberry32 } from "./random";
import { HOUR_MS, isoMs } from "./time";

/** The media groups of every queue, in the order of the official sample answer. */
export const OBSERVATION_MEDIA = ["voice", "chat", "message", "email", "callback"] as const;
type ObservationMedia = (typeof OBSERVATION_MEDIA)[number];

/** At most this many predicates per query (filter.predicates plus every clause's). */
export const MAX_PREDICATES = 200;
export const PREDICATES_LIMIT: ErrorLimit = {
  key: "queue.observations.query.predicates.max",
  namespace: "analytics.realtime",
  value: MAX_PREDICATES,
};

const CONVERSATION_METRICS = new Set(["oWaiting", "oInteracting", "oAlerting", "oLongestWaiting", "oLongestInteracting"]);
const USER_METRICS = new Set(["oMemberUsers", "oActiveUsers", "oOnQueueUsers", "oOffQueueUsers", "oUserRoutingStatuses", "oUserPresences"]);

export const ON_QUEUE_STATUSES = ["IDLE", "INTERACTING", "COMMUNICATING", "NOT_RESPONDING"] as const;
export const ROUTING_STATUSES = [...ON_QUEUE_STATUSES, "OFF_QUEUE"] as const;
type RoutingStatus = (typeof ROUTING_STATUSES)[number];
/** Which status wins when a user has several activities. */
const STATUS_RANK: Record<RoutingStatus, number> = { OFF_QUEUE: 0, IDLE: 1, COMMUNICATING: 2, NOT_RESPONDING: 3, INTERACTING: 4 };

/** The system presences; each has one org presence (id derived from the seed). */
export const SYSTEM_PRESENCES = [
  "AVAILABLE",
  "AWAY",
  "BREAK",
  "BUSY",
  "IDLE",
  "MEAL",
  "MEETING",
  "OFFLINE",
  "ON_QUEUE",
  "TRAINING",
] as const;
type SystemPresence = (typeof SYSTEM_PRESENCES)[number];
const OFF_QUEUE_PRESENCES: SystemPresence[] = ["AVAILABLE", "AWAY", "BREAK", "MEAL", "MEETING", "TRAINING", "BUSY"];
const OFF_QUEUE_WEIGHTS = [25, 15, 20, 10, 15, 5, 10];

/** An agent who let an offer ring out stays NOT_RESPONDING this long. */
const NOT_RESPONDING_MS = 90_000;
/** Idle agents on a non-ACD call, in percent; off-queue presences change every SLOT_MS. */
const COMMUNICATING_PERCENT = 5;
const SLOT_MS = 15 * 60_000;

const TAG_PRESENCE = hashString("presence");
const TAG_ROSTER = hashString("roster");
const TAG_SLOT = hashString("roster-slot");

/** The org presence id of each system presence. */
export function orgPresenceIds(seed: number): Record<SystemPresence, string> {
  return Object.fromEntries(SYSTEM_PRESENCES.map((p, i) => [p, uuidFrom(seed, TAG_PRESENCE, i)])) as Record<SystemPresence, string>;
}

type Ctx = { queue: SimQueue; media: ObservationMedia };
const SPACE: FilterSpace<Ctx> = {
  field: "filter",
  dimensions: { queueId: (c) => c.queue.id, mediaType: (c) => c.media },
};

/** One conversation behind a conversation metric: when it entered the state, and the agent. */
type ConvObs = { at: number; conv: Conv; user: number };
type UserObs = { at: number; user: number; status: RoutingStatus; presence: SystemPresence };
type MetricDatum = Record<string, unknown>;

function countPredicates(f: Filter): number {
  return (f.predicates?.length ?? 0) + (f.clauses ?? []).reduce((n, c) => n + c.predicates.length, 0);
}

/**
 * The answer, in phases: validate the query, select the observed queues and their media, take the
 * snapshot of now, then one user group per queue and one conversation group per queue and media.
 */
export function queueObservationsQuery(core: SimCore, body: unknown, reach: string[] | null): object {
  const { q, test, named } = parseQuery(body);
  const queues = observedQueues(core, reach, named, test);
  const wanted = [...new Set<string>([...q.metrics, ...(q.detailMetrics ?? [])])];
  const wantUsers = wanted.some((m) => USER_METRICS.has(m));
  const wantConversations = wanted.some((m) => CONVERSATION_METRICS.has(m));
  const state = new Snapshot(
    core,
    core.now(),
    queues.map((x) => x.queue),
    wantUsers,
  );
  const presenceIds = orgPresenceIds(core.options.seed);
  const details = detailWriter(core, new Set<string>(q.detailMetrics ?? []));

  const results: object[] = [];
  for (const { queue, media } of queues) {
    if (wantUsers) {
      const data = userMetrics(queue, state, wanted, presenceIds, details);
      if (data.length) results.push({ group: { queueId: queue.id }, data });
    }
    if (!wantConversations) continue;
    for (const m of media) {
      const data = conversationMetrics(conversationsOf(state, queue, m), wanted, details);
      if (data.length) results.push({ group: { queueId: queue.id, mediaType: m }, data });
    }
  }
  return {
    ...(wanted.includes("oUserPresences")
      ? { systemToOrganizationMappings: Object.fromEntries(SYSTEM_PRESENCES.map((p) => [p, [presenceIds[p]]])) }
      : {}),
    ...(results.length ? { results } : {}),
  };
}

/** The metrics an observations topic event lists (notification-events.ts), per group. */
export const EVENT_CONVERSATION_METRICS = ["oWaiting", "oInteracting", "oAlerting", "oLongestWaiting"] as const;
export const EVENT_USER_METRICS = ["oMemberUsers", "oOnQueueUsers", "oOffQueueUsers", "oUserRoutingStatuses"] as const;

export type ObservationGroup = { group: { queueId: string; mediaType?: ObservationMedia }; data: MetricDatum[] };

/**
 * The `v2.analytics.queues.{id}.observations` groups of `queues` at `now` (Notifications API
 * events, notification-events.ts): per queue its user group, then one group per media, computed
 * by the very code that answers the query (the same Snapshot, so an event's values are what the
 * query answers at that moment). Every metric of EVENT_*_METRICS is listed, user counts of zero
 * included (the query leaves those out), so one event carries the group's whole state; the
 * oUserRoutingStatuses qualifiers are the four on-queue statuses (OFF_QUEUE is oOffQueueUsers');
 * oLongestWaiting only when someone waits, as in the query.
 */
export function observationEventGroups(core: SimCore, now: number, queues: readonly SimQueue[]): ObservationGroup[] {
  const state = new Snapshot(core, now, queues, true);
  const presenceIds = orgPresenceIds(core.options.seed);
  const details = detailWriter(core, new Set());
  const groups: ObservationGroup[] = [];
  for (const queue of queues) {
    const users = userMetrics(queue, state, EVENT_USER_METRICS, presenceIds, details, true);
    groups.push({ group: { queueId: queue.id }, data: users.filter((d) => d.qualifier !== "OFF_QUEUE") });
    for (const mediaType of OBSERVATION_MEDIA) {
      const data = conversationMetrics(conversationsOf(state, queue, mediaType), EVENT_CONVERSATION_METRICS, details);
      groups.push({ group: { queueId: queue.id, mediaType }, data });
    }
  }
  return groups;
}

/** The query, validated: the schema, the predicate limit, the filter, and the queues it names. */
function parseQuery(body: unknown): { q: QueueObservationQuery; test: Test<Ctx>; named: Set<string> } {
  const parsed = queueObservationQuery.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error, body);
  const q: QueueObservationQuery = parsed.data;
  const filter = q.filter as Filter;
  const predicates = countPredicates(filter);
  if (predicates > MAX_PREDICATES) throw tooManyPredicates(predicates);
  const test = compileFilter(filter, SPACE, "filter");
  const named = requiredValues([filter], "queueId");
  if (!named || named.size === 0) {
    throw badRequest(
      "The filter must name the queues to observe: every query needs queueId predicates (matches) that select the queues, e.g. an or-clause of queueId predicates.",
      "filter",
    );
  }
  return { q, test, named };
}

function tooManyPredicates(predicates: number): SimError {
  return new SimError(
    400,
    "bad.request",
    `The filter has ${predicates} predicates; a queue observation query may have at most ${MAX_PREDICATES} (limit ${PREDICATES_LIMIT.key} in namespace ${PREDICATES_LIMIT.namespace}). Split the queues over several queries.`,
    [{ errorCode: "bad.request", fieldName: "filter" }],
    {},
    { limit: PREDICATES_LIMIT, messageParams: { limit: String(MAX_PREDICATES), count: String(predicates) } },
  );
}

/** The named queues the token reaches, each once, in the order named, with the media the filter lets through. */
function observedQueues(
  core: SimCore,
  reach: string[] | null,
  named: Set<string>,
  test: Test<Ctx>,
): { queue: SimQueue; media: ObservationMedia[] }[] {
  const { org } = core;
  const visible = new Set(visibleQueueIndexes(org, reach));
  const queues: { queue: SimQueue; media: ObservationMedia[] }[] = [];
  const seen = new Set<number>();
  for (const id of named) {
    const queue = org.queueById.get(id);
    if (!queue || !visible.has(queue.index) || seen.has(queue.index)) continue;
    seen.add(queue.index);
    const media = OBSERVATION_MEDIA.filter((m) => test({ queue, media: m }));
    if (media.length) queues.push({ queue, media });
  }
  return queues;
}

/** The user metrics of one queue; zero counts left out (the query) or listed (`zeros`: events). */
function userMetrics(
  queue: SimQueue,
  state: Snapshot,
  wanted: readonly string[],
  presenceIds: Record<SystemPresence, string>,
  details: DetailWriter,
  zeros = false,
): MetricDatum[] {
  const members: UserObs[] = queue.memberUserIndexes.map((u) => ({ user: u, ...state.user(u) }));
  const data: MetricDatum[] = [];
  for (const metric of wanted) {
    for (const [qualifier, list] of userMetricLists(metric, members, presenceIds)) {
      if (list.length === 0 && !zeros) continue; // the query's user metrics leave zero counts out
      data.push({
        metric,
        ...(qualifier !== undefined ? { qualifier } : {}),
        stats: { count: list.length },
        ...details.users(metric, list),
      });
    }
  }
  return data;
}

/** The members counted by a user metric, per qualifier (none: undefined); nothing for other metrics. */
function userMetricLists(
  metric: string,
  members: UserObs[],
  presenceIds: Record<SystemPresence, string>,
): [qualifier: string | undefined, list: UserObs[]][] {
  switch (metric) {
    case "oMemberUsers":
    case "oActiveUsers": // every member has joined the queue (joinedMemberCount = memberCount)
      return [[undefined, members]];
    case "oOnQueueUsers":
      return ON_QUEUE_STATUSES.map((s) => [s, members.filter((m) => m.status === s)]);
    case "oOffQueueUsers":
      return [[undefined, members.filter((m) => m.status === "OFF_QUEUE" && m.presence !== "OFFLINE")]];
    case "oUserRoutingStatuses":
      return ROUTING_STATUSES.map((s) => [s, members.filter((m) => m.status === s)]);
    case "oUserPresences":
      return SYSTEM_PRESENCES.map((p) => [presenceIds[p], members.filter((m) => m.presence === p)]);
    default:
      return [];
  }
}

function conversationsOf(state: Snapshot, queue: SimQueue, media: ObservationMedia): QueueMediaState {
  const mediaIndex = (SIM_MEDIA as readonly string[]).indexOf(media);
  return mediaIndex >= 0 ? state.conversations(queue.index, mediaIndex) : EMPTY_CONVERSATIONS;
}

/** The conversation metrics of one queue and media; counts include zero, oLongest* only with someone. */
function conversationMetrics(conv: QueueMediaState, wanted: readonly string[], details: DetailWriter): MetricDatum[] {
  const data: MetricDatum[] = [];
  for (const metric of wanted) {
    const list =
      metric === "oWaiting" ? conv.waiting : metric === "oInteracting" ? conv.interacting : metric === "oAlerting" ? conv.alerting : null;
    if (list) {
      data.push({ metric, stats: { count: list.length }, ...details.conversations(metric, list) });
    } else if (metric === "oLongestWaiting" || metric === "oLongestInteracting") {
      const from = metric === "oLongestWaiting" ? conv.waiting : conv.interacting;
      if (from.length) data.push({ metric, stats: { calculatedMetricValue: Math.min(...from.map((x) => x.at)) } });
    }
  }
  return data;
}

/** `truncated` and `observations` for a metric named in `detailMetrics` with a count; `{}` otherwise. */
type DetailWriter = { users(metric: string, list: UserObs[]): object; conversations(metric: string, list: ConvObs[]): object };

function detailWriter(core: SimCore, detailed: Set<string>): DetailWriter {
  const { org } = core;
  const seed = core.options.seed;
  const max = core.options.queueObservationDetailsMax;
  const userJson = (x: UserObs) => ({ observationDate: isoMs(x.at), userId: org.users[x.user]!.id });
  const userTie = (x: UserObs) => org.users[x.user]!.id;
  const convJson = (x: ConvObs) => conversationObservation(core, x);
  const convTie = (x: ConvObs) => conversationIdOf(seed, x.conv);
  return {
    users: (metric, list) => (detailed.has(metric) && list.length ? observationList(list, max, userTie, userJson) : {}),
    conversations: (metric, list) => (detailed.has(metric) && list.length ? observationList(list, max, convTie, convJson) : {}),
  };
}

/**
 * The observations sorted by date (ties by `tie`); past `max`, the oldest half and the newest
 * half, `truncated: true`.
 */
function observationList<T extends { at: number }>(list: T[], max: number, tie: (x: T) => string, json: (x: T) => object): object {
  const sorted = [...list].sort((a, b) => a.at - b.at || (tie(a) < tie(b) ? -1 : tie(a) > tie(b) ? 1 : 0));
  const truncated = sorted.length > max;
  const kept = truncated ? [...sorted.slice(0, Math.ceil(max / 2)), ...sorted.slice(sorted.length - Math.floor(max / 2))] : sorted;
  return { truncated, observations: kept.map(json) };
}

function conversationObservation(core: SimCore, x: ConvObs): object {
  const { org } = core;
  const c = x.conv;
  const addr = addresses(c, org.queues[c.queue]!);
  const user = x.user >= 0 ? org.users[x.user] : undefined;
  return {
    observationDate: isoMs(x.at),
    conversationId: conversationIdOf(core.options.seed, c),
    sessionId: customerSessionId(core.options.seed, c),
    routingPriority: 0,
    participantName: customerName(c),
    ...(user ? { userId: user.id } : {}),
    direction: "inbound",
    ...(addr.voice ? { ani: addr.from, dnis: addr.to } : {}),
  };
}

type QueueMediaState = { waiting: ConvObs[]; alerting: ConvObs[]; interacting: ConvObs[] };
const EMPTY_CONVERSATIONS: QueueMediaState = { waiting: [], alerting: [], interacting: [] };

/**
 * The state at `now` of the requested queues' conversations and, when needed, of their members
 * (whose activity spans every queue they belong to).
 */
class Snapshot {
  private readonly byQueueMedia = new Map<number, QueueMediaState>();
  private readonly activity = new Map<number, { status: RoutingStatus; since: number }>();
  private readonly released = new Map<number, number>();
  private readonly hourStart: number;
  private readonly onQueueShare: number;
  private readonly loggedInShare: number;

  constructor(
    private readonly core: SimCore,
    private readonly now: number,
    queues: readonly SimQueue[],
    withUsers: boolean,
  ) {
    const { org } = core;
    const requested = new Set(queues.map((q) => q.index));
    let scan = [...requested];
    if (withUsers) {
      const members = new Set(queues.flatMap((q) => q.memberUserIndexes));
      scan = org.queues.filter((q) => requested.has(q.index) || q.memberUserIndexes.some((u) => members.has(u))).map((q) => q.index);
    }
    this.hourStart = Math.floor(now / HOUR_MS) * HOUR_MS;
    // The daily curve: from ~10 % of the agents on queue at night to ~90 % at the weekday peak.
    const load = core.traffic.load(Math.floor(now / HOUR_MS));
    this.onQueueShare = 0.1 + 0.8 * load;
    this.loggedInShare = Math.min(1, this.onQueueShare + 0.12);
    if (scan.length === 0) return;

    const lo = Math.max(historyStart(core, now), now - MAX_CONVERSATION_MS);
    // In the queue by now, and not over before this hour (older ones tell nothing about now).
    const keep = (c: Conv) => c.acdEnter <= now && c.end + NOT_RESPONDING_MS > this.hourStart;
    for (let hour = Math.floor(lo / HOUR_MS); hour <= Math.floor(now / HOUR_MS); hour++) {
      for (const c of hourConversations(core, scan, hour, lo, now + 1, keep)) {
        if (requested.has(c.queue)) this.addConversation(c);
        if (withUsers) this.addActivity(c);
      }
    }
  }

  private addConversation(c: Conv): void {
    const key = c.queue * 4 + c.media;
    let s = this.byQueueMedia.get(key);
    if (!s) this.byQueueMedia.set(key, (s = { waiting: [], alerting: [], interacting: [] }));
    const now = this.now;
    if (c.acdExit > now) {
      // Still in the queue: offered to an agent (alerting) or waiting.
      if (c.nrUser >= 0 && c.nrStart <= now && now < c.nrEnd) s.alerting.push({ at: c.nrStart, conv: c, user: c.nrUser });
      else if (c.outcome === OUTCOME_ANSWERED && c.alertStart <= now) s.alerting.push({ at: c.alertStart, conv: c, user: c.user });
      else s.waiting.push({ at: c.acdEnter, conv: c, user: -1 });
    } else if (c.outcome === OUTCOME_ANSWERED && now < c.acwEnd) {
      s.interacting.push({ at: c.acdExit, conv: c, user: c.user });
    }
  }

  private addActivity(c: Conv): void {
    const now = this.now;
    if (c.nrUser >= 0 && c.nrStart <= now) {
      if (now < c.nrEnd) this.mark(c.nrUser, "INTERACTING", c.nrStart);
      else if (now < c.nrEnd + NOT_RESPONDING_MS) this.mark(c.nrUser, "NOT_RESPONDING", c.nrEnd);
      else this.release(c.nrUser, c.nrEnd + NOT_RESPONDING_MS);
    }
    if (c.outcome === OUTCOME_ANSWERED && c.user >= 0 && c.alertStart <= now) {
      if (now < c.acwEnd) this.mark(c.user, "INTERACTING", c.alertStart);
      else this.release(c.user, c.acwEnd);
    }
  }

  private mark(user: number, status: RoutingStatus, since: number): void {
    const cur = this.activity.get(user);
    if (!cur || STATUS_RANK[status] > STATUS_RANK[cur.status] || (cur.status === status && since < cur.since))
      this.activity.set(user, { status, since });
  }

  private release(user: number, at: number): void {
    this.released.set(user, Math.max(this.released.get(user) ?? -Infinity, at));
  }

  conversations(queue: number, media: number): QueueMediaState {
    return this.byQueueMedia.get(queue * 4 + media) ?? EMPTY_CONVERSATIONS;
  }

  /** A member's routing status and presence now, and since when (deterministic). */
  user(u: number): { status: RoutingStatus; presence: SystemPresence; at: number } {
    const seed = this.core.options.seed;
    const now = this.now;
    const slot = Math.floor(now / SLOT_MS);
    const slotStart = slot * SLOT_MS;
    const base = Math.max(this.hourStart, this.released.get(u) ?? -Infinity);
    const act = this.activity.get(u);
    if (act) return { status: act.status, presence: "ON_QUEUE", at: act.since };
    const rank = hash32(seed, TAG_ROSTER, u) / 4294967296;
    if (rank < this.onQueueShare) {
      const communicating = hash32(seed, TAG_SLOT, u, slot) % 100 < COMMUNICATING_PERCENT;
      return communicating
        ? { status: "COMMUNICATING", presence: "ON_QUEUE", at: Math.max(base, slotStart) }
        : { status: "IDLE", presence: "ON_QUEUE", at: base };
    }
    if (rank < this.loggedInShare) {
      const presence = OFF_QUEUE_PRESENCES[weightedIndex(mulberry32(hash32(seed, TAG_SLOT, u, slot, 1)), OFF_QUEUE_WEIGHTS)]!;
      return { status: "OFF_QUEUE", presence, at: Math.max(base, slotStart) };
    }
    return { status: "OFF_QUEUE", presence: "OFFLINE", at: base };
  }
}
