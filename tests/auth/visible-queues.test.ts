/**
 * Signed-in means authorization too: in `signed-in` mode each person sees, of the shared
 * client-credentials snapshots, only the queues their own token can list, with totals recomputed
 * from sums; another organization's account cannot sign in.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createGenesysClient } from "@/lib/genesys";
import { queueReportSchema, type QueueReport } from "@/lib/model/queue-report";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, createSimulator } from "@/lib/sim";
import { freshApp } from "../app/api/helpers";
import { SIM_BASE, simFetch } from "../genesys/sim-client";
import { CookieJar, ORIGIN, authHandlers, signInAs } from "./flow";

const SECRET = "test-auth-secret-0123456789abcdef0123456789";
let app: Awaited<ReturnType<typeof freshApp>> | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

async function signedInApp(extra: Record<string, string> = {}) {
  app = await freshApp({
    AUTH_SECRET: SECRET,
    DASHBOARD_ACCESS: "signed-in",
    VIEWER_BUDGET_PER_MINUTE: "1000",
    VIEWER_BUDGET_PER_CLIENT_PER_MINUTE: "1000",
    ...extra,
  });
  const { runScheduledRefresh } = await import("@/lib/reports/scheduled-refresh");
  expect((await runScheduledRefresh({ force: true })).ok).toBe(true);
  return app;
}

async function reportFor(jar: CookieJar, query: string): Promise<QueueReport> {
  const { GET } = await import("@/app/api/reports/queues/route");
  const response = await GET(new Request(`${ORIGIN}/api/reports/queues?${query}`, { headers: { cookie: jar.header() } }));
  expect(response.status).toBe(200);
  return queueReportSchema.parse(await response.json());
}

/** The queue ids a demo user's divisions reach in the simulator's org. */
function reachOf(sim: NonNullable<typeof app>["simulator"], key: "agent" | "supervisor"): Set<string> {
  const demo = sim.org.demoUsers.find((d) => d.key === key)!;
  return new Set(sim.org.queues.filter((q) => demo.divisionIds === null || demo.divisionIds.includes(q.divisionId)).map((q) => q.id));
}

describe("signed-in mode shows each person only their own queues", () => {
  it("the agent gets only the Home division's queues from the shared snapshot, totals from sums over them; the supervisor gets every queue", async () => {
    const { simulator } = await signedInApp();
    const handlers = await authHandlers();
    const agent = new CookieJar();
    await signInAs(handlers, simulator, agent, "agent");
    const supervisor = new CookieJar();
    await signInAs(handlers, simulator, supervisor, "supervisor");

    const everything = await reportFor(supervisor, "view=last-24h");
    const mine = await reportFor(agent, "view=last-24h");
    const agentReach = reachOf(simulator, "agent");
    expect(everything.queues.length).toBe(simulator.org.queues.length);
    expect(mine.queues.length).toBe(agentReach.size);
    expect(mine.queues.length).toBeLessThan(everything.queues.length);
    expect(mine.queues.every((q) => agentReach.has(q.queueId))).toBe(true);
    // Totals are the agent's queues' own: counts add up, and the ratios come from sums, not the org's.
    const sum = (pick: (q: QueueReport["queues"][number]) => number) => mine.queues.reduce((s, q) => s + pick(q), 0);
    expect(mine.totals.offered).toBe(sum((q) => q.totals.offered));
    expect(mine.totals.answered).toBe(sum((q) => q.totals.answered));
    expect(mine.totals.offered).toBeLessThan(everything.totals.offered);
    expect(mine.totals.serviceLevel).not.toBeNull();
    expect(mine.totals.ahtSeconds).not.toBeNull();
    expect(mine.totals.asaSeconds).toBeCloseTo(sum((q) => (q.totals.asaSeconds ?? 0) * q.totals.answered) / mine.totals.answered, 9);
    // Nothing of the other divisions' queues in the answer: no id, no name.
    const text = JSON.stringify(mine);
    for (const q of everything.queues.filter((q) => !agentReach.has(q.queueId))) {
      expect(text).not.toContain(q.queueId);
      expect(text).not.toContain(`"${q.name}"`);
    }
    // On-demand intervals are restricted the same way.
    const day = "interval=2026-11-24T00:00:00Z/2026-11-25T00:00:00Z&granularity=PT1H";
    expect((await reportFor(agent, day)).queues.every((q) => agentReach.has(q.queueId))).toBe(true);
    expect((await reportFor(supervisor, day)).queues.length).toBe(simulator.org.queues.length);
  });

  it("the dashboard's server render uses the same restriction", async () => {
    const { simulator } = await signedInApp();
    const agent = new CookieJar();
    await signInAs(await authHandlers(), simulator, agent, "agent");
    const { readUserSession } = await import("@/lib/auth/session");
    const { viewerQueues } = await import("@/lib/auth/visible-queues");
    const { readSnapshotFor } = await import("@/lib/reports/stored-snapshots");
    const session = await readUserSession(new Headers({ cookie: agent.header() }));
    const visible = await viewerQueues(session);
    const report = (await readSnapshotFor("today", "voice", visible))!;
    expect(report.queues.every((q) => reachOf(simulator, "agent").has(q.queueId))).toBe(true);
  });

  it("/me compares the person's report with the app's over their own queues: the others are counted, never named", async () => {
    const { simulator } = await signedInApp();
    const agent = new CookieJar();
    await signInAs(await authHandlers(), simulator, agent, "agent");
    const { readUserSession } = await import("@/lib/auth/session");
    const { myComparison } = await import("@/lib/reports/user-report");
    const session = (await readUserSession(new Headers({ cookie: agent.header() })))!;
    const result = await myComparison(session, { kind: "view", view: "last-24h" }, "test-client");
    const agentReach = reachOf(simulator, "agent");
    expect(result.comparison.counts["app-only"]).toBe(simulator.org.queues.length - agentReach.size);
    expect(result.comparison.rows.every((row) => agentReach.has(row.queueId))).toBe(true);
    expect(result.app.queues.every((q) => agentReach.has(q.queueId))).toBe(true);
    const text = JSON.stringify(result);
    for (const q of simulator.org.queues.filter((q) => !agentReach.has(q.id))) expect(text).not.toContain(`"${q.name}"`);
  });

  it("DASHBOARD_ALL_QUEUES_PERMISSION: holders of the named permission see every queue, checked at sign-in", async () => {
    // Everyone holds routing:queue:view: the agent, whose token sees one division, now sees all.
    const { simulator } = await signedInApp({ DASHBOARD_ALL_QUEUES_PERMISSION: "routing:queue:view" });
    const agent = new CookieJar();
    await signInAs(await authHandlers(), simulator, agent, "agent");
    expect((await reportFor(agent, "view=last-24h")).queues.length).toBe(simulator.org.queues.length);
  });

  it("DASHBOARD_ALL_QUEUES_PERMISSION that the person does not hold leaves them their own queues", async () => {
    // Only the simulator's supervisor role holds routing:queue:edit.
    const { simulator } = await signedInApp({ DASHBOARD_ALL_QUEUES_PERMISSION: "routing:queue:edit" });
    const agent = new CookieJar();
    await signInAs(await authHandlers(), simulator, agent, "agent");
    expect((await reportFor(agent, "view=last-24h")).queues.length).toBe(reachOf(simulator, "agent").size);
    const { grantsPermission } = await import("@/lib/auth/visible-queues");
    expect(grantsPermission("routing:*:*", "routing:queue:edit")).toBe(true);
    expect(grantsPermission("routing:queue:*", "routing:queue:edit")).toBe(true);
    expect(grantsPermission("routing:queue:view", "routing:queue:edit")).toBe(false);
    expect(grantsPermission("admin", "routing:queue:edit")).toBe(false);
  });

  it("refuses to sign in an account of another organization than the reporting client's", async () => {
    await signedInApp();
    // A token of another org: a simulator with another seed is another organization.
    const other = createSimulator({ seed: 7 });
    const otherClient = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: simFetch(other),
    });
    const { recordSignInReach } = await import("@/lib/auth/visible-queues");
    await expect(recordSignInReach(otherClient, "a-token-of-another-org-0123456789")).rejects.toThrow(/another Genesys Cloud organization/);
  });
});

