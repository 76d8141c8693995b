import { describe, expect, it } from "vitest";
import { conversationAggregateQueryResponse, errorBody } from "@/lib/genesys/schemas";
import { simulatorOptionsFromEnv } from "@/lib/sim";
import type { AnalyticsConversation } from "@/lib/genesys/schemas";
import type { Simulator, SimulatorOptions } from "@/lib/sim";
import { DAY, HOUR, NOW, api, clientToken, interval, testSim, userToken } from "./helpers";

const AGG = "/api/v2/analytics/conversations/aggregates/query";
const ALL_METRICS = [
  "nOffered",
  "tAnswered",
  "tAbandon",
  "tShortAbandon",
  "tFlowOut",
  "tWait",
  "tAlert",
  "tAcd",
  "tTalk",
  "tTalkComplete",
  "tHeld",
  "tHeldComplete",
  "tAcw",
  "tHandle",
  "nTransferred",
  "nBlindTransferred",
  "nConsultTransferred",
  "nConnected",
  "nConversations",
  "nOverSla",
  "oServiceLevel",
  "oServiceTarget",
  "tNotResponding",
];
const todayStart = Math.floor(NOW / DAY) * DAY;

type Stats = {
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  numerator?: number;
  denominator?: number;
  ratio?: number;
  target?: number;
};
type Result = { group: Record<string, string>; data: { interval: string; metrics: { metric: string; stats: Stats }[] }[] };

function totals(results: Result[] | undefined): Map<string, Stats> {
  const out = new Map<string, Stats>();
  for (const r of results ?? [])
    for (const d of r.data)
      for (const m of d.metrics) {
        const t = out.get(m.metric) ?? { count: 0, sum: 0, numerator: 0, denominator: 0 };
        t.count! += m.stats.count ?? 0;
        t.sum! += m.stats.sum ?? 0;
        t.numerator! += m.stats.numerator ?? 0;
        t.denominator! += m.stats.denominator ?? 0;
        out.set(m.metric, t);
      }
  return out;
}

