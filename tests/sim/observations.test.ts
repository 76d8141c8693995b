import { describe, expect, it } from "vitest";
import {
  QUEUE_OBSERVATION_METRICS,
  errorBody,
  queueObservationQueryResponse,
  type AnalyticsConversation,
  type ObservationMetricData,
  type QueueObservationQueryResponse,
} from "@/lib/genesys/schemas";
import { SIM_DIVISION_CLIENT_ID, SIM_DIVISION_CLIENT_SECRET, type Simulator } from "@/lib/sim";
import { DAY, NOW, api, clientToken, iso, testSim, userToken } from "./helpers";

const OBSERVATIONS = "/api/v2/analytics/queues/observations/query";
const DETAILS = "/api/v2/analytics/conversations/details/query";
const MEDIA = ["voice", "chat", "message", "email", "callback"];
const CONVERSATION_METRICS = ["oWaiting", "oInteracting", "oAlerting", "oLongestWaiting", "oLongestInteracting"];
const USER_METRICS = ["oMemberUsers", "oActiveUsers", "oOnQueueUsers", "oOffQueueUsers", "oUserRoutingStatuses", "oUserPresences"];

const byQueues = (ids: string[]) => ({ type: "or", predicates: ids.map((value) => ({ dimension: "queueId", value })) });

async function observe(sim: Simulator, token: string, body: unknown): Promise<QueueObservationQueryResponse> {
  const res = await api(sim, token, "POST", OBSERVATIONS, body);
  expect(res.status, res.text).toBe(200);
  return queueObservationQueryResponse.parse(res.json);
}

/** The data of a group: queue only (user metrics) or queue and media (conversation metrics). */
function groupData(r: QueueObservationQueryResponse, queueId: string, mediaType?: string): ObservationMetricData[] {
  const g = r.results?.find((x) => x.group?.queueId === queueId && x.group?.mediaType === mediaType);
  return g?.data ?? [];
}
const countOf = (data: ObservationMetricData[], metric: string, qualifier?: string) =>
  data.find((d) => d.metric === metric && d.qualifier === qualifier)?.stats?.count ?? 0;
const sumOf = (data: ObservationMetricData[], metric: string) =>
  data.filter((d) => d.metric === metric).reduce((s, d) => s + (d.stats?.count ?? 0), 0);

/** Every conversation of the UTC day of NOW in the given queues, through the details query. */
async function detailsToday(sim: Simulator, token: string, queueIds: string[]): Promise<AnalyticsConversation[]> {
  const dayStart = Math.floor(NOW / DAY) * DAY;
  const out: AnalyticsConversation[] = [];
  for (let page = 1; ; page++) {
    const res = await api(sim, token, "POST", DETAILS, {
      interval: `${iso(dayStart)}/${iso(dayStart + DAY)}`,
      segmentFilters: [{ type: "or", predicates: queueIds.map((value) => ({ dimension: "queueId", value })) }],
      paging: { pageSize: 100, pageNumber: page },
    });
    expect(res.status).toBe(200);
    if (!res.json.conversations) return out;
    out.push(...res.json.conversations);
  }
}

type Derived = {
  conversationId: string;
  queueId: string;
  mediaType: string;
  state: "oWaiting" | "oAlerting" | "oInteracting";
  at: string;
  userId?: string;
};

