/**
 * The SURGE knob: more arrivals and slower answers on one queue from `now` on, through the traffic
 * model, so the observations query, the aggregates and the details agree; nothing before the surge
 * or in other queues changes; deterministic for a given setting and clock.
 */
import { describe, expect, it } from "vitest";
import { simulatorOptionsFromEnv, type Simulator } from "@/lib/sim";
import { DAY, NOW, api, clientToken, interval, testSim } from "./helpers";

const AGG = "/api/v2/analytics/conversations/aggregates/query";
const OBS = "/api/v2/analytics/queues/observations/query";
const MINUTE = 60_000;
const todayStart = Math.floor(NOW / DAY) * DAY;
const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

/** A simulator whose clock the test moves. */
function clocked(): { sim: Simulator; at(ms: number): void } {
  let now = NOW;
  return { sim: testSim({ now: () => now }), at: (ms) => void (now = ms) };
}

async function todayByQueue(sim: Simulator, token: string, until: number): Promise<Record<string, Record<string, unknown>>> {
  const res = await api(sim, token, "POST", AGG, {
    interval: interval(todayStart, until),
    groupBy: ["queueId"],
    metrics: ["nOffered", "tAnswered", "tAbandon", "oServiceLevel"],
  });
  expect(res.status, res.text).toBe(200);
  const out: Record<string, Record<string, unknown>> = {};
  for (const r of res.json.results) {
    out[r.group.queueId] = Object.fromEntries(r.data[0].metrics.map((m: { metric: string; stats: unknown }) => [m.metric, m.stats]));
  }
  return out;
}

async function waiting(sim: Simulator, token: string, queueId: string): Promise<number> {
  const res = await api(sim, token, "POST", OBS, {
    filter: { type: "or", predicates: [{ dimension: "queueId", value: queueId }] },
    metrics: ["oWaiting"],
  });
  return res.json.results.reduce((n: number, r: { data: { stats: { count: number } }[] }) => n + r.data[0]!.stats.count, 0);
}

describe("surge", () => {
  const queueIdOf = (sim: Simulator) => sim.org.queues.find((q) => q.name === "Sales")!.id;

  it("raises the queue's waiting, offers and abandons and lowers today's service level; other queues and the past unchanged", async () => {
    const surged = clocked();
    const calm = clocked();
    const [a, b] = [await clientToken(surged.sim), await clientToken(calm.sim)];
    const queueId = queueIdOf(surged.sim);
    const before = await todayByQueue(surged.sim, a, NOW);
    surged.sim.faults.set({ surge: { queueId, factor: 5, minutes: 60 } });
    for (const c of [surged, calm]) c.at(NOW + 20 * MINUTE);

    expect(await waiting(surged.sim, a, queueId)).toBeGreaterThan((await waiting(calm.sim, b, queueId)) + 2);
    const [hot, cold] = [await todayByQueue(surged.sim, a, NOW + 20 * MINUTE), await todayByQueue(calm.sim, b, NOW + 20 * MINUTE)];
    const stat = (x: Record<string, unknown>, metric: string, field: string) => (x[metric] as Record<string, number>)[field]!;
    expect(stat(hot[queueId]!, "nOffered", "count")).toBeGreaterThan(stat(cold[queueId]!, "nOffered", "count"));
    expect(stat(hot[queueId]!, "tAbandon", "count")).toBeGreaterThan(stat(cold[queueId]!, "tAbandon", "count"));
    expect(stat(hot[queueId]!, "oServiceLevel", "ratio")).toBeLessThan(stat(cold[queueId]!, "oServiceLevel", "ratio") - 0.02);
    for (const id of Object.keys(cold)) if (id !== queueId) expect(hot[id]).toEqual(cold[id]);
    // Up to the moment it was set, the day is what it was.
    expect(await todayByQueue(surged.sim, a, NOW)).toEqual(before);
  });

  it("is deterministic for a given setting and clock, and agrees with the details", async () => {
    const runs = [clocked(), clocked()];
    const answers = [];
    for (const run of runs) {
      const token = await clientToken(run.sim);
      run.sim.faults.set({ surge: { queueId: queueIdOf(run.sim), factor: 4, minutes: 30 } });
      run.at(NOW + 45 * MINUTE); // past its end
      const details = await api(run.sim, token, "POST", "/api/v2/analytics/conversations/details/query", {
        interval: interval(NOW, NOW + 45 * MINUTE),
        segmentFilters: [{ type: "and", predicates: [{ dimension: "queueId", value: queueIdOf(run.sim) }] }],
        paging: { pageSize: 100, pageNumber: 1 },
      });
      answers.push({ today: await todayByQueue(run.sim, token, NOW + 45 * MINUTE), total: details.json.totalHits });
    }
    expect(answers[0]).toEqual(answers[1]);
  });

  it("ends with faults.clear() or surge: null, keeping what happened", async () => {
    const run = clocked();
    const token = await clientToken(run.sim);
    const queueId = queueIdOf(run.sim);
    run.sim.faults.set({ surge: { queueId, factor: 5, minutes: 120 } });
    run.at(NOW + 10 * MINUTE);
    const during = await todayByQueue(run.sim, token, NOW + 10 * MINUTE);
    run.sim.faults.clear();
    expect(await todayByQueue(run.sim, token, NOW + 10 * MINUTE)).toEqual(during);
    run.sim.faults.set({ surge: { queueId, factor: 5, minutes: 120 } });
    run.at(NOW + 20 * MINUTE);
    const second = await todayByQueue(run.sim, token, NOW + 20 * MINUTE);
    run.sim.faults.set({ surge: null });
    expect(await todayByQueue(run.sim, token, NOW + 20 * MINUTE)).toEqual(second);
  });
});