describe("aggregates query", () => {
  it("answers per queue and per bucket, sparse, with the documented stats shapes and UTC intervals", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const res = await api(sim, token, "POST", AGG, {
      interval: interval(todayStart - DAY, todayStart),
      granularity: "PT1H",
      groupBy: ["queueId"],
      metrics: ["nOffered", "tAnswered", "oServiceLevel", "oServiceTarget", "tVoicemail"],
    });
    expect(res.status).toBe(200);
    const body = conversationAggregateQueryResponse.parse(res.json);
    const results = body.results as Result[];
    expect(results.length).toBe(sim.org.queues.length);
    for (const r of results) {
      expect(sim.org.queueById.has(r.group.queueId!)).toBe(true);
      for (const d of r.data) {
        expect(d.interval).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z\/\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
        expect(d.metrics.length).toBeGreaterThan(0);
        for (const m of d.metrics) {
          expect(m.metric).not.toBe("tVoicemail"); // valid but never modelled: absent, not zero
          if (m.metric === "nOffered") expect(Object.keys(m.stats)).toEqual(["count"]);
          if (m.metric === "tAnswered") expect(Object.keys(m.stats)).toEqual(["max", "min", "count", "sum"]);
          if (m.metric === "oServiceLevel") {
            expect(Object.keys(m.stats)).toEqual(["ratio", "numerator", "denominator", "target"]);
            expect(m.stats.ratio).toBeCloseTo(m.stats.numerator! / m.stats.denominator!, 10);
          }
          if (m.metric === "oServiceTarget") expect(Object.keys(m.stats)).toEqual(["target"]);
        }
      }
    }
    // Quiet nights: some hour buckets of some queues are absent (sparse), none is empty.
    expect(results.some((r) => r.data.length < 24)).toBe(true);
  });

  it("counts nOffered at queue entry and answered/abandoned/flow-out at queue exit: per bucket offered != their sum", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const res = await api(sim, token, "POST", AGG, {
      interval: interval(todayStart - 2 * DAY, NOW),
      granularity: "PT30M",
      groupBy: ["queueId", "mediaType"],
      metrics: ["nOffered", "tAnswered", "tAbandon", "tFlowOut", "tShortAbandon"],
    });
    let checked = 0;
    let differs = 0;
    let moreExitsThanEntries = 0;
    for (const r of res.json.results as Result[]) {
      // A queue only receives the media it handles.
      expect(sim.org.queueById.get(r.group.queueId!)!.mediaTypes).toContain(r.group.mediaType);
      for (const d of r.data) {
        const get = (name: string) => d.metrics.find((m) => m.metric === name)?.stats.count ?? 0;
        const exits = get("tAnswered") + get("tAbandon") + get("tFlowOut");
        if (get("nOffered") !== exits) differs++;
        if (exits > get("nOffered")) moreExitsThanEntries++; // an answer rate above 100 % in that bucket
        expect(get("tShortAbandon")).toBeLessThanOrEqual(get("tAbandon"));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(differs).toBeGreaterThan(0);
    expect(moreExitsThanEntries).toBeGreaterThan(0);
  });

  it("over a closed day, offered - (answered + abandoned + flow-out) is exactly the stays crossing its edges; zero crossings, the identity holds", async () => {
    const clock = { now: NOW };
    const sim = testSim({ now: () => clock.now, jobDelayMs: 0 });
    const token = await clientToken(sim);
    const dayStart = todayStart - DAY; // Wednesday 2026-01-14, long closed at NOW
    const dayEnd = todayStart;
    const acdStays = await acdStaysTouching(sim, token, dayStart, dayEnd);
    for (const media of ["voice", "chat", "email", "message"]) {
      const stays = acdStays.filter((x) => x.media === media);
      const enteredIn = stays.filter((x) => x.enter >= dayStart && x.enter < dayEnd).length;
      const exitedIn = stays.filter((x) => x.exit >= dayStart && x.exit < dayEnd).length;
      const crossOut = stays.filter((x) => x.enter >= dayStart && x.enter < dayEnd && x.exit >= dayEnd).length;
      const crossIn = stays.filter((x) => x.enter < dayStart && x.exit >= dayStart && x.exit < dayEnd).length;
      const res = await api(sim, token, "POST", AGG, {
        interval: interval(dayStart, dayEnd),
        metrics: ["nOffered", "tAnswered", "tAbandon", "tFlowOut"],
        filter: { type: "and", predicates: [{ dimension: "mediaType", value: media }] },
      });
      const t = totals(res.json.results);
      const offered = t.get("nOffered")!.count!;
      const exits = t.get("tAnswered")!.count! + (t.get("tAbandon")?.count ?? 0) + (t.get("tFlowOut")?.count ?? 0);
      expect(offered).toBe(enteredIn);
      expect(exits).toBe(exitedIn);
      expect(offered - exits).toBe(crossOut - crossIn);
      // Voice stays last minutes and nights are quiet: none crosses midnight, so the identity holds.
      if (media === "voice") {
        expect(crossOut + crossIn).toBe(0);
        expect(offered).toBe(exits);
      }
      // Email waits for hours: stays do cross the day's edges.
      if (media === "email") expect(crossOut + crossIn).toBeGreaterThan(0);
    }
  });

  it("an interaction still waiting in queue at `now` has emitted nOffered only", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const res = await api(sim, token, "POST", "/api/v2/analytics/conversations/details/query", {
      interval: interval(NOW - HOUR, NOW),
      order: "desc",
      paging: { pageSize: 100, pageNumber: 1 },
    });
    const waiting = (res.json.conversations as AnalyticsConversation[]).find((c) => {
      const acd = c.participants?.find((p) => p.purpose === "acd")?.sessions?.[0]?.segments?.[0];
      return acd !== undefined && acd.segmentEnd === undefined;
    })!;
    expect(waiting).toBeDefined();
    const acdSession = waiting.participants!.find((p) => p.purpose === "acd")!.sessions![0]!;
    const entered = Date.parse(acdSession.segments![0]!.segmentStart!);
    expect(acdSession.metrics).toEqual([{ name: "nOffered", value: 1, emitDate: new Date(entered).toISOString() }]);
    const agg = await api(sim, token, "POST", AGG, {
      interval: interval(todayStart, todayStart + DAY),
      groupBy: ["conversationId"],
      metrics: ["nOffered", "tAnswered", "tAbandon", "tFlowOut", "tWait", "tAcd", "oServiceLevel", "oServiceTarget"],
      filter: { type: "and", predicates: [{ dimension: "conversationId", value: waiting.conversationId }] },
    });
    expect(agg.json.results).toHaveLength(1);
    const metrics = (agg.json.results[0] as Result).data.flatMap((d) => d.metrics.map((m) => m.metric)).sort();
    expect(metrics).toEqual(["nOffered", "oServiceTarget"]);
  });

  it("has a realistic day: 3,000-5,000 conversations on a weekday, answer rates and handle times in range", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    // 2026-01-14 is a Wednesday.
    const res = await api(sim, token, "POST", AGG, {
      interval: interval(todayStart - DAY, todayStart),
      metrics: ["nConversations", "nOffered", "tAnswered", "tAbandon", "tHandle", "oServiceLevel"],
    });
    const t = totals(res.json.results);
    const offered = t.get("nOffered")!.count!;
    expect(t.get("nConversations")!.count).toBeGreaterThan(3000);
    expect(t.get("nConversations")!.count).toBeLessThan(5000);
    const answerRate = t.get("tAnswered")!.count! / offered;
    expect(answerRate).toBeGreaterThan(0.8);
    expect(answerRate).toBeLessThan(0.99);
    const aht = t.get("tHandle")!.sum! / t.get("tHandle")!.count! / 1000;
    expect(aht).toBeGreaterThan(120);
    expect(aht).toBeLessThan(900);
    const sl = t.get("oServiceLevel")!;
    expect(sl.numerator! / sl.denominator!).toBeGreaterThan(0.5);
  });

  it("is deterministic: the same seed answers byte-identical JSON; another seed differs", async () => {
    const body = {
      interval: interval(todayStart - DAY, todayStart),
      granularity: "PT1H",
      groupBy: ["queueId"],
      metrics: ["nOffered", "tHandle"],
    };
    const a = testSim({ seed: 11 });
    const b = testSim({ seed: 11 });
    const c = testSim({ seed: 12 });
    const ra = await api(a, await clientToken(a), "POST", AGG, body);
    const rb = await api(b, await clientToken(b), "POST", AGG, body);
    const rc = await api(c, await clientToken(c), "POST", AGG, body);
    expect(ra.text).toBe(rb.text);
    expect(rc.text).not.toBe(ra.text);
  });

  it("has no traffic in the future nor before the history horizon", async () => {
    const sim = testSim({ historyDays: 3 });
    const token = await clientToken(sim);
    const future = await api(sim, token, "POST", AGG, {
      interval: interval(NOW + HOUR, NOW + DAY),
      metrics: ["nOffered", "nConversations"],
    });
    expect(future.status).toBe(200);
    expect(future.json).toEqual({});
    const old = await api(sim, token, "POST", AGG, { interval: interval(NOW - 10 * DAY, NOW - 5 * DAY), metrics: ["nConversations"] });
    expect(old.json).toEqual({});
    const recent = await api(sim, token, "POST", AGG, {
      interval: interval(NOW - HOUR, NOW + HOUR),
      granularity: "PT1H",
      metrics: ["nConversations"],
    });
    expect(recent.json.results[0].data.length).toBeGreaterThan(0);
  });

  it("groups by divisionId, userId and wrapUpCode, and filters with and/or clauses", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const iv = interval(todayStart - DAY, todayStart);
    const byDivision = await api(sim, token, "POST", AGG, { interval: iv, groupBy: ["divisionId"], metrics: ["nOffered"] });
    expect(byDivision.json.results.map((r: Result) => r.group.divisionId).sort()).toEqual(sim.org.divisions.map((d) => d.id).sort());

    const byUser = await api(sim, token, "POST", AGG, { interval: iv, groupBy: ["userId"], metrics: ["tHandle", "nOffered"] });
    const userGroups = byUser.json.results as Result[];
    // nOffered is an ACD metric: it has no user, so its group has no userId.
    const noUser = userGroups.find((r) => r.group.userId === undefined)!;
    expect(noUser.data[0]!.metrics.map((m) => m.metric)).toEqual(["nOffered"]);
    expect(userGroups.filter((r) => r.group.userId).every((r) => sim.org.userById.has(r.group.userId!))).toBe(true);

    const byWrapUp = await api(sim, token, "POST", AGG, { interval: iv, groupBy: ["wrapUpCode"], metrics: ["tAcw"] });
    const codes = new Set(sim.org.wrapUpCodes.map((w) => w.id));
    expect((byWrapUp.json.results as Result[]).every((r) => codes.has(r.group.wrapUpCode!))).toBe(true);

    const q0 = sim.org.queues[0]!;
    const q1 = sim.org.queues[1]!;
    const all = totals((await api(sim, token, "POST", AGG, { interval: iv, groupBy: ["queueId"], metrics: ["nOffered"] })).json.results);
    const filtered = await api(sim, token, "POST", AGG, {
      interval: iv,
      groupBy: ["queueId"],
      metrics: ["nOffered"],
      filter: {
        type: "and",
        clauses: [
          {
            type: "or",
            predicates: [
              { dimension: "queueId", value: q0.id },
              { type: "dimension", dimension: "queueId", operator: "matches", value: q1.id },
            ],
          },
        ],
        predicates: [{ dimension: "mediaType", value: "voice" }],
      },
    });
    const groups = filtered.json.results as Result[];
    expect(groups.map((r) => r.group.queueId).sort()).toEqual([q0.id, q1.id].sort());
    expect(totals(groups).get("nOffered")!.count).toBeLessThan(all.get("nOffered")!.count!);
    const voiceOnly = await api(sim, token, "POST", AGG, {
      interval: iv,
      groupBy: ["mediaType"],
      metrics: ["nOffered"],
      filter: { type: "or", predicates: [{ dimension: "mediaType", value: "voice" }] },
    });
    expect(voiceOnly.json.results.map((r: Result) => r.group.mediaType)).toEqual(["voice"]);
    const withUser = await api(sim, token, "POST", AGG, {
      interval: iv,
      metrics: ["nOffered", "tTalk"],
      filter: { type: "and", predicates: [{ dimension: "userId", operator: "exists" }] },
    });
    expect(withUser.json.results[0].data[0].metrics.map((m: { metric: string }) => m.metric)).toEqual(["tTalk"]);
  });

  it("adds up the same whatever the granularity (dense and sparse bucket storage alike)", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const iv = interval(todayStart - 7 * DAY, todayStart);
    const metrics = ["nOffered", "tHandle", "oServiceLevel"];
    const fine = await api(sim, token, "POST", AGG, { interval: iv, granularity: "PT30M", groupBy: ["queueId"], metrics }); // 336 buckets
    const coarse = await api(sim, token, "POST", AGG, { interval: iv, granularity: "P1D", groupBy: ["queueId"], metrics });
    const whole = await api(sim, token, "POST", AGG, { interval: iv, groupBy: ["queueId"], metrics });
    expect(fine.json.results[0].data.length).toBeGreaterThan(256);
    for (const res of [fine, coarse]) {
      const t = totals(res.json.results);
      const w = totals(whole.json.results);
      expect(t.get("nOffered")).toEqual(w.get("nOffered"));
      expect(t.get("tHandle")).toEqual(w.get("tHandle"));
      expect(t.get("oServiceLevel")).toEqual(w.get("oServiceLevel"));
    }
  });

  it("aligns P1D buckets to calendar days in the query time zone, across DST", async () => {
    const sim = testSim({ historyDays: 120 });
    const token = await clientToken(sim);
    const res = await api(sim, token, "POST", AGG, {
      interval: "2025-10-25T00:00:00+02:00/2025-10-28T00:00:00+01:00",
      granularity: "P1D",
      timeZone: "Europe/Berlin",
      metrics: ["nConversations"],
    });
    expect(res.status).toBe(200);
    expect(res.json.results[0].data.map((d: { interval: string }) => d.interval)).toEqual([
      "2025-10-24T22:00:00.000Z/2025-10-25T22:00:00.000Z",
      "2025-10-25T22:00:00.000Z/2025-10-26T23:00:00.000Z",
      "2025-10-26T23:00:00.000Z/2025-10-27T23:00:00.000Z",
    ]);
  });

  it("follows office hours in the org time zone", async () => {
    // Share of a weekday's conversations that start between 00:00 and 09:00 UTC.
    const earlyUtcShare = async (timeZone: string) => {
      const sim = testSim({ timeZone });
      const res = await api(sim, await clientToken(sim), "POST", AGG, {
        interval: interval(todayStart - DAY, todayStart),
        granularity: "PT1H",
        metrics: ["nConversations"],
      });
      let early = 0;
      let all = 0;
      for (const d of (res.json.results[0] as Result).data) {
        const n = d.metrics[0]!.stats.count!;
        all += n;
        if (new Date(d.interval.split("/")[0]!).getUTCHours() < 9) early += n;
      }
      return early / all;
    };
    expect(await earlyUtcShare("UTC")).toBeLessThan(0.2); // night and early morning in UTC
    expect(await earlyUtcShare("Asia/Tokyo")).toBeGreaterThan(0.5); // 09:00-18:00 in Tokyo
  });

  it("only counts conversations in the token's divisions", async () => {
    const sim = testSim();
    const agent = await userToken(sim, "agent");
    const res = await api(sim, agent, "POST", AGG, {
      interval: interval(todayStart - DAY, todayStart),
      groupBy: ["queueId"],
      metrics: ["nOffered"],
    });
    const home = new Set(sim.org.queues.filter((q) => q.divisionId === sim.org.divisions[0]!.id).map((q) => q.id));
    const ids = res.json.results.map((r: Result) => r.group.queueId);
    expect(ids.length).toBe(home.size);
    expect(ids.every((id: string) => home.has(id))).toBe(true);
  });

  describe("is strict like the real API", () => {
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ["an unknown metric", { metrics: ["nOffered", "nHandled"] }, "invalid.value", /nHandled/],
      ["an unknown groupBy dimension", { groupBy: ["skill"], metrics: ["nOffered"] }, "invalid.value", /skill/],
      [
        "a valid dimension the simulator does not model",
        { groupBy: ["ani"], metrics: ["nOffered"] },
        "invalid.value",
        /does not model.*ani/,
      ],
      ["an unknown field", { metrics: ["nOffered"], select: ["x"] }, "bad.request", /select/],
      [
        "an unknown filter field",
        { metrics: ["nOffered"], filter: { type: "and", predicates: [{ dimension: "queueId", value: "x", op: "eq" }] } },
        "bad.request",
        /op/,
      ],
      ["a malformed interval", { interval: "yesterday/today", metrics: ["nOffered"] }, "invalid.date", /ISO-8601/],
      [
        "an interval that ends before it starts",
        { interval: "2026-01-10T00:00:00Z/2026-01-09T00:00:00Z", metrics: ["nOffered"] },
        "bad.request",
        /after its start/,
      ],
      ["a bad granularity", { granularity: "PT1X", metrics: ["nOffered"] }, "invalid.value", /PT1X/],
      ["too many buckets", { granularity: "PT1M", metrics: ["nOffered"] }, "bad.request", /buckets/],
      ["a bad time zone", { timeZone: "Mars/Olympus", metrics: ["nOffered"] }, "invalid.value", /Mars/],
      ["a missing metrics field", {}, "required.field.missing", /metrics/],
    ];
    for (const [what, over, code, message] of cases) {
      it(`400 ${code} for ${what}`, async () => {
        const sim = testSim();
        const token = await clientToken(sim);
        const res = await api(sim, token, "POST", AGG, { interval: interval(todayStart - 2 * DAY, todayStart), ...over });
        expect(res.status).toBe(400);
        const body = errorBody.parse(res.json);
        expect(body.code).toBe(code);
        expect(body.status).toBe(400);
        expect(body.message).toMatch(message);
        expect(body.contextId).toBe(res.headers.get("ININ-Correlation-Id"));
      });
    }

    it("400 for a body that is not JSON", async () => {
      const sim = testSim();
      const token = await clientToken(sim);
      const res = await sim.fetch(
        new Request("http://sim.test/api/v2/analytics/conversations/aggregates/query", {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: "{nope",
        }),
      );
      expect(res.status).toBe(400);
    });
  });

  it("covers every modelled metric somewhere in a busy day", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const res = await api(sim, token, "POST", AGG, { interval: interval(todayStart - DAY, todayStart), metrics: ALL_METRICS });
    const names = new Set((res.json.results[0] as Result).data.flatMap((d) => d.metrics.map((m) => m.metric)));
    expect([...names].sort()).toEqual([...ALL_METRICS].sort());
  });

  describe("oServiceLevel follows the org's service-level settings", () => {
    const closedDay = interval(todayStart - DAY, todayStart);
    const counts = async (opts: Partial<SimulatorOptions>) => {
      const sim = testSim(opts);
      const token = await clientToken(sim);
      const res = await api(sim, token, "POST", AGG, {
        interval: closedDay,
        granularity: "PT1H",
        metrics: ["tAnswered", "tAbandon", "tShortAbandon", "tFlowOut", "oServiceLevel"],
      });
      expect(res.status).toBe(200);
      const data = (res.json.results[0] as Result).data;
      const per = data.map((d) => {
        const c = (name: string) => d.metrics.find((m) => m.metric === name)?.stats.count ?? 0;
        const sl = d.metrics.find((m) => m.metric === "oServiceLevel")?.stats;
        return {
          answered: c("tAnswered"),
          abandoned: c("tAbandon"),
          short: c("tShortAbandon"),
          flowOut: c("tFlowOut"),
          num: sl?.numerator ?? 0,
          den: sl?.denominator ?? 0,
        };
      });
      const sum = (k: keyof (typeof per)[number]) => per.reduce((a, x) => a + x[k], 0);
      return {
        per,
        answered: sum("answered"),
        abandoned: sum("abandoned"),
        short: sum("short"),
        flowOut: sum("flowOut"),
        num: sum("num"),
        den: sum("den"),
      };
    };

    it("by default: answered + abandoned - short abandons (flow-outs out), counted per bucket at the queue exit", async () => {
      const c = await counts({});
      expect(c.short).toBeGreaterThan(0);
      expect(c.flowOut).toBeGreaterThan(0);
      for (const b of c.per) expect(b.den).toBe(b.answered + b.abandoned - b.short);
      expect(c.den).toBe(c.answered + c.abandoned - c.short);
      expect(c.num).toBeLessThan(c.answered);
    });

    it("Include Flowouts adds flow-outs to the denominator", async () => {
      const base = await counts({});
      const c = await counts({ serviceLevelIncludeFlowOuts: true });
      for (const b of c.per) expect(b.den).toBe(b.answered + b.abandoned - b.short + b.flowOut);
      expect(c.den).toBe(base.den + base.flowOut);
      expect(c.num).toBe(base.num);
    });

    it("Include Short Abandons keeps short abandons in the denominator", async () => {
      const base = await counts({});
      const c = await counts({ serviceLevelIncludeShortAbandons: true });
      for (const b of c.per) expect(b.den).toBe(b.answered + b.abandoned);
      expect(c.den).toBe(base.den + base.short);
      expect(c.num).toBe(base.num);
    });

    it("Include Abandons off leaves abandons (short or not) out of the denominator", async () => {
      const base = await counts({});
      const c = await counts({ serviceLevelIncludeAbandons: false });
      for (const b of c.per) expect(b.den).toBe(b.answered);
      expect(c.den).toBe(base.answered);
      const withFlowOuts = await counts({
        serviceLevelIncludeAbandons: false,
        serviceLevelIncludeFlowOuts: true,
        serviceLevelIncludeShortAbandons: true,
      });
      expect(withFlowOuts.den).toBe(base.answered + base.flowOut);
    });

    it("the short-abandon threshold decides what tShortAbandon counts and so the denominator", async () => {
      const base = await counts({});
      const longer = await counts({ shortAbandonSeconds: 60 });
      const none = await counts({ shortAbandonSeconds: 0 });
      expect(longer.abandoned).toBe(base.abandoned);
      expect(longer.short).toBeGreaterThan(base.short);
      expect(longer.den).toBe(base.den - (longer.short - base.short));
      expect(none.short).toBe(0);
      expect(none.den).toBe(base.answered + base.abandoned);
    });

    it("reads the settings from SIM_* variables, validated", () => {
      const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;
      expect(
        simulatorOptionsFromEnv(
          env({
            SIM_SL_INCLUDE_FLOWOUTS: "true",
            SIM_SL_INCLUDE_SHORT_ABANDONS: "yes",
            SIM_SL_INCLUDE_ABANDONS: "off",
            SIM_SHORT_ABANDON_SECONDS: "7.5",
          }),
        ),
      ).toEqual({
        serviceLevelIncludeFlowOuts: true,
        serviceLevelIncludeShortAbandons: true,
        serviceLevelIncludeAbandons: false,
        shortAbandonSeconds: 7.5,
      });
      expect(() => simulatorOptionsFromEnv(env({ SIM_SL_INCLUDE_FLOWOUTS: "maybe" }))).toThrow(/SIM_SL_INCLUDE_FLOWOUTS/);
      expect(() => simulatorOptionsFromEnv(env({ SIM_SHORT_ABANDON_SECONDS: "-1" }))).toThrow(/SIM_SHORT_ABANDON_SECONDS/);
      expect(() => simulatorOptionsFromEnv(env({ SIM_SHORT_ABANDON_SECONDS: "ten" }))).toThrow(/SIM_SHORT_ABANDON_SECONDS/);
    });
  });

  it("honours alternateTimeDimension eventTime (the default) and refuses any other value, naming the field", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const body = {
      interval: interval(todayStart - DAY, todayStart),
      granularity: "PT1H",
      groupBy: ["queueId"],
      metrics: ["nOffered", "tAnswered"],
    };
    const plain = await api(sim, token, "POST", AGG, body);
    const eventTime = await api(sim, token, "POST", AGG, { ...body, alternateTimeDimension: "eventTime" });
    expect(eventTime.status).toBe(200);
    expect(eventTime.text).toBe(plain.text);
    for (const value of ["conversationStart", "EVENTTIME", ""]) {
      const res = await api(sim, token, "POST", AGG, { ...body, alternateTimeDimension: value });
      expect(res.status).toBe(400);
      const err = errorBody.parse(res.json);
      expect(err.code).toBe("invalid.value");
      expect(err.message).toMatch(/alternateTimeDimension/);
      expect(err.details).toEqual([{ errorCode: "invalid.value", fieldName: "alternateTimeDimension" }]);
    }
  });
});

