/**
 * The live wallboard across a deployment: two real app instances (`next start`) sharing a real
 * redis-server, in front of a standalone simulator standing in for a Genesys org.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveSnapshotSchema, type LiveSnapshot } from "@/lib/model/live-snapshot";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { startAppInstance, type AppInstance } from "../support/app-instance";
import { startRedisServer, type TestRedis } from "../support/redis-server";
import { until } from "../support/until";
import { openSse } from "../support/sse";

const POLL_SECONDS = 2;
const OBSERVATIONS = "POST /api/v2/analytics/queues/observations/query";

let redis: TestRedis;
let sim: Awaited<ReturnType<typeof startSimulatorServer>>;
let a: AppInstance;
let b: AppInstance;

function appEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    GENESYS_CLIENT_ID: SIM_CLIENT_ID,
    GENESYS_CLIENT_SECRET: SIM_CLIENT_SECRET,
    GENESYS_LOGIN_URL: sim.url,
    GENESYS_API_URL: sim.url,
    GENESYS_PKCE_CLIENT_ID: "",
    DASHBOARD_ACCESS: "public",
    REDIS_URL: redis.url,
    REFRESH_SCHEDULE: "off",
    LIVE_POLL_SECONDS: String(POLL_SECONDS),
    LIVE_SOURCE: "poll",
    ...extra,
  };
}

type Viewer = { snapshots: LiveSnapshot[]; close(): void };

/** An SSE viewer that keeps every snapshot it is sent. */
async function watch(instance: AppInstance, query = ""): Promise<Viewer> {
  const snapshots: LiveSnapshot[] = [];
  const viewer = await openSse(`${instance.url}/api/live/stream${query}`, (event, data) => {
    if (event === "snapshot") snapshots.push(liveSnapshotSchema.parse(JSON.parse(data)));
  });
  return { snapshots, close: viewer.close };
}

beforeAll(async () => {
  redis = await startRedisServer();
  sim = await startSimulatorServer({ port: 0, rateLimitPerMinute: 0 });
  [a, b] = await Promise.all([startAppInstance(appEnv()), startAppInstance(appEnv())]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await sim?.close();
  await redis?.stop();
});

describe("the live wallboard on two instances", () => {
  it("50 viewers on two instances cost one observations query per period, and all see the same snapshots", async () => {
    const viewers = await Promise.all(Array.from({ length: 50 }, (_, i) => watch(i % 2 ? a : b)));
    try {
      await until("the first snapshot everywhere", () => (viewers.every((v) => v.snapshots.length > 0) ? true : undefined));
      sim.sim.resetStats();
      const started = Date.now();
      await new Promise((r) => setTimeout(r, 5 * POLL_SECONDS * 1000));
      const periods = (Date.now() - started) / (POLL_SECONDS * 1000);
      const queries = sim.sim.stats().byRoute[OBSERVATIONS] ?? 0;
      expect(queries).toBeGreaterThanOrEqual(Math.floor(periods) - 1);
      expect(queries).toBeLessThanOrEqual(Math.ceil(periods) + 1);
      // Every viewer, on either instance, was sent the new observations.
      const seen = viewers.map((v) => new Set(v.snapshots.map((s) => s.observedAt)));
      const latestEverywhere = [...seen[0]!].filter((at) => seen.every((s) => s.has(at)));
      expect(latestEverywhere.length).toBeGreaterThanOrEqual(3);
      expect(viewers.every((v) => v.snapshots.every((s) => s.source.via === "poll" && s.queues.length > 0))).toBe(true);
    } finally {
      for (const v of viewers) v.close();
    }
  });

  it("goes stale with the reason while Genesys fails, keeping the last numbers, and recovers by itself", async () => {
    const viewer = await watch(a);
    try {
      await until("a fresh snapshot", () => viewer.snapshots.find((s) => !s.stale));
      sim.sim.faults.set({ errorRate: 1 });
      const stale = await until("a stale snapshot", () => viewer.snapshots.find((s) => s.stale));
      expect(stale.error).toMatch(/Genesys Cloud could not be reached/);
      expect(stale.error).not.toContain(sim.url);
      expect(stale.queues.length).toBeGreaterThan(0); // the last good state, marked
      const failedAt = viewer.snapshots.length;
      sim.sim.faults.set({ errorRate: 0 });
      const fresh = await until("recovery", () => viewer.snapshots.slice(failedAt).find((s) => !s.stale));
      expect(Date.parse(fresh.observedAt)).toBeGreaterThan(Date.parse(stale.observedAt));
    } finally {
      sim.sim.faults.set({ errorRate: 0 });
      viewer.close();
    }
  });
});

describe("the live wallboard on notifications", () => {
  let redis2: TestRedis;
  let c: AppInstance;
  let d: AppInstance;
  beforeAll(async () => {
    redis2 = await startRedisServer();
    const env = { ...appEnv({ LIVE_SOURCE: "notifications" }), REDIS_URL: redis2.url };
    sim.sim.resetStats();
    [c, d] = await Promise.all([startAppInstance(env), startAppInstance(env)]);
  });
  afterAll(async () => {
    await Promise.all([c?.stop(), d?.stop()]);
    await redis2?.stop();
  });

  it("two instances hold one channel between them, viewers on both get its events, and a closed socket reconnects", async () => {
    const ws = () => sim.sim.stats().webSockets;
    await until("one channel connected", () => (ws().open === 1 ? true : undefined));
    const viewers = await Promise.all([watch(c), watch(d)]);
    try {
      await until("notification snapshots on both instances", () =>
        viewers.every((v) => v.snapshots.some((s) => s.source.via === "notifications")) ? true : undefined,
      );
      await new Promise((r) => setTimeout(r, 3000));
      expect(ws()).toMatchObject({ channelsCreated: 1, connections: 1, open: 1 });

      const queriesBefore = sim.sim.stats().byRoute[OBSERVATIONS] ?? 0;
      sim.sim.notifications.closeSockets();
      await until("the reconnection", () => (ws().connections === 2 && ws().open === 1 ? true : undefined));
      // Nothing is replayed: the subscriber queried the whole state again, on the same channel.
      await until("a fresh query", () => ((sim.sim.stats().byRoute[OBSERVATIONS] ?? 0) > queriesBefore ? true : undefined));
      expect(ws().channelsCreated).toBe(1);
    } finally {
      for (const v of viewers) v.close();
    }
  });
});
