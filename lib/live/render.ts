/**
 * A viewer's `LiveSnapshot` from the deployment's observed state: only the queues they asked for
 * (and may see), one media type or all, the longest wait as an age at `observedAt`, and today's
 * figures beside each queue from the latest `today` snapshot.
 */
import type { MediaType } from "@/lib/genesys/schemas";
import type { LiveAgents, LiveQueue, LiveSnapshot } from "@/lib/model/live-snapshot";
import type { QueueMetrics, QueueReport } from "@/lib/model/queue-report";
import { emptyAgents, waitedSeconds } from "./observations";
import type { ObservedState } from "./observed-state";

export type LiveFilter = {
  /** Only these queues (`?queueId=`); all when absent. */
  queueIds?: readonly string[];
  mediaType?: MediaType;
  /** Signed-in mode: the queues this person's own token lists; null: every queue. */
  visible: ReadonlySet<string> | null;
};

/** Past this many poll periods without a new observation, a snapshot is overdue: stale. */
export const OVERDUE_PERIODS = 3;

function addAgents(into: LiveAgents, from: LiveAgents): void {
  for (const key of Object.keys(into) as (keyof LiveAgents)[]) into[key] += from[key];
}

function queueView(
  queue: ObservedState["queues"][number],
  observedAtMs: number,
  mediaType: MediaType | undefined,
  today: QueueMetrics | null,
): LiveQueue {
  const media = mediaType ? queue.media.filter((m) => m.mediaType === mediaType) : queue.media;
  const waiting = media.reduce((n, m) => n + m.waiting, 0);
  const since = media.map((m) => m.longestWaitingSince).filter((v): v is number => v !== null && waiting > 0);
  return {
    queueId: queue.queueId,
    name: queue.name,
    waiting,
    interacting: media.reduce((n, m) => n + m.interacting, 0),
    alerting: media.reduce((n, m) => n + m.alerting, 0),
    longestWaitingSeconds: since.length ? waitedSeconds(Math.min(...since), observedAtMs) : null,
    agents: { ...queue.agents },
    byMedia: media.map(({ mediaType: m, waiting: w, interacting: i, alerting: a }) => ({
      mediaType: m,
      waiting: w,
      interacting: i,
      alerting: a,
    })),
    today,
  };
}

export function renderLiveSnapshot(
  state: ObservedState,
  filter: LiveFilter,
  today: QueueReport | null,
  now: number,
  pollSeconds: number,
): LiveSnapshot {
  const observedAtMs = Date.parse(state.observedAt);
  const asked = filter.queueIds ? new Set(filter.queueIds) : null;
  const todayByQueue = new Map(today?.queues.map((q) => [q.queueId, q.totals]) ?? []);
  const queues = state.queues
    .filter((q) => (!asked || asked.has(q.queueId)) && (!filter.visible || filter.visible.has(q.queueId)))
    .map((q) => queueView(q, observedAtMs, filter.mediaType, todayByQueue.get(q.queueId) ?? null));

  const agents = emptyAgents();
  for (const q of queues) addAgents(agents, q.agents);
  const longest = queues.map((q) => q.longestWaitingSeconds).filter((v): v is number => v !== null);
  const overdue = now - observedAtMs > OVERDUE_PERIODS * pollSeconds * 1000;
  const error = state.error ?? (overdue ? `no new observation since ${state.observedAt}` : undefined);
  return {
    observedAt: state.observedAt,
    source: { ...state.source, grant: "client_credentials", via: state.via },
    stale: error !== undefined,
    ...(error ? { error } : {}),
    totals: {
      waiting: queues.reduce((n, q) => n + q.waiting, 0),
      interacting: queues.reduce((n, q) => n + q.interacting, 0),
      alerting: queues.reduce((n, q) => n + q.alerting, 0),
      longestWaitingSeconds: longest.length ? Math.max(...longest) : null,
      agents,
      // `today` comes restricted to the same queues (lib/live/live-snapshots.ts): totals from sums.
      today: today ? today.totals : null,
    },
    queues,
  };
}
