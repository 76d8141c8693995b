import { afterEach, describe, expect, it } from "vitest";
import { freshApp, get } from "./helpers";

const SECRET = "a-cron-secret-of-decent-length";
let app: Awaited<ReturnType<typeof freshApp>> | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

async function cronRoute() {
  return (await import("@/app/api/cron/refresh/route")).GET;
}

describe("GET /api/cron/refresh", () => {
  it.each([
    ["no Authorization header", {}],
    ["a wrong secret", { authorization: "Bearer not-the-secret-at-all" }],
    ["the secret without the Bearer scheme", { authorization: SECRET }],
    ["an empty bearer", { authorization: "Bearer " }],
  ])("answers 401 for %s, and never reaches Genesys", async (_, headers) => {
    app = await freshApp({ CRON_SECRET: SECRET });
    const GET = await cronRoute();
    const response = await GET(get("/api/cron/refresh", headers));
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("unauthorized");
    expect(app.simulator.stats().apiRequests + app.simulator.stats().tokenRequests).toBe(0);
  });

  it("refuses every call when CRON_SECRET is unset (fails closed)", async () => {
    app = await freshApp({ CRON_SECRET: "" });
    const GET = await cronRoute();
    for (const authorization of ["Bearer ", "Bearer undefined", "Bearer null"]) {
      expect((await GET(get("/api/cron/refresh", { authorization }))).status).toBe(401);
    }
  });

  it("refreshes every view with one aggregates query each and answers a summary", async () => {
    app = await freshApp({ CRON_SECRET: SECRET });
    const GET = await cronRoute();
    const response = await GET(get("/api/cron/refresh", { authorization: `Bearer ${SECRET}` }));
    expect(response.status).toBe(200);
    const summary = await response.json();
    expect(summary.ok).toBe(true);
    expect(summary.views.map((v: { view: string }) => v.view)).toEqual(["today", "last-24h", "last-7d"]);
    expect(summary.queues).toBeGreaterThanOrEqual(12);
    expect(summary.tokenRequests).toBe(1);
    // 3 aggregates queries + the queue listing pages (14 queues at pageSize 100: one page).
    expect(summary.apiCalls).toBe(4);
    expect(typeof summary.durationMs).toBe("number");

    // A forced second run reuses the token and the cached queue names: three calls, no token request.
    const again = await (await GET(get("/api/cron/refresh?force=1", { authorization: `Bearer ${SECRET}` }))).json();
    expect(again).toMatchObject({ ok: true, apiCalls: 3, tokenRequests: 0 });
    expect(again.shared).toBeUndefined();

    const reports = (await import("@/app/api/reports/queues/route")).GET;
    const latest = await reports(get("/api/reports/queues?view=today"));
    expect(latest.status).toBe(200);
    expect((await latest.json()).view).toBe("today");
  });

  it("treats a second delivery right after a successful refresh as a duplicate: it changes nothing", async () => {
    app = await freshApp({ CRON_SECRET: SECRET });
    const GET = await cronRoute();
    const auth = { authorization: `Bearer ${SECRET}` };
    const first = await (await GET(get("/api/cron/refresh", auth))).json();
    const reports = (await import("@/app/api/reports/queues/route")).GET;
    const before = await (await reports(get("/api/reports/queues?view=today"))).text();
    const calls = app.simulator.stats().apiRequests + app.simulator.stats().tokenRequests;

    const duplicate = await GET(get("/api/cron/refresh", auth));
    expect(duplicate.status).toBe(200);
    expect(await duplicate.json()).toEqual({ ...first, shared: true });
    expect(app.simulator.stats().apiRequests + app.simulator.stats().tokenRequests).toBe(calls);
    expect(await (await reports(get("/api/reports/queues?view=today"))).text()).toBe(before);
  });

  it("serialises overlapping deliveries: two calls at once cost one refresh", async () => {
    app = await freshApp({ CRON_SECRET: SECRET });
    const GET = await cronRoute();
    const auth = { authorization: `Bearer ${SECRET}` };
    const [a, b] = await Promise.all([GET(get("/api/cron/refresh", auth)), GET(get("/api/cron/refresh", auth))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const summaries = [await a.json(), await b.json()];
    expect(summaries.filter((s) => s.shared)).toHaveLength(1);
    expect(app.simulator.stats().byRoute).toMatchObject({});
    const aggregates = Object.entries(app.simulator.stats().byRoute)
      .filter(([route]) => route.includes("aggregates"))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(aggregates).toBe(3);
    expect(app.simulator.stats().tokenRequests).toBe(1);
  });

  it("answers 503 with the reason when Genesys fails, keeping the last good snapshots", async () => {
    app = await freshApp({ CRON_SECRET: SECRET });
    const GET = await cronRoute();
    const auth = { authorization: `Bearer ${SECRET}` };
    expect((await GET(get("/api/cron/refresh", auth))).status).toBe(200);
    const reports = (await import("@/app/api/reports/queues/route")).GET;
    const before = await (await reports(get("/api/reports/queues?view=last-24h"))).json();

    app.simulator.faults.set({ errorRate: 1 });
    const failed = await GET(get("/api/cron/refresh?force=1", auth));
    expect(failed.status).toBe(503);
    const body = await failed.json();
    expect(body.ok).toBe(false);
    expect(body.error.message).toMatch(/503|service.unavailable/);

    const after = await (await reports(get("/api/reports/queues?view=last-24h"))).json();
    expect(after.generatedAt).toBe(before.generatedAt);
    const health = await (await (await import("@/app/api/health/route")).GET(get("/api/health"))).json();
    expect(health.status).toBe("degraded");
    expect(health.lastRefresh.ok).toBe(false);
    expect(health.lastRefresh.error.message).toMatch(/503|service.unavailable/);
  });
});