type AcdStay = { media: string; enter: number; exit: number };

/** Every ACD stay of the conversations with activity in [start, end) (an async job), with both ends. */
async function acdStaysTouching(sim: Simulator, token: string, start: number, end: number): Promise<AcdStay[]> {
  const JOBS = "/api/v2/analytics/conversations/details/jobs";
  const created = await api(sim, token, "POST", JOBS, { interval: interval(start, end) });
  expect(created.status).toBe(202);
  const out: AcdStay[] = [];
  let cursor: string | undefined;
  do {
    const q = new URLSearchParams({ pageSize: "1000", ...(cursor ? { cursor } : {}) });
    const res = await api(sim, token, "GET", `${JOBS}/${created.json.jobId}/results?${q}`);
    expect(res.status).toBe(200);
    for (const c of (res.json.conversations ?? []) as AnalyticsConversation[]) {
      const acd = c.participants?.find((p) => p.purpose === "acd")?.sessions?.[0];
      const seg = acd?.segments?.[0];
      if (!acd || !seg) continue;
      expect(seg.segmentEnd).toBeDefined(); // a closed day: every stay has ended by now
      out.push({ media: acd.mediaType!, enter: Date.parse(seg.segmentStart!), exit: Date.parse(seg.segmentEnd!) });
    }
    cursor = res.json.cursor;
  } while (cursor);
  return out;
}