describe("notification and surge knobs", () => {
  it("validates every knob with an error naming the field, changing nothing", () => {
    const sim = testSim();
    const queueId = sim.org.queues[0]!.id;
    expect(() => sim.faults.set({ surge: { queueId: "nope", factor: 2, minutes: 5 } })).toThrow(/surge\.queueId/);
    expect(() => sim.faults.set({ surge: { queueId, factor: 50, minutes: 5 } })).toThrow(/surge\.factor/);
    expect(() => sim.faults.set({ surge: { queueId, factor: 2, minutes: 0 } })).toThrow(/surge\.minutes/);
    expect(() => sim.faults.set({ surge: { queueId, factor: 2 } as never })).toThrow(/surge\.minutes/);
    expect(() => sim.faults.set({ notificationHeartbeatMs: 10 })).toThrow(/notificationHeartbeatMs/);
    expect(() => sim.faults.set({ notificationChannelLifetimeSeconds: 90_000 })).toThrow(/notificationChannelLifetimeSeconds/);
    expect(() => sim.faults.set({ notificationSocketCloseSeconds: 0.5 })).toThrow(/notificationSocketCloseSeconds/);
    expect(() => sim.faults.set({ closeSockets: "yes" as never })).toThrow(/closeSockets/);
    expect(() => sim.faults.set({ rejectSubscriptions: true, surge: { queueId, factor: 99, minutes: 1 } })).toThrow(/surge\.factor/);
    expect(sim.options.rejectSubscriptions).toBe(false);
  });

  it("takes a queue's name for the surge, as a demo would", () => {
    const sim = testSim();
    const sales = sim.org.queues.find((q) => q.name === "Sales")!;
    sim.faults.set({ surge: { queueId: "sales", factor: 4, minutes: 10 } });
    expect(() => sim.faults.set({ surge: { queueId: "No Such Queue", factor: 4, minutes: 10 } })).toThrow(
      /no queue has id or name No Such Queue/,
    );
    expect(sales.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers a bad knob on POST /__sim/faults with 400 naming the field", async () => {
    const sim = testSim({ admin: true });
    const res = await sim.fetch(
      new Request("http://sim.test/__sim/faults", {
        method: "POST",
        body: JSON.stringify({ surge: { queueId: "x", factor: 2, minutes: 1 } }),
      }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { details: { fieldName: string }[] }).details[0]!.fieldName).toBe("surge.queueId");
  });

  it("reads the start-up knobs from SIM_* variables", () => {
    expect(
      simulatorOptionsFromEnv(
        env({
          SIM_NOTIFICATION_HEARTBEAT_MS: "500",
          SIM_CHANNEL_LIFETIME_SECONDS: "60",
          SIM_SOCKET_CLOSE_SECONDS: "30",
          SIM_REJECT_SUBSCRIPTIONS: "true",
          SIM_NOTIFICATION_CHECK_MS: "250",
        }),
      ),
    ).toEqual({
      notificationHeartbeatMs: 500,
      notificationChannelLifetimeSeconds: 60,
      notificationSocketCloseSeconds: 30,
      rejectSubscriptions: true,
      notificationCheckMs: 250,
    });
    expect(() => simulatorOptionsFromEnv(env({ SIM_NOTIFICATION_HEARTBEAT_MS: "5" }))).toThrow(/SIM_NOTIFICATION_HEARTBEAT_MS/);
  });
});
