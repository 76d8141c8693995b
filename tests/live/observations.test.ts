import { describe, expect, it } from "vitest";
import { queueObservationQueryResponse } from "@/lib/genesys/schemas";
import { MAX_QUEUES_PER_QUERY, observationQueries, parseObservations, waitedSeconds } from "@/lib/live/observations";
import { renderLiveSnapshot } from "@/lib/live/render";
import type { ObservedState } from "@/lib/live/observed-state";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `q${i}`);

describe("observation queries", () => {
  it("asks for at most 200 queues a query and for every queue once", () => {
    const queries = observationQueries(ids(450));
    expect(queries.map((q) => q.filter.predicates!.length)).toEqual([MAX_QUEUES_PER_QUERY, MAX_QUEUES_PER_QUERY, 50]);
    const asked = queries.flatMap((q) => q.filter.predicates!.map((p) => p.value));
    expect(new Set(asked).size).toBe(450);
    expect(queries[0]!.metrics).toContain("oLongestWaiting");
  });

  it("asks nothing for no queues", () => {
    expect(observationQueries([])).toEqual([]);
  });
});

describe("parsing the answer (non-sparse media groups, qualified user metrics)", () => {
  const observedAt = Date.parse("2026-11-26T12:00:00Z");
  // Parsed as the client parses every answer.
  const answer = queueObservationQueryResponse.parse({
    systemToOrganizationMappings: {},
    results: [
      {
        group: { queueId: "q1" },
        data: [
          { metric: "oMemberUsers", stats: { count: 12 } },
          { metric: "oOnQueueUsers", qualifier: "IDLE", stats: { count: 3 } },
          { metric: "oOnQueueUsers", qualifier: "INTERACTING", stats: { count: 4 } },
          { metric: "oOffQueueUsers", stats: { count: 5 } },
          { metric: "oUserRoutingStatuses", qualifier: "IDLE", stats: { count: 3 } },
          { metric: "oUserRoutingStatuses", qualifier: "INTERACTING", stats: { count: 4 } },
          { metric: "oUserRoutingStatuses", qualifier: "NOT_RESPONDING", stats: { count: 1 } },
          { metric: "oUserRoutingStatuses", qualifier: "OFF_QUEUE", stats: { count: 5 } },
        ],
      },
      {
        group: { queueId: "q1", mediaType: "voice" },
        data: [
          { metric: "oWaiting", stats: { count: 2 }, truncated: false, observations: [] },
          { metric: "oInteracting", stats: { count: 4 } },
          { metric: "oAlerting", stats: { count: 1 } },
          { metric: "oLongestWaiting", stats: { calculatedMetricValue: observedAt - 95_000 } },
        ],
      },
      {
        group: { queueId: "q1", mediaType: "chat" },
        data: [
          { metric: "oWaiting", stats: { count: 1 } },
          { metric: "oInteracting", stats: { count: 0 } },
          { metric: "oAlerting", stats: { count: 0 } },
          { metric: "oLongestWaiting", stats: { calculatedMetricValue: observedAt - 30_000 } },
        ],
      },
      { group: { queueId: "q2", mediaType: "voice" }, data: [{ metric: "oWaiting", stats: { count: 0 } }] },
    ],
  });

  it("counts waiting per media and in all, agents by routing status, and the longest wait as an age", () => {
    const [q1, q2] = parseObservations([answer], ["q1", "q2", "q-gone"]);
    expect(q1!.media.map((m) => [m.mediaType, m.waiting, m.interacting, m.alerting])).toEqual([
      ["voice", 2, 4, 1],
      ["chat", 1, 0, 0],
    ]);
    expect(q1!.agents).toEqual({ members: 12, onQueue: 7, offQueue: 5, idle: 3, interacting: 4, communicating: 0, notResponding: 1 });
    expect(q2!.agents.members).toBe(0);
    const state: ObservedState = {
      observedAt: new Date(observedAt).toISOString(),
      attemptAt: new Date(observedAt).toISOString(),
      via: "poll",
      source: { mode: "simulator", environment: "simulator" },
      queues: [
        { ...q1!, name: "Sales" },
        { ...q2!, name: "Support" },
      ],
    };
    const all = renderLiveSnapshot(state, { visible: null }, null, observedAt, 10);
    expect(all.queues[0]).toMatchObject({ waiting: 3, interacting: 4, alerting: 1, longestWaitingSeconds: 95 });
    expect(all.queues[1]).toMatchObject({ waiting: 0, longestWaitingSeconds: null });
    expect(all.totals).toMatchObject({ waiting: 3, longestWaitingSeconds: 95, today: null });
    expect(all.stale).toBe(false);
    const chat = renderLiveSnapshot(state, { visible: null, mediaType: "chat" }, null, observedAt, 10);
    expect(chat.queues[0]).toMatchObject({ waiting: 1, longestWaitingSeconds: 30, byMedia: [{ mediaType: "chat", waiting: 1 }] });
    const mine = renderLiveSnapshot(state, { visible: new Set(["q2"]) }, null, observedAt, 10);
    expect(mine.queues.map((q) => q.name)).toEqual(["Support"]);
  });

  it("says a snapshot is stale when its observation is overdue, and why", () => {
    const state: ObservedState = {
      observedAt: new Date(observedAt).toISOString(),
      attemptAt: new Date(observedAt).toISOString(),
      via: "poll",
      source: { mode: "simulator", environment: "simulator" },
      queues: [],
    };
    expect(renderLiveSnapshot(state, { visible: null }, null, observedAt + 25_000, 10).stale).toBe(false);
    const late = renderLiveSnapshot(state, { visible: null }, null, observedAt + 31_000, 10);
    expect(late.stale).toBe(true);
    expect(late.error).toMatch(/no new observation since/);
  });

  it("turns the longest waiter's start into seconds waited, never negative", () => {
    expect(waitedSeconds(1_000, 62_400)).toBe(61);
    expect(waitedSeconds(5_000, 1_000)).toBe(0);
    expect(waitedSeconds(null, 1_000)).toBeNull();
  });
});
