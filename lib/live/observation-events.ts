/**
 * `v2.analytics.queues.{id}.observations` events (Notifications API topic; the body's shape:
 * `{group:{queueId, mediaType?}, data:[{interval, metrics:[{metric, qualifier?, stats:{count}}]}]}`,
 * platform-client-sdk-javascript build/docs/NotificationsApi.md and the topic's schema
 * QueueObservationNotification in the SDKs' models). An event carries the current value of each
 * metric it lists for one group: a media group's conversation counts, or a queue's user metrics.
 * Whether an event lists every metric is not documented, so only the metrics it lists change.
 */
import { z } from "zod";
import { addUserMetric, emptyAgents } from "./observations";
import type { ObservedState } from "./observed-state";

export const OBSERVATIONS_TOPIC = /^v2\.analytics\.queues\.([^.]+)\.observations$/;
export const observationsTopic = (queueId: string) => `v2.analytics.queues.${queueId}.observations`;

const metricDatum = z.looseObject({
  metric: z.string(),
  qualifier: z.string().optional(),
  stats: z.looseObject({ count: z.number().optional(), calculatedMetricValue: z.number().optional() }).optional(),
});
export const observationEventBody = z.looseObject({
  group: z.looseObject({ queueId: z.string().optional(), mediaType: z.string().optional() }).optional(),
  data: z.array(z.looseObject({ interval: z.string().optional(), metrics: z.array(metricDatum).optional() })).optional(),
});
export type ObservationEventBody = z.infer<typeof observationEventBody>;

const CONVERSATION_FIELDS: Record<string, "waiting" | "interacting" | "alerting"> = {
  oWaiting: "waiting",
  oInteracting: "interacting",
  oAlerting: "alerting",
};
const USER_METRICS = new Set(["oMemberUsers", "oOnQueueUsers", "oOffQueueUsers", "oUserRoutingStatuses"]);

/** The state with one event applied, or null when the event is for a queue not observed. */
export function applyObservationEvent(state: ObservedState, body: ObservationEventBody): ObservedState | null {
  const queueId = body.group?.queueId;
  const index = state.queues.findIndex((q) => q.queueId === queueId);
  if (index < 0) return null;
  const metrics = (body.data ?? []).flatMap((d) => d.metrics ?? []);
  const queue = structuredClone(state.queues[index]!);
  const mediaType = body.group?.mediaType;
  if (mediaType) {
    let media = queue.media.find((m) => m.mediaType === mediaType);
    if (!media) queue.media.push((media = { mediaType, waiting: 0, interacting: 0, alerting: 0, longestWaitingSince: null }));
    for (const datum of metrics) {
      const field = CONVERSATION_FIELDS[datum.metric];
      if (field) media[field] = datum.stats?.count ?? 0;
      else if (datum.metric === "oLongestWaiting") media.longestWaitingSince = datum.stats?.calculatedMetricValue ?? null;
    }
    // oLongestWaiting is left out when nobody waits (as in the query's answer): no waiter, no wait.
    if (media.waiting === 0) media.longestWaitingSince = null;
  } else {
    // User metrics listed in the event replace what was known of them; the others stay.
    const listed = new Set(metrics.map((d) => d.metric).filter((m) => USER_METRICS.has(m)));
    const fresh = emptyAgents();
    for (const datum of metrics) addUserMetric(fresh, datum);
    const keep = (metric: string, fields: (keyof typeof fresh)[]) => {
      if (listed.has(metric)) for (const f of fields) queue.agents[f] = fresh[f];
    };
    keep("oMemberUsers", ["members"]);
    keep("oOnQueueUsers", ["onQueue"]);
    keep("oOffQueueUsers", ["offQueue"]);
    keep("oUserRoutingStatuses", ["idle", "interacting", "communicating", "notResponding"]);
  }
  const queues = [...state.queues];
  queues[index] = queue;
  return { ...state, queues };
}