describe("when Genesys cannot list a signed-in person's queues", () => {
  it("every org-data route answers 502 genesys_unavailable, naming no host, and serves nothing", async () => {
    const { simulator, dataDir } = await signedInApp();
    const jar = new CookieJar();
    await signInAs(await authHandlers(), simulator, jar, "agent");
    // The store lost the list taken at sign-in (a flushed Redis), and Genesys now fails every call.
    await rm(path.join(dataDir, "cache"), { recursive: true, force: true });
    simulator.faults.set({ errorRate: 1 });
    const routes = {
      "/api/reports/queues?view=last-24h": () => import("@/app/api/reports/queues/route"),
      "/api/alerts": () => import("@/app/api/alerts/route"),
      "/api/live/queues": () => import("@/app/api/live/queues/route"),
    };
    for (const [url, load] of Object.entries(routes)) {
      const { GET } = await load();
      const response = await GET(new Request(`${ORIGIN}${url}`, { headers: { cookie: jar.header() } }));
      expect({ url, status: response.status }).toEqual({ url, status: 502 });
      const body = await response.text();
      expect(JSON.parse(body).error.code).toBe("genesys_unavailable");
      expect(body).not.toMatch(/simulator\.local|127\.0\.0\.1|routing\/queues/);
    }
  });
});

describe("restricting a report to some queues", () => {
  it("gives exactly the totals a report built from those queues alone would have", async () => {
    const { buildQueueReportWithSums } = await import("@/lib/reports/build");
    const { restrictToQueues } = await import("@/lib/reports/visibility");
    const { resolveView, windowInterval } = await import("@/lib/reports/views");
    const { REPORT_METRICS } = await import("@/lib/reports/metrics");
    const sim = createSimulator({ now: () => Date.parse("2026-11-26T12:00:00Z") });
    const client = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: simFetch(sim),
    });
    const window = resolveView("last-24h", "UTC", new Date("2026-11-26T12:00:00Z"));
    const aggregates = await client.queryConversationAggregates({
      interval: windowInterval(window),
      granularity: window.granularity,
      groupBy: ["queueId"],
      metrics: [...REPORT_METRICS],
    });
    const queues = sim.org.queues.map((q) => ({ id: q.id, name: q.name }));
    const subset = new Set(queues.filter((_, i) => i % 3 === 0).map((q) => q.id));
    const source = { mode: "simulator", environment: "simulator", grant: "client_credentials" } as const;
    const { report, sums } = buildQueueReportWithSums({ window, aggregates, queues, source });
    const alone = buildQueueReportWithSums({
      window,
      aggregates: { ...aggregates, results: (aggregates.results ?? []).filter((r) => subset.has(r.group?.queueId ?? "")) },
      queues: queues.filter((q) => subset.has(q.id)),
      source,
    }).report;
    expect(restrictToQueues(report, subset, sums).totals).toEqual(alone.totals);
    // Without the sums (a snapshot from before they were stored): the counts, and no guessed averages.
    const countsOnly = restrictToQueues(report, subset, null).totals;
    expect(countsOnly.offered).toBe(alone.totals.offered);
    expect(countsOnly.ahtSeconds).toBeNull();
    expect(countsOnly.serviceLevel).toBeNull();
  });
});
