/**
 * A deployment's first seconds, as a user meets them: `next start` pointed at a standalone
 * simulator standing in for the org (real-credentials mode, over HTTP), the start-up refresh
 * running while viewers already ask for on-demand reports.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { startAppInstance, type AppInstance } from "../support/app-instance";

let sim: Awaited<ReturnType<typeof startSimulatorServer>> | undefined;
let app: AppInstance | undefined;

afterEach(async () => {
  await app?.stop();
  await sim?.close();
  app = undefined;
  sim = undefined;
});

function orgEnv(url: string, secret: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GENESYS_CLIENT_ID: SIM_CLIENT_ID,
    GENESYS_CLIENT_SECRET: secret,
    GENESYS_LOGIN_URL: url,
    GENESYS_API_URL: url,
    GENESYS_PKCE_CLIENT_ID: "",
    DASHBOARD_ACCESS: "public",
    REDIS_URL: "",
    REPORT_TIME_ZONE: "UTC",
    // Twenty distinct intervals from one address: within the viewers' budget for this test.
    VIEWER_BUDGET_PER_MINUTE: "1000",
    VIEWER_BUDGET_PER_CLIENT_PER_MINUTE: "1000",
    // No wallboard subscriber calling the org in the background: these tests count token requests.
    LIVE_SOURCE: "poll",
    ...extra,
  };
}

/** Twenty different days, so no answer is served from the on-demand cache. */
const twentyDays = Array.from({ length: 20 }, (_, i) => {
  const start = new Date(Date.UTC(2026, 10, 1 + i));
  const end = new Date(Date.UTC(2026, 10, 2 + i));
  return `/api/reports/queues?interval=${start.toISOString()}/${end.toISOString()}&granularity=PT1H`;
});

describe("a cold start against the org", () => {
  it("the start-up refresh and 20 concurrent on-demand reports share one token request", async () => {
    // Every answer takes 400 ms, so the start-up refresh is still waiting for its token when the
    // viewers arrive.
    sim = await startSimulatorServer({ port: 0, rateLimitPerMinute: 0, latencyMs: 400 });
    app = await startAppInstance({ ...orgEnv(sim.url, SIM_CLIENT_SECRET), DATA_DIR: await tempDataDir() });
    const responses = await Promise.all(twentyDays.map((url) => app!.get(url)));
    expect(responses.map((r) => r.status)).toEqual(twentyDays.map(() => 200));
    // Let the start-up refresh finish too, then count.
    for (let i = 0; i < 100 && !(await refreshed(app)); i++) await new Promise((r) => setTimeout(r, 200));
    expect(await refreshed(app)).toBe(true);
    expect(sim.sim.stats().tokenRequests).toBe(1);
  });

  it("with a wrong secret, 20 concurrent viewers cause one token request and each gets a clear refusal", async () => {
    sim = await startSimulatorServer({ port: 0, rateLimitPerMinute: 0, latencyMs: 50 });
    const wrongSecret = "this-secret-is-wrong_for-sure";
    app = await startAppInstance({ ...orgEnv(sim.url, wrongSecret, { REFRESH_SCHEDULE: "off" }), DATA_DIR: await tempDataDir() });
    const responses = await Promise.all(twentyDays.map((url) => app!.get(url)));
    for (const response of responses) {
      expect(response.status).toBeGreaterThanOrEqual(500);
      const text = await response.text();
      expect(text).toMatch(/invalid_client/);
      expect(text).not.toContain(wrongSecret);
    }
    expect(sim.sim.stats().tokenRequests).toBe(1);
  });
});

async function refreshed(instance: AppInstance): Promise<boolean> {
  const health = (await (await instance.get("/api/health")).json()) as { lastRefresh?: { ok?: boolean | null } };
  return health.lastRefresh?.ok === true;
}

function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "cold-start-"));
}
