/**
 * The Notifications API subscriber against the simulator's channels and WebSocket (a real socket
 * on a loopback port): connect, full query, events applied, reconnect after socket_closing, and
 * polling with the reason when subscriptions are refused.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createGenesysClient } from "@/lib/genesys";
import { readObservedState, type LiveObserver } from "@/lib/live/live-snapshots";
import { NotificationsSubscriber, readSubscriberStatus } from "@/lib/live/notifications";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { FileSnapshotStore } from "@/lib/store";
import { testClock } from "../genesys/sim-client";

const OBSERVATIONS = "POST /api/v2/analytics/queues/observations/query";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function subscribed(simOptions: Parameters<typeof startSimulatorServer>[0] = {}) {
  const sim = await startSimulatorServer({
    port: 0,
    now: testClock(),
    notificationCheckMs: 100,
    notificationHeartbeatMs: 500,
    ...simOptions,
  });
  const dir = await mkdtemp(path.join(tmpdir(), "live-notifications-"));
  const store = new FileSnapshotStore(dir);
  const client = createGenesysClient({
    loginUrl: sim.url,
    apiUrl: sim.url,
    credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
  });
  const observer: LiveObserver = {
    store,
    client,
    source: { mode: "genesys", environment: "simulator" },
    listQueues: () => client.listRoutingQueues(),
    pollSeconds: 2,
  };
  const subscriber = new NotificationsSubscriber({
    observer,
    client,
    timing: { silenceMs: 1500, pongWaitMs: 500, firstBackoffMs: 50, maxBackoffMs: 200 },
  });
  const stop = new AbortController();
  const running = subscriber.run(stop.signal);
  cleanups.push(async () => {
    stop.abort();
    await running;
    store.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { sim, store, subscriber };
}

describe("the notifications subscriber", () => {
  it("connects, queries once, then follows events without polling", async () => {
    const { sim, store } = await subscribed();
    await until("connected", async () => (await readSubscriberStatus(store))?.state === "connected");
    const first = (await readObservedState(store))!;
    expect(first.via).toBe("notifications");
    expect(sim.sim.stats().byRoute[OBSERVATIONS]).toBe(1);
    expect(sim.sim.stats().webSockets.channelsCreated).toBe(1);

    // A surge on the busiest queue: waiting rises, and the state follows from events alone.
    const queue = first.queues[0]!;
    const waitingBefore = queue.media.reduce((n, m) => n + m.waiting, 0);
    sim.sim.faults.set({ surge: { queueId: queue.queueId, factor: 10, minutes: 30 } });
    await until(
      "an event raising the queue's waiting count",
      async () => {
        const state = await readObservedState(store);
        const now = state?.queues.find((q) => q.queueId === queue.queueId);
        return now && now.media.reduce((n, m) => n + m.waiting, 0) > waitingBefore;
      },
      30_000,
    );
    expect(sim.sim.stats().byRoute[OBSERVATIONS]).toBe(1);
  });

  it("reconnects to the same channel after socket_closing, and queries again (nothing is replayed)", async () => {
    const { sim, store, subscriber } = await subscribed();
    await until("connected", async () => (await readSubscriberStatus(store))?.state === "connected");
    sim.sim.notifications.closeSockets();
    await until("a second connection", async () => subscriber.connections >= 2);
    await until("a second query", async () => (sim.sim.stats().byRoute[OBSERVATIONS] ?? 0) >= 2);
    expect(sim.sim.stats().webSockets.channelsCreated).toBe(1);
  });

  it("falls back to polling and says why when the subscriptions are refused", async () => {
    const { store } = await subscribed({ rejectSubscriptions: true });
    const status = await until("fallback", async () => {
      const s = await readSubscriberStatus(store);
      return s?.state === "fallback" ? s : undefined;
    });
    expect(status.reason).toBeTruthy();
  });
});
