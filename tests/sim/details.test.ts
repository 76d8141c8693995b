import { describe, expect, it } from "vitest";
import { analyticsConversation, conversationQueryResponse, errorBody, type AnalyticsConversation } from "@/lib/genesys/schemas";
import type { Simulator } from "@/lib/sim";
import { DAY, HOUR, NOW, api, clientToken, interval, iso, testSim, userToken } from "./helpers";

const DETAILS = "/api/v2/analytics/conversations/details/query";
const AGG = "/api/v2/analytics/conversations/aggregates/query";
const SESSION_METRICS = [
  "nConversations",
  "nOffered",
  "tAcd",
  "tWait",
  "tAnswered",
  "tAbandon",
  "tShortAbandon",
  "tFlowOut",
  "nOverSla",
  "tAlert",
  "tNotResponding",
  "nConnected",
  "tTalk",
  "tTalkComplete",
  "tHeld",
  "tHeldComplete",
  "nTransferred",
  "nBlindTransferred",
  "nConsultTransferred",
  "tAcw",
  "tHandle",
];

async function allDetails(sim: Simulator, token: string, body: Record<string, unknown>, pageSize = 100): Promise<AnalyticsConversation[]> {
  const out: AnalyticsConversation[] = [];
  for (let page = 1; ; page++) {
    const res = await api(sim, token, "POST", DETAILS, { ...body, paging: { pageSize, pageNumber: page } });
    expect(res.status).toBe(200);
    if (!res.json.conversations) break;
    out.push(...res.json.conversations);
  }
  return out;
}

function queueOf(c: AnalyticsConversation): string | undefined {
  const acd = c.participants?.find((p) => p.purpose === "acd");
  return acd?.sessions?.[0]?.segments?.[0]?.queueId;
}

