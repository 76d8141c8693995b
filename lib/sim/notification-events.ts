/**
 * The `v2.analytics.queues.{id}.observations` events a channel's WebSocket receives: for each
 * subscribed queue, one group of user metrics and one group per media (observations.ts
 * `observationEventGroups`, the very computation of the observations query at the same `now`), sent
 * only when a group's values differ from the last ones sent on that channel. On connect and on
 * subscribe the current values become the baseline and nothing is sent (clients run the query after
 * connecting; there is no replay of what happened while disconnected).
 *
 * Frame (Genesys developer blog 2021-12-02 "Notification API" / NotificationsApi; the event body's
 * shape is the topic's QueueObservationNotification model):
 *   {"topicName":"v2.analytics.queues.<qid>.observations","version":"2",
 *    "eventBody":{"group":{"queueId","mediaType"?},"data":[{"interval":"<start>/<end>","metrics":[…]}]},
 *    "metadata":{"CorrelationId":"<uuid>"}}
 * Unconfirmed (lib/sim/README.md): whether an event lists every metric of its group (here it does,
 * user counts of zero included); the `interval` (here the second of the observation).
 */
import { randomUUID } from "node:crypto";
import type { SimCore } from "./core";
import type { Channel } from "./notifications";
import { observationEventGroups, type ObservationGroup } from "./observations";
import { isoMs } from "./time";

export type EventFrame = {
  topicName: string;
  version: "2";
  eventBody: { group: ObservationGroup["group"]; data: { interval: string; metrics: ObservationGroup["data"] }[] };
  metadata: { CorrelationId: string };
};

export const observationsTopicOf = (queueId: string) => `v2.analytics.queues.${queueId}.observations`;
const groupKey = (g: ObservationGroup["group"]) => `${g.queueId}|${g.mediaType ?? ""}`;

/** The last values sent per group, per channel id. */
export class SentValues {
  private readonly byChannel = new Map<string, Map<string, string>>();

  forget(channelId: string): void {
    this.byChannel.delete(channelId);
  }

  /** The channel's groups now become its baseline (connect, subscribe): nothing is sent for them. */
  baseline(core: SimCore, channel: Channel, now: number): void {
    const sent = new Map<string, string>();
    for (const g of groupsOf(core, channel, now)) sent.set(groupKey(g.group), JSON.stringify(g.data));
    this.byChannel.set(channel.id, sent);
  }

  /** The events of the groups whose values changed since the last sent (recorded as sent). */
  changed(core: SimCore, channel: Channel, now: number): EventFrame[] {
    const sent = this.byChannel.get(channel.id) ?? new Map<string, string>();
    this.byChannel.set(channel.id, sent);
    const second = Math.floor(now / 1000) * 1000;
    const interval = `${isoMs(second)}/${isoMs(second + 1000)}`;
    const frames: EventFrame[] = [];
    for (const g of groupsOf(core, channel, now)) {
      const key = groupKey(g.group);
      const json = JSON.stringify(g.data);
      if (sent.get(key) === json) continue;
      sent.set(key, json);
      frames.push({
        topicName: observationsTopicOf(g.group.queueId),
        version: "2",
        eventBody: { group: g.group, data: [{ interval, metrics: g.data }] },
        metadata: { CorrelationId: randomUUID() },
      });
    }
    return frames;
  }
}

/** The observation groups of the channel's subscribed queues at `now`, in queue order. */
function groupsOf(core: SimCore, channel: Channel, now: number): ObservationGroup[] {
  if (channel.topics.size === 0) return [];
  const indexes = [...new Set(channel.topics.values())].sort((a, b) => a - b);
  return observationEventGroups(
    core,
    now,
    indexes.map((i) => core.org.queues[i]!),
  );
}