/** What the details say a conversation is doing at NOW (segments still open have no segmentEnd). */
function stateFromDetails(c: AnalyticsConversation): Derived | null {
  const acd = c.participants?.find((p) => p.purpose === "acd")?.sessions?.[0];
  const acdSeg = acd?.segments?.[0];
  if (!acd || !acdSeg?.queueId) return null;
  const base = { conversationId: c.conversationId, queueId: acdSeg.queueId, mediaType: acd.mediaType! };
  const agents = (c.participants ?? []).filter((p) => p.purpose === "agent");
  const open = (types: string[]) => {
    for (const p of agents) {
      const seg = p.sessions?.[0]?.segments?.find((s) => !s.segmentEnd && types.includes(s.segmentType!));
      if (seg) return { p, seg };
    }
    return null;
  };
  if (!acdSeg.segmentEnd) {
    const alert = open(["alert"]);
    return alert
      ? { ...base, state: "oAlerting", at: alert.seg.segmentStart, userId: alert.p.userId! }
      : { ...base, state: "oWaiting", at: acdSeg.segmentStart };
  }
  const working = open(["interact", "hold", "wrapup"]);
  if (!working) return null;
  const answered = working.p.sessions![0]!.segments!.find((s) => s.segmentType === "interact")!;
  return { ...base, state: "oInteracting", at: answered.segmentStart, userId: working.p.userId! };
}

describe("POST /api/v2/analytics/queues/observations/query: the request", () => {
  it("requires filter and metrics, knows only the model's metrics and dimensions, and refuses oLongest* as detail metrics", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const q = sim.org.queues[0]!.id;
    const cases: [body: unknown, code: string, field?: string][] = [
      [{ metrics: ["oWaiting"] }, "required.field.missing", "filter"],
      [{ filter: byQueues([q]) }, "required.field.missing", "metrics"],
      [{ filter: byQueues([q]), metrics: ["oWaiting", "oServiceLevel"] }, "invalid.value", "metrics[1]"],
      [{ filter: byQueues([q]), metrics: ["oWaiting"], detailMetrics: ["oLongestWaiting"] }, "invalid.value", "detailMetrics[0]"],
      [
        { filter: { type: "or", predicates: [{ dimension: "userId", value: "x" }] }, metrics: ["oWaiting"] },
        "invalid.value",
        "filter.predicates[0].dimension",
      ],
      [{ filter: byQueues([q]), metrics: ["oWaiting"], groupBy: ["queueId"] }, "bad.request"],
      [{ filter: byQueues([q]), metrics: [] }, "invalid.value", "metrics"],
    ];
    for (const [body, code, field] of cases) {
      const res = await api(sim, token, "POST", OBSERVATIONS, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = errorBody.parse(res.json);
      expect(err.code).toBe(code);
      if (field) expect(err.details?.[0]?.fieldName).toBe(field);
    }
    const bad = await api(sim, token, "POST", OBSERVATIONS, { filter: byQueues([q]), metrics: ["oWaiting", "oServiceLevel"] });
    expect(bad.json.message).toContain("[oServiceLevel]");
  });

  it("allows at most 200 predicates in all, and says so with the ErrorBody's limit", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const ids = Array.from({ length: 200 }, (_, i) => sim.org.queues[i % sim.org.queues.length]!.id);
    expect((await api(sim, token, "POST", OBSERVATIONS, { filter: byQueues(ids), metrics: ["oWaiting"] })).status).toBe(200);
    // 199 in a clause plus 2 at the top level: 201.
    const over = {
      type: "and",
      predicates: [
        { dimension: "mediaType", value: "voice" },
        { dimension: "mediaType", operator: "exists" },
      ],
      clauses: [{ type: "or", predicates: ids.slice(0, 199).map((value) => ({ dimension: "queueId", value })) }],
    };
    const res = await api(sim, token, "POST", OBSERVATIONS, { filter: over, metrics: ["oWaiting"] });
    expect(res.status).toBe(400);
    const err = errorBody.parse(res.json);
    expect(err).toMatchObject({
      code: "bad.request",
      status: 400,
      limit: { key: "queue.observations.query.predicates.max", namespace: "analytics.realtime", value: 200 },
    });
    expect(err.message).toContain("201 predicates");
    expect(err.message).toContain("at most 200");
  });

  it("needs queueId predicates that name the queues: a filter on media alone is refused", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const res = await api(sim, token, "POST", OBSERVATIONS, {
      filter: { type: "or", predicates: [{ dimension: "mediaType", value: "voice" }] },
      metrics: ["oWaiting"],
    });
    expect(res.status).toBe(400);
    expect(errorBody.parse(res.json)).toMatchObject({ code: "bad.request", details: [{ fieldName: "filter" }] });
  });
});

