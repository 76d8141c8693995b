/**
 * The reliability suite: two real app instances (`next start`) sharing a real redis-server, in
 * front of a standalone simulator standing in for a Genesys org, with the simulator's faults.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueReportSchema, type QueueReport } from "@/lib/model/queue-report";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { startAppInstance, type AppInstance } from "../support/app-instance";
import { startRedisServer, type TestRedis } from "../support/redis-server";
import { until } from "../support/until";

const CRON_SECRET = "reliability-cron-secret-0123456789";
const cron = { authorization: `Bearer ${CRON_SECRET}` };
const VIEWS = ["today", "last-24h", "last-7d"] as const;
const MEDIA = ["voice", "chat", "email", "message"] as const;

let redis: TestRedis;
let sim: Awaited<ReturnType<typeof startSimulatorServer>>;
let a: AppInstance;
let b: AppInstance;

function appEnv(): Record<string, string> {
  return {
    GENESYS_CLIENT_ID: SIM_CLIENT_ID,
    GENESYS_CLIENT_SECRET: SIM_CLIENT_SECRET,
    GENESYS_LOGIN_URL: sim.url,
    GENESYS_API_URL: sim.url,
    GENESYS_PKCE_CLIENT_ID: "",
    DASHBOARD_ACCESS: "public",
    REDIS_URL: redis.url,
    CRON_SECRET,
    REPORT_TIME_ZONE: "UTC",
    // The suite delivers every refresh itself; a lock held by a killed instance expires in 8 s.
    REFRESH_SCHEDULE: "off",
    REFRESH_LOCK_TTL_SECONDS: "8",
    VIEWER_BUDGET_PER_MINUTE: "1000",
    VIEWER_BUDGET_PER_CLIENT_PER_MINUTE: "1000",
    // The wallboard's subscriber (the default off Vercel) would call the org in the background:
    // these tests count the refresh's calls alone (tests/reliability/live.test.ts covers it).
    LIVE_SOURCE: "poll",
  };
}

const aggregatesCalls = () =>
  Object.entries(sim.sim.stats().byRoute)
    .filter(([route]) => route.includes("aggregates"))
    .reduce((sum, [, n]) => sum + n, 0);

async function snapshot(instance: AppInstance, view: string, media?: string): Promise<QueueReport> {
  const response = await instance.get(`/api/reports/queues?view=${view}${media ? `&mediaType=${media}` : ""}`);
  expect(response.status).toBe(200);
  return queueReportSchema.parse(await response.json());
}

/** Every stored snapshot is whole: every queue of the org, every bucket of its view. */
async function expectCompleteSnapshots(instance: AppInstance, queueCount: number) {
  const buckets = { today: undefined, "last-24h": 24, "last-7d": 7 } as Record<string, number | undefined>;
  for (const view of VIEWS) {
    for (const media of [undefined, ...MEDIA]) {
      const report = await snapshot(instance, view, media);
      expect(report.queues).toHaveLength(queueCount);
      const lengths = new Set(report.queues.map((q) => q.series.length));
      expect(lengths.size).toBe(1);
      if (buckets[view]) expect([...lengths][0]).toBe(buckets[view]);
    }
  }
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

describe("two instances sharing Redis", () => {
  it("two cron deliveries at the same moment, one to each instance, cost one refresh and one token", async () => {
    sim.sim.resetStats();
    const [ra, rb] = await Promise.all([a.get("/api/cron/refresh", cron), b.get("/api/cron/refresh", cron)]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    const summaries = [await ra.json(), await rb.json()];
    expect(summaries.filter((s) => s.shared === true)).toHaveLength(1);
    expect(aggregatesCalls()).toBe(3);
    expect(sim.sim.stats().tokenRequests).toBe(1);

    // Both instances now serve the same snapshot, and on-demand reports on both reuse the token.
    expect((await snapshot(a, "last-24h")).generatedAt).toBe((await snapshot(b, "last-24h")).generatedAt);
    const interval = "/api/reports/queues?interval=2026-11-01T00:00:00Z/2026-11-02T00:00:00Z&granularity=PT1H";
    const [oa, ob] = await Promise.all([a.get(interval), b.get(interval)]);
    expect([oa.status, ob.status]).toEqual([200, 200]);
    expect(sim.sim.stats().tokenRequests).toBe(1);
  });

  it("a duplicate cron delivery changes nothing", async () => {
    const before = await (await b.get("/api/reports/queues?view=today")).text();
    const calls = sim.sim.stats().apiRequests + sim.sim.stats().tokenRequests;
    const duplicate = await b.get("/api/cron/refresh", cron);
    expect(duplicate.status).toBe(200);
    expect((await duplicate.json()).shared).toBe(true);
    expect(sim.sim.stats().apiRequests + sim.sim.stats().tokenRequests).toBe(calls);
    expect(await (await a.get("/api/reports/queues?view=today")).text()).toBe(before);
  });

  it("the simulator's faults during a refresh: it completes or fails cleanly, never storing a partial snapshot", async () => {
    const queueCount = (await snapshot(a, "today")).queues.length;

    // 429 with Retry-After on an aggregates query: waited out, completed.
    sim.sim.faults.failNext({ status: 429, retryAfterSeconds: 1, pathPrefix: "/api/v2/analytics/conversations/aggregates" });
    const limited = await a.get("/api/cron/refresh?force=1", cron);
    expect(limited.status).toBe(200);

    // Every token revoked mid-life: one new token, completed.
    const tokensBefore = sim.sim.stats().tokenRequests;
    sim.sim.expireAllTokens();
    const expired = await b.get("/api/cron/refresh?force=1", cron);
    expect(expired.status).toBe(200);
    expect(sim.sim.stats().tokenRequests).toBe(tokensBefore + 1);

    // Latency: slower, completed.
    sim.sim.faults.set({ latencyMs: 150 });
    expect((await a.get("/api/cron/refresh?force=1", cron)).status).toBe(200);
    sim.sim.faults.set({ latencyMs: 0 });

    // Genesys down: 503 with the reason, and every snapshot still the last good one.
    const good = await snapshot(a, "last-7d");
    sim.sim.faults.set({ errorRate: 1 });
    const down = await b.get("/api/cron/refresh?force=1", cron);
    expect(down.status).toBe(503);
    expect((await down.json()).error.message).toMatch(/503|service.unavailable/);
    expect((await snapshot(a, "last-7d")).generatedAt).toBe(good.generatedAt);

    // Flaky: whatever the outcome, every stored snapshot is whole.
    sim.sim.faults.set({ errorRate: 0.3 });
    for (let i = 0; i < 3; i++) expect([200, 503]).toContain((await a.get("/api/cron/refresh?force=1", cron)).status);
    sim.sim.faults.clear();
    await expectCompleteSnapshots(b, queueCount);
  });

  it("a refresh that dies half-way leaves the last good snapshot in place, and the lock expires", async () => {
    const good = await snapshot(b, "last-24h");
    sim.sim.faults.set({ latencyMs: 2500 });
    const dying = a.get("/api/cron/refresh?force=1", cron).catch(() => null);
    await new Promise((r) => setTimeout(r, 1000)); // the refresh holds the lock and waits on Genesys
    await a.kill();
    await dying;
    sim.sim.faults.set({ latencyMs: 0 });

    expect((await snapshot(b, "last-24h")).generatedAt).toBe(good.generatedAt);
    // The dead instance's lock expires (REFRESH_LOCK_TTL_SECONDS); then the other instance refreshes.
    const summary = await until("a refresh after the lock expired", async () => {
      const response = await b.get("/api/cron/refresh?force=1", cron);
      return response.status === 200 ? await response.json() : undefined;
    });
    expect(summary.ok).toBe(true);
    expect((await snapshot(b, "last-24h")).generatedAt).not.toBe(good.generatedAt);
    a = await startAppInstance(appEnv());
  });

  it("Redis killed and restarted: clear errors during the outage, full recovery after, no restart", async () => {
    const good = await snapshot(a, "today");
    await redis.kill();
    try {
      const outage = await until("a 503 from the snapshot route", async () => {
        const response = await a.get("/api/reports/queues?view=today");
        return response.status === 503 ? await response.json() : undefined;
      });
      expect(outage.error).toMatchObject({ code: "store_unavailable" });
      expect(outage.error.message).toMatch(/Redis is unreachable/);

      const health = await b.get("/api/health");
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: "error", store: "redis", reason: expect.stringMatching(/Redis is unreachable/) });

      const page = await b.get("/");
      expect(await page.text()).toContain("storage is unreachable");
      expect((await a.get("/api/cron/refresh?force=1", cron)).status).toBe(503);
    } finally {
      await redis.restart();
    }
    const back = await until("the snapshot route to recover", async () => {
      const response = await a.get("/api/reports/queues?view=today");
      return response.status === 200 ? queueReportSchema.parse(await response.json()) : undefined;
    });
    expect(back.generatedAt).toBe(good.generatedAt);
    // The other instance's Redis client reconnects on its own schedule (ioredis's backoff): it
    // recovers by itself too, without a restart, though not necessarily at the same instant.
    await until("the other instance's health to recover", async () => ((await b.get("/api/health")).status === 200 ? true : undefined));
    expect((await b.get("/api/cron/refresh?force=1", cron)).status).toBe(200);
  });
});
