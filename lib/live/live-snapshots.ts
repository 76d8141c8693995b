import "server-only";
/**
 * The live wallboard's one observer per deployment. Whoever asks for live state (a viewer, the
 * stream's ticker, an alert) reads the stored observation; when it is older than
 * LIVE_POLL_SECONDS, the first caller to take the store's lock observes Genesys again
 * (`POST /api/v2/analytics/queues/observations/query`, at most 200 queues a query) and publishes
 * the new state; every other caller, on any instance, reads what it stored. So Genesys sees one
 * query per period whatever the number of viewers. On Vercel this is the whole mechanism: a
 * request that finds the state due triggers the one refresh.
 */
import type { GenesysClient } from "@/lib/genesys";
import type { Queue } from "@/lib/genesys/schemas";
import { genesysUnavailableText } from "@/lib/server/genesys-unavailable";
import { processSingleton } from "@/lib/server/singleton";
import type { SnapshotStore } from "@/lib/store";
import { observationQueries, parseObservations } from "./observations";
import { observedStateSchema, type ObservedState } from "./observed-state";

const STATE_KEY = "live.state";
/** Published with the attempt's time after every save: "read the state again". */
export const LIVE_CHANNEL = "live";
const POLL_LOCK = "live-poll";
/** Kept a day: a wallboard that comes back after a night shows the last state, marked stale. */
const STATE_TTL_MS = 24 * 60 * 60 * 1000;
/** A first observation takes a request or a few; past this a viewer is told to come back. */
const FIRST_OBSERVATION_WAIT_MS = 15_000;

export type LiveObserver = {
  store: SnapshotStore;
  client: Pick<GenesysClient, "queryQueueObservations">;
  source: ObservedState["source"];
  /** The queues to observe (the client-credentials client's, from the shared cache). */
  listQueues: () => Promise<Pick<Queue, "id" | "name">[]>;
  pollSeconds: number;
  now?: () => number;
};

export async function readObservedState(store: SnapshotStore): Promise<ObservedState | null> {
  return store.readCache(STATE_KEY, observedStateSchema);
}

export async function saveObservedState(store: SnapshotStore, state: ObservedState): Promise<void> {
  await store.writeCache(STATE_KEY, observedStateSchema.parse(state), STATE_TTL_MS);
  await store.publish(LIVE_CHANNEL, state.attemptAt);
}

/** Every visible queue's state now, by polling. */
export async function observeQueues(observer: LiveObserver, via: ObservedState["via"] = "poll"): Promise<ObservedState> {
  const queues = await observer.listQueues();
  const ids = queues.map((q) => q.id);
  const started = new Date(observer.now?.() ?? Date.now()).toISOString();
  const responses = [];
  // One after another: a deployment with 2,000 queues spends 10 requests, never 10 at once.
  for (const query of observationQueries(ids)) responses.push(await observer.client.queryQueueObservations(query));
  const names = new Map(queues.map((q) => [q.id, q.name]));
  return {
    observedAt: started,
    attemptAt: started,
    via,
    source: observer.source,
    queues: parseObservations(responses, ids).map((q) => ({ ...q, name: names.get(q.queueId) ?? q.queueId })),
  };
}

function isDue(state: ObservedState | null, observer: LiveObserver): boolean {
  const now = observer.now?.() ?? Date.now();
  return !state || now - Date.parse(state.attemptAt) >= observer.pollSeconds * 1000;
}

/**
 * The stored state, observed again first when it is due and this caller wins the lock. A failed
 * observation keeps the last state, marked with the error, and is not retried before the next
 * period. Null only before the first observation ever succeeded or failed.
 */
export async function refreshIfDue(observer: LiveObserver): Promise<ObservedState | null> {
  const stored = await readObservedState(observer.store);
  if (!isDue(stored, observer)) return stored;
  // Callers in this process share one attempt; the store's lock covers the other instances.
  const flights = processSingleton("live-flights", () => new WeakMap<SnapshotStore, Promise<ObservedState | null>>());
  let flight = flights.get(observer.store);
  if (!flight) {
    flight = attemptUnderLock(observer, stored).finally(() => flights.delete(observer.store));
    flights.set(observer.store, flight);
  }
  return flight;
}

/** Waits, briefly, for another instance's first observation of a cold deployment. */
async function awaitOtherInstance(observer: LiveObserver): Promise<ObservedState | null> {
  for (let waited = 0; waited < FIRST_OBSERVATION_WAIT_MS; waited += 200) {
    const state = await readObservedState(observer.store);
    if (state) return state;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return null;
}

async function attemptUnderLock(observer: LiveObserver, stored: ObservedState | null): Promise<ObservedState | null> {
  const ttlMs = Math.max(30_000, 3 * observer.pollSeconds * 1000);
  const result = await observer.store.withLock(POLL_LOCK, ttlMs, async () => {
    // Another instance may have observed while this one waited for the lock.
    const current = await readObservedState(observer.store);
    if (!isDue(current, observer)) return current;
    let next: ObservedState;
    try {
      next = await observeQueues(observer);
    } catch (error) {
      const at = new Date(observer.now?.() ?? Date.now()).toISOString();
      // What a viewer may read: no host, no error text (the log keeps the details).
      const reason = genesysUnavailableText(error, "live");
      next = current
        ? { ...current, attemptAt: at, error: reason }
        : { observedAt: at, attemptAt: at, via: "poll", source: observer.source, error: reason, queues: [] };
    }
    await saveObservedState(observer.store, next);
    return next;
  });
  if (result.acquired) return result.value;
  // Another instance is observing: its last state meanwhile, or, on a cold start, its first one.
  return stored ?? awaitOtherInstance(observer);
}
