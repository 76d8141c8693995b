import "server-only";
/** This deployment's live observer and a viewer's snapshot from it (the routes and the page call these). */
import { getConfig } from "@/lib/config/env";
import type { LiveSnapshot } from "@/lib/model/live-snapshot";
import { queueDirectory } from "@/lib/reports/queue-directory";
import { readSnapshotFor } from "@/lib/reports/stored-snapshots";
import { reportingConnection } from "@/lib/server/app-connection";
import { processSingleton } from "@/lib/server/singleton";
import { getSnapshotStore } from "@/lib/server/store";
import { readObservedState, refreshIfDue, type LiveObserver } from "./live-snapshots";
import type { ObservedState } from "./observed-state";
import { OVERDUE_PERIODS, renderLiveSnapshot, type LiveFilter } from "./render";
import { LiveHub } from "./stream";
import { NotificationsSubscriber, readSubscriberStatus, type SubscriberStatus } from "./notifications";

export function liveObserver(): LiveObserver {
  const connection = reportingConnection();
  const store = getSnapshotStore();
  return {
    store,
    client: connection.client,
    source: { mode: connection.source.mode, environment: connection.source.environment },
    listQueues: () => queueDirectory(store, connection.client),
    pollSeconds: getConfig().live.pollSeconds,
  };
}

/** Nobody has observed the queues yet and the first attempt is still to come. */
export class LiveNotObservedError extends Error {
  override name = "LiveNotObservedError";
  constructor() {
    super("The queues have not been observed yet: try again in a few seconds.");
  }
}

/** By name: Next.js may bundle this module more than once, so instanceof can miss. */
export function isLiveNotObserved(error: unknown): error is LiveNotObservedError {
  return error instanceof Error && error.name === "LiveNotObservedError";
}

/** The queues both asked for and visible; null when neither narrows. */
function restriction(filter: LiveFilter): ReadonlySet<string> | null {
  if (!filter.queueIds) return filter.visible;
  return new Set(filter.visible ? filter.queueIds.filter((id) => filter.visible!.has(id)) : filter.queueIds);
}

/** A viewer's snapshot from a given state: today's figures restricted to the same queues. */
export async function liveSnapshotOf(state: ObservedState, filter: LiveFilter, now = Date.now()): Promise<LiveSnapshot> {
  const today = await readSnapshotFor("today", filter.mediaType, restriction(filter)).catch(() => null);
  return renderLiveSnapshot(state, filter, today, now, getConfig().live.pollSeconds);
}

/** `GET /api/live/queues`: the stored state, observed again first if it is due. */
export async function currentLiveSnapshot(filter: LiveFilter): Promise<LiveSnapshot> {
  const state = await refreshIfDue(liveObserver());
  if (!state) throw new LiveNotObservedError();
  return liveSnapshotOf(state, filter);
}

/** The process's stream hub (lib/live/stream.ts). */
export function liveHub(): LiveHub {
  return processSingleton("live-hub", () => {
    const config = getConfig();
    return new LiveHub({
      store: getSnapshotStore(),
      observer: liveObserver,
      render: (state, filter) => liveSnapshotOf(state, filter),
      pollSeconds: config.live.pollSeconds,
      // A Vercel function ends at its maxDuration (app/api/live/stream/route.ts): close first, the browser reconnects.
      ...(process.env.VERCEL ? { maxStreamMs: 270_000 } : {}),
      logger: console,
    });
  });
}

/**
 * Starts this process's notifications subscriber (LIVE_SOURCE=notifications, or auto off Vercel);
 * of all instances, the one holding the store's lock subscribes, the others stand by.
 */
export function startLiveSubscriber(): void {
  if (getConfig().live.source !== "notifications") return;
  processSingleton("live-subscriber", () => {
    const stop = new AbortController();
    const subscriber = new NotificationsSubscriber({ observer: liveObserver(), client: reportingConnection().client, logger: console });
    void subscriber.run(stop.signal);
    return { subscriber, stop };
  });
}

/** For /api/health: how the deployment observes queues now, and why not by notifications when it falls back. */
export async function liveHealth(): Promise<{
  source: "poll" | "notifications";
  observedAt: string | null;
  stale: boolean;
  subscriber?: SubscriberStatus;
}> {
  const config = getConfig();
  const store = getSnapshotStore();
  const [state, subscriber] = await Promise.all([readObservedState(store), readSubscriberStatus(store)]);
  const overdueMs = OVERDUE_PERIODS * config.live.pollSeconds * 1000;
  return {
    source: config.live.source,
    observedAt: state?.observedAt ?? null,
    stale: !state || Boolean(state.error) || Date.now() - Date.parse(state.observedAt) > overdueMs,
    ...(config.live.source === "notifications" && subscriber ? { subscriber } : {}),
  };
}
