/**
 * What viewers can make the app ask Genesys: on-demand intervals within a per-minute budget for
 * the deployment and for each client, queue names from the shared cache, the 3 AM demo once a
 * minute.
 */
import { afterEach, describe, expect, it } from "vitest";
import { freshApp, get } from "./helpers";

let app: Awaited<ReturnType<typeof freshApp>> | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

async function route() {
  return (await import("@/app/api/reports/queues/route")).GET;
}

/** Day `n` of November 2026, as an on-demand interval nobody has asked for yet. */
const day = (n: number) =>
  `/api/reports/queues?interval=2026-11-${String(n).padStart(2, "0")}T00:00:00Z/2026-11-${String(n + 1).padStart(2, "0")}T00:00:00Z&granularity=PT1H`;

describe("the viewers' budget for Genesys work", () => {
  it("past the deployment's budget, a new interval is 429 with Retry-After and a clear message; cached answers stay free", async () => {
    app = await freshApp({ VIEWER_BUDGET_PER_MINUTE: "3", VIEWER_BUDGET_PER_CLIENT_PER_MINUTE: "100" });
    const GET = await route();
    for (const n of [1, 2, 3]) expect((await GET(get(day(n), { "x-forwarded-for": `10.0.0.${n}` }))).status).toBe(200);
    const aggregates = () => app!.simulator.stats().byRoute["POST /api/v2/analytics/conversations/aggregates/query"] ?? 0;
    const spent = aggregates();
    const refused = await GET(get(day(4), { "x-forwarded-for": "10.0.0.9" }));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await refused.json();
    expect(body.error.code).toBe("viewer_budget_exceeded");
    expect(body.error.message).toMatch(/share of Genesys Cloud requests for viewers this minute.*scheduled views are unaffected/);
    expect(aggregates()).toBe(spent); // refused before reaching Genesys
    // An interval already answered comes from the cache and costs nothing.
    expect((await GET(get(day(2), { "x-forwarded-for": "10.0.0.9" }))).status).toBe(200);
  });

  it("one client cannot spend everybody's budget: past its own limit it is refused, others are not", async () => {
    app = await freshApp({ VIEWER_BUDGET_PER_MINUTE: "100", VIEWER_BUDGET_PER_CLIENT_PER_MINUTE: "2" });
    const GET = await route();
    const greedy = { "x-forwarded-for": "203.0.113.7, 10.1.1.1" };
    expect((await GET(get(day(1), greedy))).status).toBe(200);
    expect((await GET(get(day(2), greedy))).status).toBe(200);
    const refused = await GET(get(day(3), greedy));
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.message).toMatch(/more on-demand reports than one viewer may per minute/);
    expect((await GET(get(day(3), { "x-forwarded-for": "198.51.100.1" }))).status).toBe(200);
  });

  it("on-demand reports take queue names from the shared cache: the queue listing is read once", async () => {
    app = await freshApp({ VIEWER_BUDGET_PER_MINUTE: "100", VIEWER_BUDGET_PER_CLIENT_PER_MINUTE: "100" });
    const GET = await route();
    for (const n of [1, 2, 3, 4]) expect((await GET(get(day(n)))).status).toBe(200);
    expect(app.simulator.stats().byRoute["GET /api/v2/routing/queues"]).toBe(1);
  });

  it("the 3 AM demo runs at most once a minute for the whole deployment", async () => {
    app = await freshApp();
    const { claimThreeAmSlot } = await import("@/lib/reports/viewer-budget");
    expect(await claimThreeAmSlot()).toBe(0); // a first press, elsewhere
    const before = app.simulator.stats();
    const { runAtThreeAmAction } = await import("@/app/grants/actions");
    const state = await runAtThreeAmAction(null, new FormData());
    expect(state).toEqual({ error: expect.stringMatching(/at most once a minute for the whole deployment.*Try again in \d+ s/) });
    const after = app.simulator.stats();
    expect(after.tokenRequests + after.apiRequests).toBe(before.tokenRequests + before.apiRequests);
  });

  it("refuses a budget that is not a whole number at start-up, naming the variable", async () => {
    const { loadConfig } = await import("@/lib/config/env");
    expect(() => loadConfig({ VIEWER_BUDGET_PER_MINUTE: "lots" })).toThrow(/VIEWER_BUDGET_PER_MINUTE must be a whole number/);
    expect(loadConfig({}).viewerBudget).toEqual({ perMinute: 30, perClientPerMinute: 10 });
  });
});