describe("POST /api/v2/analytics/queues/observations/query: the answer", () => {
  it("groups conversation metrics per queue and media with zero counts, user metrics per queue without them", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const ids = sim.org.queues.slice(0, 4).map((q) => q.id);
    const r = await observe(sim, token, { filter: byQueues(ids), metrics: [...QUEUE_OBSERVATION_METRICS] });
    expect(r.results).toHaveLength(ids.length * (1 + MEDIA.length));
    for (const id of ids) {
      const users = r.results!.filter((g) => g.group?.queueId === id && g.group.mediaType === undefined);
      expect(users).toHaveLength(1);
      for (const d of users[0]!.data!) {
        expect(USER_METRICS).toContain(d.metric);
        expect(d.stats?.count).toBeGreaterThan(0); // zero counts left out
      }
      expect(r.results!.filter((g) => g.group?.queueId === id && g.group.mediaType).map((g) => g.group!.mediaType)).toEqual(MEDIA);
      for (const m of MEDIA) {
        const data = groupData(r, id, m);
        for (const metric of ["oWaiting", "oInteracting", "oAlerting"]) {
          const d = data.find((x) => x.metric === metric)!;
          expect(d.stats?.count).toBeGreaterThanOrEqual(0); // present, zero or not
          expect(d.truncated).toBeUndefined(); // no detailMetrics asked
          expect(d.observations).toBeUndefined();
        }
        for (const d of data) expect(CONVERSATION_METRICS).toContain(d.metric);
      }
      // Nothing arrives as a callback here: all zero, and no longest waiter.
      expect(groupData(r, id, "callback").map((d) => [d.metric, d.stats!.count])).toEqual([
        ["oAlerting", 0],
        ["oInteracting", 0],
        ["oWaiting", 0],
      ]); // in the order the metrics were asked for
    }
    // Busy weekday noon: somebody waits and somebody talks somewhere.
    expect(r.results!.some((g) => g.data!.some((d) => d.metric === "oInteracting" && d.stats!.count! > 0))).toBe(true);
  });

  it("derives waiting, alerting and interacting from the same traffic as the details endpoints", async () => {
    const sim = testSim({ queueObservationDetailsMax: 100_000 });
    const token = await clientToken(sim);
    const queues = sim.org.queues.slice(0, 6);
    const ids = queues.map((q) => q.id);
    const r = await observe(sim, token, {
      filter: byQueues(ids),
      metrics: ["oWaiting", "oInteracting", "oAlerting"],
      detailMetrics: ["oWaiting", "oInteracting", "oAlerting"],
    });
    const conversations = await detailsToday(sim, token, ids);
    const expected = new Map<string, Derived[]>();
    const byConversation = new Map(conversations.map((c) => [c.conversationId, c]));
    for (const c of conversations) {
      const d = stateFromDetails(c);
      if (!d) continue;
      const key = `${d.queueId}|${d.mediaType}|${d.state}`;
      expected.set(key, [...(expected.get(key) ?? []), d]);
    }
    let seen = 0;
    for (const id of ids) {
      for (const m of MEDIA) {
        for (const metric of ["oWaiting", "oAlerting", "oInteracting"] as const) {
          const d = groupData(r, id, m).find((x) => x.metric === metric)!;
          const want = expected.get(`${id}|${m}|${metric}`) ?? [];
          expect(d.stats?.count, `${id} ${m} ${metric}`).toBe(want.length);
          if (want.length === 0) {
            expect(d.observations).toBeUndefined();
            continue;
          }
          seen += want.length;
          expect(d.truncated).toBe(false);
          const obs = d.observations!;
          expect(obs.map((o) => o.observationDate)).toEqual([...obs.map((o) => o.observationDate)].sort());
          expect(new Set(obs.map((o) => o.conversationId))).toEqual(new Set(want.map((w) => w.conversationId)));
          const byId = new Map(obs.map((o) => [o.conversationId!, o]));
          for (const w of want) {
            const o = byId.get(w.conversationId)!;
            expect(o.observationDate).toBe(w.at);
            expect(o.userId).toBe(w.userId);
            const customer = byConversation.get(w.conversationId)!.participants![0]!;
            const session = customer.sessions![0]!;
            expect(o).toMatchObject({
              sessionId: session.sessionId,
              participantName: customer.participantName,
              direction: "inbound",
              routingPriority: 0,
            });
            if (m === "voice") expect(o).toMatchObject({ ani: session.ani, dnis: session.dnis });
            else expect(o.ani).toBeUndefined();
          }
        }
      }
    }
    expect(seen).toBeGreaterThan(5);
  });

  it("gives oLongestWaiting / oLongestInteracting as the epoch ms the longest one began, and leaves them out when nobody is there", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const ids = sim.org.queues.map((q) => q.id);
    const r = await observe(sim, token, {
      filter: byQueues(ids),
      metrics: ["oWaiting", "oInteracting", "oLongestWaiting", "oLongestInteracting"],
      detailMetrics: ["oWaiting", "oInteracting"],
    });
    let checked = 0;
    let absent = 0;
    for (const g of r.results!) {
      for (const [count, longest] of [
        ["oWaiting", "oLongestWaiting"],
        ["oInteracting", "oLongestInteracting"],
      ] as const) {
        const c = g.data!.find((d) => d.metric === count)!;
        const l = g.data!.find((d) => d.metric === longest);
        if (c.stats!.count === 0) {
          expect(l).toBeUndefined();
          absent++;
          continue;
        }
        expect(l!.stats).toEqual({ calculatedMetricValue: Date.parse(c.observations![0]!.observationDate) });
        expect(l!.stats!.calculatedMetricValue!).toBeLessThanOrEqual(NOW);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
    expect(absent).toBeGreaterThan(3);
  });

  it("truncates long observation lists to the oldest half and the newest half", async () => {
    const full = testSim({ queueObservationDetailsMax: 100_000 });
    const short = testSim({ queueObservationDetailsMax: 4 });
    const body = { filter: byQueues(full.org.queues.map((q) => q.id)), metrics: ["oWaiting"], detailMetrics: ["oWaiting"] };
    const a = await observe(full, await clientToken(full), body);
    const b = await observe(short, await clientToken(short), body);
    const big = a.results!.find((g) => g.data![0]!.stats!.count! > 5)!;
    const all = big.data![0]!.observations!;
    const cut = b.results!.find((g) => g.group!.queueId === big.group!.queueId && g.group!.mediaType === big.group!.mediaType)!.data![0]!;
    expect(cut.stats!.count).toBe(all.length);
    expect(cut.truncated).toBe(true);
    expect(cut.observations).toEqual([...all.slice(0, 2), ...all.slice(-2)]);
    // A list within the cap is whole and says so.
    const small = b.results!.find((g) => g.data![0]!.stats!.count! >= 1 && g.data![0]!.stats!.count! <= 4)!;
    expect(small.data![0]!.truncated).toBe(false);
    expect(small.data![0]!.observations).toHaveLength(small.data![0]!.stats!.count!);
  });

  it("answers a metric named only in detailMetrics too, as the official tutorial's sample shows", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const id = sim.org.queues[1]!.id;
    const r = await observe(sim, token, { filter: byQueues([id]), metrics: ["oUserRoutingStatuses"], detailMetrics: ["oInteracting"] });
    expect(groupData(r, id).every((d) => d.metric === "oUserRoutingStatuses")).toBe(true);
    for (const m of MEDIA) expect(groupData(r, id, m).map((d) => d.metric)).toEqual(["oInteracting"]);
  });

  it("applies mediaType predicates to the media groups", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const ids = sim.org.queues.slice(0, 3).map((q) => q.id);
    const filter = {
      type: "and",
      clauses: [
        { type: "or", predicates: ids.map((value) => ({ dimension: "queueId", value })) },
        {
          type: "or",
          predicates: [
            { dimension: "mediaType", value: "voice" },
            { dimension: "mediaType", value: "email" },
          ],
        },
      ],
    };
    const r = await observe(sim, token, { filter, metrics: ["oWaiting", "oMemberUsers"] });
    expect(r.results!.map((g) => g.group!.mediaType ?? "-")).toEqual(ids.flatMap(() => ["-", "voice", "email"]));
  });

  it("shows each queue's members, on queue by routing status, consistent with the conversations they handle", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const listing = await api(sim, token, "GET", "/api/v2/routing/queues?pageSize=100");
    const queues = listing.json.entities as { id: string; memberCount: number; joinedMemberCount: number }[];
    const r = await observe(sim, token, {
      filter: byQueues(queues.map((q) => q.id)),
      metrics: [...USER_METRICS, "oInteracting", "oAlerting"],
      detailMetrics: ["oUserRoutingStatuses", "oInteracting", "oAlerting"],
    });
    const presences = r.systemToOrganizationMappings!;
    expect(Object.keys(presences).sort()).toEqual([
      "AVAILABLE",
      "AWAY",
      "BREAK",
      "BUSY",
      "IDLE",
      "MEAL",
      "MEETING",
      "OFFLINE",
      "ON_QUEUE",
      "TRAINING",
    ]);
    const onQueuePresence = presences.ON_QUEUE![0]!;
    const statusOf = new Map<string, string>();
    let interactingUsers = 0;
    for (const q of queues) {
      const data = groupData(r, q.id);
      expect(countOf(data, "oMemberUsers")).toBe(q.memberCount);
      expect(countOf(data, "oActiveUsers")).toBe(q.joinedMemberCount);
      expect(sumOf(data, "oUserRoutingStatuses")).toBe(q.memberCount);
      expect(sumOf(data, "oUserPresences")).toBe(q.memberCount);
      const offQueue = countOf(data, "oUserRoutingStatuses", "OFF_QUEUE");
      expect(sumOf(data, "oOnQueueUsers")).toBe(q.memberCount - offQueue);
      expect(countOf(data, "oUserPresences", onQueuePresence)).toBe(q.memberCount - offQueue);
      expect(countOf(data, "oOffQueueUsers")).toBeLessThanOrEqual(offQueue);
      for (const s of ["IDLE", "INTERACTING", "COMMUNICATING", "NOT_RESPONDING"]) {
        expect(countOf(data, "oOnQueueUsers", s)).toBe(countOf(data, "oUserRoutingStatuses", s));
      }
      for (const d of data) {
        if (d.metric === "oUserPresences") expect(Object.values(presences).flat()).toContain(d.qualifier);
        if (d.metric === "oUserRoutingStatuses") {
          for (const o of d.observations!) {
            // A user's status is the same in every queue they belong to.
            if (statusOf.has(o.userId!)) expect(statusOf.get(o.userId!)).toBe(d.qualifier);
            statusOf.set(o.userId!, d.qualifier!);
            expect(sim.org.userById.has(o.userId!)).toBe(true);
            expect(Date.parse(o.observationDate)).toBeLessThanOrEqual(NOW);
          }
        }
      }
      // Everybody handling or being offered a conversation of this queue is INTERACTING (on queue).
      const busy = new Set(
        MEDIA.flatMap((m) =>
          groupData(r, q.id, m)
            .filter((d) => d.metric === "oInteracting" || d.metric === "oAlerting")
            .flatMap((d) => (d.observations ?? []).map((o) => o.userId!)),
        ),
      );
      expect(countOf(data, "oOnQueueUsers", "INTERACTING")).toBeGreaterThanOrEqual(busy.size);
      for (const u of busy) expect(statusOf.get(u)).toBe("INTERACTING");
      interactingUsers += busy.size;
    }
    expect(interactingUsers).toBeGreaterThan(0);
  });

  it("follows the daily curve: far fewer agents on queue at 3 a.m. than at the morning peak", async () => {
    const onQueueShare = async (at: number) => {
      const sim = testSim({ now: () => at });
      const token = await clientToken(sim);
      const r = await observe(sim, token, {
        filter: byQueues(sim.org.queues.map((q) => q.id)),
        metrics: ["oUserRoutingStatuses"],
        detailMetrics: ["oUserRoutingStatuses"],
      });
      const status = new Map<string, string>();
      for (const g of r.results!) for (const d of g.data!) for (const o of d.observations!) status.set(o.userId!, d.qualifier!);
      return [...status.values()].filter((s) => s !== "OFF_QUEUE").length / status.size;
    };
    const day = Math.floor(NOW / DAY) * DAY; // a Thursday
    const night = await onQueueShare(day + 3 * 3_600_000 + 600_000);
    const peak = await onQueueShare(day + 10 * 3_600_000 + 1_800_000);
    expect(night).toBeLessThan(0.35);
    expect(peak).toBeGreaterThan(0.7);
  });

  it("is deterministic: the same seed and clock give the same answer", async () => {
    const body = (sim: Simulator) => ({
      filter: byQueues(sim.org.queues.map((q) => q.id)),
      metrics: [...QUEUE_OBSERVATION_METRICS],
      detailMetrics: ["oWaiting", "oInteracting", "oAlerting", "oOnQueueUsers", "oUserPresences"],
    });
    const a = testSim();
    const b = testSim();
    const ra = await api(a, await clientToken(a), "POST", OBSERVATIONS, body(a));
    const rb = await api(b, await clientToken(b), "POST", OBSERVATIONS, body(b));
    expect(ra.text).toBe(rb.text);
    const c = testSim({ seed: 43 });
    const rc = await api(c, await clientToken(c), "POST", OBSERVATIONS, body(c));
    expect(rc.text).not.toBe(ra.text);
  });

  it("respects division reach: other divisions' queues (and unknown ids) are left out", async () => {
    const sim = testSim();
    const home = sim.org.divisions.find((d) => d.name === "Home")!;
    const ids = [...sim.org.queues.map((q) => q.id), "00000000-0000-4000-8000-000000000000"];
    const homeIds = sim.org.queues.filter((q) => q.divisionId === home.id).map((q) => q.id);
    const body = { filter: byQueues(ids), metrics: ["oWaiting", "oMemberUsers"] };
    for (const token of [await clientToken(sim, SIM_DIVISION_CLIENT_ID, SIM_DIVISION_CLIENT_SECRET), await userToken(sim, "agent")]) {
      const r = await observe(sim, token, body);
      expect([...new Set(r.results!.map((g) => g.group!.queueId))]).toEqual(homeIds);
    }
    const all = await observe(sim, await clientToken(sim), body);
    expect(new Set(all.results!.map((g) => g.group!.queueId)).size).toBe(sim.org.queues.length);
    // Nothing visible: no results at all.
    const other = sim.org.queues.find((q) => q.divisionId !== home.id)!;
    const none = await api(sim, await clientToken(sim, SIM_DIVISION_CLIENT_ID, SIM_DIVISION_CLIENT_SECRET), "POST", OBSERVATIONS, {
      filter: byQueues([other.id]),
      metrics: ["oWaiting"],
    });
    expect(none.status).toBe(200);
    expect(none.json).toEqual({});
  });
});