describe("details query", () => {
  it("answers conversations that validate against the AnalyticsConversation schema, with customer, acd and agent participants", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const res = await api(sim, token, "POST", DETAILS, {
      interval: interval(NOW - 2 * HOUR, NOW - HOUR),
      paging: { pageSize: 100, pageNumber: 1 },
    });
    expect(res.status).toBe(200);
    const body = conversationQueryResponse.parse(res.json);
    expect(body.conversations!.length).toBe(100);
    expect(body.totalHits).toBeGreaterThan(100);
    for (const c of body.conversations!) {
      analyticsConversation.parse(c);
      expect(c.participants?.[0]?.purpose).toBe("customer");
      expect(c.participants?.some((p) => p.purpose === "acd")).toBe(true);
      expect(c.divisionIds).toEqual([sim.org.queueById.get(queueOf(c)!)!.divisionId]);
      expect(c.participants?.every((p) => p.attributes === undefined)).toBe(true); // WithoutAttributes
    }
    const answered = body.conversations!.find((c) =>
      c.participants?.some((p) => p.purpose === "agent" && p.sessions?.[0]?.metrics?.some((m) => m.name === "tHandle")),
    );
    const agent = answered!.participants!.find(
      (p) => p.purpose === "agent" && p.sessions?.[0]?.metrics?.some((m) => m.name === "tHandle"),
    )!;
    expect(sim.org.userById.has(agent.userId!)).toBe(true);
    const types = agent.sessions![0]!.segments!.map((s) => s.segmentType);
    expect(types[0]).toBe("alert");
    expect(types.at(-1)).toBe("wrapup");
    expect(agent.sessions![0]!.segments!.at(-1)!.wrapUpCode).toBeTruthy();
  });

  it("pages by pageNumber in conversationStart order and leaves `conversations` out past the last page", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const body = { interval: interval(NOW - 3 * HOUR, NOW - 2 * HOUR) };
    const first = await api(sim, token, "POST", DETAILS, { ...body, paging: { pageSize: 50, pageNumber: 1 } });
    const total = first.json.totalHits as number;
    const all = await allDetails(sim, token, body, 50);
    expect(all.length).toBe(total);
    expect(new Set(all.map((c) => c.conversationId)).size).toBe(total);
    const starts = all.map((c) => Date.parse(c.conversationStart));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const past = await api(sim, token, "POST", DETAILS, { ...body, paging: { pageSize: 50, pageNumber: Math.ceil(total / 50) + 1 } });
    expect(past.status).toBe(200);
    expect(past.json.conversations).toBeUndefined();
    expect(past.json.totalHits).toBe(total);
    const desc = await api(sim, token, "POST", DETAILS, { ...body, order: "desc", paging: { pageSize: 5, pageNumber: 1 } });
    expect(desc.json.conversations.map((c: AnalyticsConversation) => c.conversationId)).toEqual(
      all
        .slice(-5)
        .reverse()
        .map((c) => c.conversationId),
    );
    // Default paging: 25.
    expect((await api(sim, token, "POST", DETAILS, body)).json.conversations.length).toBe(25);
  });

  it("orders by conversationEnd when asked, ongoing conversations last", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const all = await allDetails(sim, token, { interval: interval(NOW - HOUR, NOW), orderBy: "conversationEnd" });
    const ends = all.map((c) => (c.conversationEnd ? Date.parse(c.conversationEnd) : Infinity));
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
    expect(ends.at(-1)).toBe(Infinity);
    expect(ends[0]).toBeLessThan(Infinity);
  });

  it("returns the conversations that started on a UTC day the interval touches, ongoing ones included, whether or not active in the interval", async () => {
    const sim = testSim({ jobDelayMs: 0 });
    const token = await clientToken(sim);
    const todayStart = Math.floor(NOW / DAY) * DAY;
    const start = NOW - HOUR;
    const all = await allDetails(sim, token, { interval: interval(start, NOW + HOUR) });
    const starts = all.map((c) => Date.parse(c.conversationStart));
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(todayStart);
    expect(Math.min(...starts)).toBeLessThan(todayStart + HOUR); // from the day's first hour…
    expect(Math.max(...starts)).toBeLessThanOrEqual(NOW); // …to now, nothing later
    expect(all.some((c) => c.conversationEnd && Date.parse(c.conversationEnd) < start)).toBe(true); // ended before the interval
    expect(all.some((c) => c.conversationEnd === undefined)).toBe(true); // still going
    for (const c of all)
      for (const p of c.participants ?? [])
        for (const sess of p.sessions ?? []) {
          for (const m of sess.metrics ?? []) expect(Date.parse(m.emitDate!)).toBeLessThanOrEqual(NOW);
          for (const seg of sess.segments ?? []) if (seg.segmentEnd) expect(Date.parse(seg.segmentEnd)).toBeLessThanOrEqual(NOW);
        }
    // Exactly the conversations an async job finds when it asks for activity since midnight and
    // conversations started after midnight (startOfDayIntervalMatching).
    const JOBS = "/api/v2/analytics/conversations/details/jobs";
    const { jobId } = (await api(sim, token, "POST", JOBS, { interval: interval(todayStart, NOW + 1), startOfDayIntervalMatching: true }))
      .json;
    const viaJob: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api(sim, token, "GET", `${JOBS}/${jobId}/results?pageSize=1000${cursor ? `&cursor=${cursor}` : ""}`);
      viaJob.push(...page.json.conversations.map((c: AnalyticsConversation) => c.conversationId));
      cursor = page.json.cursor;
    } while (cursor);
    expect(all.map((c) => c.conversationId)).toEqual(viaJob);

    // An interval across midnight touches two days: yesterday's conversations from its first hour.
    const across = await api(sim, token, "POST", DETAILS, {
      interval: interval(todayStart - HOUR, todayStart + HOUR),
      paging: { pageSize: 1, pageNumber: 1 },
    });
    expect(Date.parse(across.json.conversations[0].conversationStart)).toBeLessThan(todayStart - DAY + HOUR);
    expect(across.json.totalHits).toBeGreaterThan(all.length);
  });

  it("with detailsQueryRequiresActivity, only those of them with activity in the interval", async () => {
    const broad = testSim();
    const narrow = testSim({ detailsQueryRequiresActivity: true });
    const start = NOW - 2 * HOUR;
    const end = NOW - HOUR;
    const body = { interval: interval(start, end) };
    const a = await allDetails(broad, await clientToken(broad), body);
    const b = await allDetails(narrow, await clientToken(narrow), body);
    const active = (c: AnalyticsConversation) =>
      Date.parse(c.conversationStart) < end && (c.conversationEnd === undefined || Date.parse(c.conversationEnd) >= start);
    expect(b.length).toBeGreaterThan(0);
    expect(b.length).toBeLessThan(a.length);
    expect(b.map((c) => c.conversationId)).toEqual(a.filter(active).map((c) => c.conversationId));
    expect(() => testSim({ detailsQueryRequiresActivity: "yes" as never })).toThrow(/detailsQueryRequiresActivity/);
  });

  it("takes no snapshot: a page requested again after a conversation arrived has shifted", async () => {
    const clock = { now: NOW };
    const sim = testSim({ now: () => clock.now });
    const token = await clientToken(sim);
    const todayStart = Math.floor(NOW / DAY) * DAY;
    const body = { interval: interval(todayStart, todayStart + DAY), order: "desc" };
    const page = async (pageNumber: number) =>
      (await api(sim, token, "POST", DETAILS, { ...body, paging: { pageSize: 20, pageNumber } })).json;
    const ids = (cs: AnalyticsConversation[]) => cs.map((c) => c.conversationId);
    // Ask for page 1 every 2 seconds until conversations arrive.
    let before = await page(1);
    for (let i = 0; i < 300; i++) {
      const asked = clock.now;
      clock.now += 2_000;
      const first = await page(1);
      const arrived = first.totalHits - before.totalHits;
      if (arrived === 0) {
        expect(ids(first.conversations)).toEqual(ids(before.conversations));
        before = first;
        continue;
      }
      // Seen at the very next request: nothing is held back in a snapshot.
      expect(arrived).toBeGreaterThan(0);
      for (const c of first.conversations.slice(0, arrived)) expect(Date.parse(c.conversationStart)).toBeGreaterThan(asked);
      // The newcomers lead page 1, and what page 1 held moved down by as many: the tail of the
      // old page 1 is now on page 2 (a client paging through sees it twice).
      const second = await page(2);
      expect([...ids(first.conversations), ...ids(second.conversations)].slice(arrived, arrived + 20)).toEqual(ids(before.conversations));
      expect(ids(second.conversations)).toContain(ids(before.conversations).at(-1));
      return;
    }
    throw new Error("no conversation arrived in 10 minutes");
  });

  it("answers from cached past data exactly what a fresh evaluation answers, as time moves on", async () => {
    const clock = { now: NOW };
    const warm = testSim({ now: () => clock.now });
    const warmToken = await clientToken(warm);
    const bodies = [
      { interval: interval(NOW - 20 * HOUR, NOW + 2 * HOUR) },
      { interval: interval(NOW - 20 * HOUR, NOW + 2 * HOUR), order: "desc" },
      { interval: interval(NOW - 20 * HOUR, NOW + 2 * HOUR), orderBy: "conversationEnd" },
      { interval: interval(NOW - 20 * HOUR, NOW + 2 * HOUR), orderBy: "segmentEnd", order: "desc" },
    ];
    const pages = [1, 7, 40];
    for (const step of [0, 40 * 60_000, 3 * HOUR]) {
      clock.now = NOW + step;
      const fresh = testSim({ now: () => clock.now });
      const freshToken = await clientToken(fresh);
      for (const body of bodies)
        for (const pageNumber of pages) {
          const q = { ...body, paging: { pageSize: 100, pageNumber } };
          const a = await api(warm, warmToken, "POST", DETAILS, q);
          const b = await api(fresh, freshToken, "POST", DETAILS, q);
          expect(a.text).toBe(b.text);
        }
    }
  });

  it("agrees with aggregates: details' session metrics summed by emitDate equal the aggregate buckets per queue", async () => {
    const sim = testSim({ jobDelayMs: 0 });
    const token = await clientToken(sim);
    // Six whole hours ending in the current, unfinished hour: completed and ongoing conversations.
    const end = Math.ceil(NOW / HOUR) * HOUR;
    const start = end - 6 * HOUR;
    const agg = await api(sim, token, "POST", AGG, {
      interval: interval(start, end),
      granularity: "PT1H",
      groupBy: ["queueId"],
      metrics: SESSION_METRICS,
    });
    const expected = new Map<string, { count: number; sum: number; min: number; max: number }>();
    for (const r of agg.json.results)
      for (const d of r.data)
        for (const m of d.metrics) {
          const s = m.stats;
          expected.set(`${r.group.queueId}|${d.interval}|${m.metric}`, {
            count: s.count,
            sum: s.sum ?? s.count,
            min: s.min ?? 1,
            max: s.max ?? 1,
          });
        }

    // The sync query returns conversations by the day they started: ask from the day before, so
    // every conversation with a metric emitted in [start, end) is among them (none lasts a day).
    const conversations = await allDetails(sim, token, { interval: interval(start - DAY, end) });
    const actual = new Map<string, { count: number; sum: number; min: number; max: number }>();
    for (const c of conversations) {
      const queueId = queueOf(c);
      if (!queueId) {
        // Still in the IVR: no queue yet, and so no metrics.
        expect(c.participants!.flatMap((p) => p.sessions!.flatMap((s) => s.metrics ?? []))).toEqual([]);
        continue;
      }
      for (const p of c.participants ?? [])
        for (const s of p.sessions ?? [])
          for (const m of s.metrics ?? []) {
            const t = Date.parse(m.emitDate!);
            if (t < start || t >= end) continue;
            const b = Math.floor((t - start) / HOUR) * HOUR + start;
            const key = `${queueId}|${iso(b)}/${iso(b + HOUR)}|${m.name}`;
            const a = actual.get(key) ?? { count: 0, sum: 0, min: Infinity, max: -Infinity };
            a.count++;
            a.sum += m.value;
            a.min = Math.min(a.min, m.value);
            a.max = Math.max(a.max, m.value);
            actual.set(key, a);
          }
    }
    expect(actual.size).toBeGreaterThan(500);
    expect(actual).toEqual(expected);
    // Whatever emitted a metric in [start, end) is also what an async job for [start, end) finds.
    const emitting = conversations.filter((c) =>
      c.participants!.some((p) =>
        p.sessions!.some((sess) => (sess.metrics ?? []).some((m) => Date.parse(m.emitDate!) >= start && Date.parse(m.emitDate!) < end)),
      ),
    );
    const JOBS = "/api/v2/analytics/conversations/details/jobs";
    const { jobId } = (await api(sim, token, "POST", JOBS, { interval: interval(start, end) })).json;
    const viaJob = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await api(sim, token, "GET", `${JOBS}/${jobId}/results?pageSize=1000${cursor ? `&cursor=${cursor}` : ""}`);
      for (const c of page.json.conversations ?? []) viaJob.add(c.conversationId);
      cursor = page.json.cursor;
    } while (cursor);
    for (const c of emitting) expect(viaJob.has(c.conversationId)).toBe(true);
  });

  it("filters by segment (queueId, mediaType, purpose, userId, wrapUpCode) and by conversation (conversationId, divisionId)", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const iv = interval(NOW - 6 * HOUR, NOW - 4 * HOUR);
    const q = sim.org.queues.find((x) => x.mediaTypes.includes("voice") && x.mediaTypes.length > 1)!;
    const voiceInQ = await allDetails(sim, token, {
      interval: iv,
      segmentFilters: [
        { type: "and", predicates: [{ dimension: "queueId", value: q.id }] },
        { type: "and", predicates: [{ dimension: "mediaType", value: "voice" }] },
      ],
    });
    expect(voiceInQ.length).toBeGreaterThan(0);
    for (const c of voiceInQ) {
      expect(queueOf(c)).toBe(q.id);
      expect(c.participants![0]!.sessions![0]!.mediaType).toBe("voice");
    }

    const someAgent = voiceInQ.flatMap((c) => c.participants!.filter((p) => p.purpose === "agent" && p.userId)).at(0)!;
    const byUser = await allDetails(sim, token, {
      interval: iv,
      segmentFilters: [
        {
          type: "and",
          predicates: [
            { dimension: "userId", value: someAgent.userId! },
            { dimension: "purpose", value: "agent" },
          ],
        },
      ],
    });
    expect(byUser.length).toBeGreaterThan(0);
    expect(byUser.every((c) => c.participants!.some((p) => p.userId === someAgent.userId))).toBe(true);

    const code = sim.org.wrapUpCodes[0]!.id;
    const byCode = await allDetails(sim, token, {
      interval: iv,
      segmentFilters: [{ type: "or", predicates: [{ dimension: "wrapUpCode", value: code }] }],
    });
    expect(byCode.length).toBeGreaterThan(0);
    expect(
      byCode.every((c) => c.participants!.some((p) => p.sessions!.some((s) => s.segments!.some((seg) => seg.wrapUpCode === code)))),
    ).toBe(true);

    const ids = voiceInQ.slice(0, 3).map((c) => c.conversationId);
    const byId = await allDetails(sim, token, {
      interval: iv,
      conversationFilters: [{ type: "or", predicates: ids.map((id) => ({ dimension: "conversationId", value: id })) }],
    });
    expect(byId.map((c) => c.conversationId)).toEqual(ids);
    expect(byId).toEqual(voiceInQ.slice(0, 3));

    const division = sim.org.divisions[2]!;
    const byDivision = await allDetails(sim, token, {
      interval: iv,
      conversationFilters: [{ type: "and", predicates: [{ dimension: "divisionId", value: division.id }] }],
    });
    expect(byDivision.length).toBeGreaterThan(0);
    expect(byDivision.every((c) => c.divisionIds![0] === division.id)).toBe(true);

    // Conversations by id, and one conversation by id.
    const one = await api(sim, token, "GET", `/api/v2/analytics/conversations/${ids[0]}/details`);
    expect(one.json).toEqual(voiceInQ[0]);
    const several = await api(sim, token, "GET", `/api/v2/analytics/conversations/details?id=${ids.join(",")}`);
    expect(several.json.conversations.map((c: AnalyticsConversation) => c.conversationId)).toEqual(ids);
    expect((await api(sim, token, "GET", "/api/v2/analytics/conversations/00000000-0000-4000-8000-000000000000/details")).status).toBe(404);
  });

  it("only shows conversations in the token's divisions", async () => {
    const sim = testSim();
    const agent = await userToken(sim, "agent");
    const home = sim.org.divisions[0]!.id;
    const all = await allDetails(sim, agent, { interval: interval(NOW - 2 * HOUR, NOW - HOUR) });
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((c) => c.divisionIds![0] === home)).toBe(true);
  });

  it("is deterministic across simulators with the same seed", async () => {
    const body = { interval: interval(NOW - 5 * HOUR, NOW - 4 * HOUR), paging: { pageSize: 20, pageNumber: 2 } };
    const a = testSim({ seed: 5 });
    const b = testSim({ seed: 5 });
    const ra = await api(a, await clientToken(a), "POST", DETAILS, body);
    const rb = await api(b, await clientToken(b), "POST", DETAILS, body);
    expect(ra.text).toBe(rb.text);
  });

  describe("is strict", () => {
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ["an oversized page", { paging: { pageSize: 101, pageNumber: 1 } }, "invalid.value", /pageSize/],
      ["paging beyond the result cap", { paging: { pageSize: 100, pageNumber: 1001 } }, "bad.request", /100000/],
      ["an interval over 7 days", { interval: interval(NOW - 8 * DAY, NOW) }, "bad.request", /7 days/],
      ["a cursor field (there is none)", { cursor: "abc" }, "bad.request", /cursor/],
      [
        "an unknown segment dimension",
        { segmentFilters: [{ type: "and", predicates: [{ dimension: "skill", value: "x" }] }] },
        "invalid.value",
        /skill/,
      ],
      ["paging without pageNumber", { paging: { pageSize: 10 } }, "required.field.missing", /pageNumber/],
      ["startOfDayIntervalMatching (a job field)", { startOfDayIntervalMatching: true }, "bad.request", /startOfDayIntervalMatching/],
      ["an unknown orderBy", { orderBy: "segmentDuration" }, "invalid.value", /orderBy/],
    ];
    for (const [what, over, code, message] of cases) {
      it(`400 ${code} for ${what}`, async () => {
        const sim = testSim();
        const token = await clientToken(sim);
        const res = await api(sim, token, "POST", DETAILS, { interval: interval(NOW - 2 * HOUR, NOW), ...over });
        expect(res.status).toBe(400);
        const body = errorBody.parse(res.json);
        expect(body.code).toBe(code);
        expect(body.message).toMatch(message);
      });
    }
  });
});
