/**
 * Queue state now, from `POST /api/v2/analytics/queues/observations/query` (AnalyticsApi
 * `postAnalyticsQueuesObservationsQuery`, platform-client-sdk-javascript build/docs/AnalyticsApi.md;
 * the answer's shape: MyPureCloud/developercenter-tutorials real-time-queue-observation-query):
 * - conversation metrics come one group per queue AND media type, zero counts included;
 * - user metrics come one group per queue, with a routing-status `qualifier`, zero counts left out;
 * - `oLongestWaiting` carries the epoch milliseconds the longest waiter started waiting in
 *   `stats.calculatedMetricValue`: an age only at a moment, so it is turned into seconds at
 *   `observedAt` here and ticks on in the browser.
 */
import type { QueueObservationMetric, QueueObservationQuery, QueueObservationQueryResponse } from "@/lib/genesys/schemas";
import type { LiveAgents, LiveMedia } from "@/lib/model/live-snapshot";

/** At most 200 predicates a query (splunk/genesys_cloud_ta queue_observations_helper.py batches by 200). */
export const MAX_QUEUES_PER_QUERY = 200;

export const LIVE_METRICS: QueueObservationMetric[] = [
  "oWaiting",
  "oInteracting",
  "oAlerting",
  "oLongestWaiting",
  "oMemberUsers",
  "oOnQueueUsers",
  "oOffQueueUsers",
  "oUserRoutingStatuses",
];

/** One query per 200 queues, each an `or` of queueId predicates. */
export function observationQueries(queueIds: readonly string[]): QueueObservationQuery[] {
  const queries: QueueObservationQuery[] = [];
  for (let i = 0; i < queueIds.length; i += MAX_QUEUES_PER_QUERY) {
    const batch = queueIds.slice(i, i + MAX_QUEUES_PER_QUERY);
    queries.push({
      filter: { type: "or", predicates: batch.map((value) => ({ dimension: "queueId", value })) },
      metrics: [...LIVE_METRICS],
    });
  }
  return queries;
}

/**
 * A queue's state as observed: per media type, with when the longest waiter of each started
 * waiting, so a view filtered by media type can still say how long its longest waiter has waited.
 */
export type ObservedMedia = LiveMedia & { longestWaitingSince: number | null };
export type ObservedQueue = { queueId: string; agents: LiveAgents; media: ObservedMedia[] };

export const emptyAgents = (): LiveAgents => ({
  members: 0,
  onQueue: 0,
  offQueue: 0,
  idle: 0,
  interacting: 0,
  communicating: 0,
  notResponding: 0,
});

const ROUTING_STATUS_FIELD: Record<string, keyof LiveAgents> = {
  IDLE: "idle",
  INTERACTING: "interacting",
  COMMUNICATING: "communicating",
  NOT_RESPONDING: "notResponding",
};

type MetricDatum = { metric: string; qualifier?: string; stats?: { count?: number; calculatedMetricValue?: number } };

/** The epoch ms the longest waiter started waiting, if the datum says so. */
function longestWaitingSince(datum: MetricDatum): number | null {
  const value = datum.stats?.calculatedMetricValue;
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : null;
}

/** Folds a user metric (groups per queue, no media type) into the queue's agents. */
export function addUserMetric(agents: LiveAgents, datum: MetricDatum): void {
  const count = datum.stats?.count ?? 0;
  switch (datum.metric) {
    case "oMemberUsers":
      agents.members += count;
      break;
    case "oOnQueueUsers":
      agents.onQueue += count;
      break;
    case "oOffQueueUsers":
      agents.offQueue += count;
      break;
    case "oUserRoutingStatuses": {
      const field = ROUTING_STATUS_FIELD[datum.qualifier ?? ""];
      if (field) agents[field] += count;
      break;
    }
  }
}

/** One media group's conversation metrics (groups per queue and media type, zero counts included). */
export function observedMedia(mediaType: string, data: readonly MetricDatum[]): ObservedMedia {
  const media: ObservedMedia = { mediaType, waiting: 0, interacting: 0, alerting: 0, longestWaitingSince: null };
  for (const datum of data) {
    const count = datum.stats?.count ?? 0;
    if (datum.metric === "oWaiting") media.waiting += count;
    else if (datum.metric === "oInteracting") media.interacting += count;
    else if (datum.metric === "oAlerting") media.alerting += count;
    else if (datum.metric === "oLongestWaiting") media.longestWaitingSince = longestWaitingSince(datum);
  }
  return media;
}

/**
 * Each asked-for queue's state, in the order asked. A queue Genesys did not answer for (deleted,
 * or outside the client's divisions) is left out.
 */
export function parseObservations(responses: readonly QueueObservationQueryResponse[], queueIds: readonly string[]): ObservedQueue[] {
  const byQueue = new Map<string, ObservedQueue>();
  for (const result of responses.flatMap((r) => r.results ?? [])) {
    const queueId = result.group?.queueId;
    if (!queueId) continue;
    let queue = byQueue.get(queueId);
    if (!queue) byQueue.set(queueId, (queue = { queueId, agents: emptyAgents(), media: [] }));
    const mediaType = result.group?.mediaType;
    if (mediaType) queue.media.push(observedMedia(mediaType, result.data ?? []));
    else for (const datum of result.data ?? []) addUserMetric(queue.agents, datum);
  }
  return queueIds.flatMap((queueId) => byQueue.get(queueId) ?? []);
}

/** Seconds the longest waiter has waited at `atMs`; null when nobody waits. */
export function waitedSeconds(since: number | null, atMs: number): number | null {
  return since === null ? null : Math.max(0, Math.round((atMs - since) / 1000));
}
