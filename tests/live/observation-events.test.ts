import { describe, expect, it } from "vitest";
import { applyObservationEvent, observationEventBody, observationsTopic, OBSERVATIONS_TOPIC } from "@/lib/live/observation-events";
import { emptyAgents } from "@/lib/live/observations";
import type { ObservedState } from "@/lib/live/observed-state";

const state: ObservedState = {
  observedAt: "2026-11-26T12:00:00.000Z",
  attemptAt: "2026-11-26T12:00:00.000Z",
  via: "notifications",
  source: { mode: "simulator", environment: "simulator" },
  queues: [
    {
      queueId: "q1",
      name: "Sales",
      agents: { ...emptyAgents(), members: 10, onQueue: 6, offQueue: 4, idle: 2, interacting: 4 },
      media: [{ mediaType: "voice", waiting: 1, interacting: 4, alerting: 0, longestWaitingSince: 1_000 }],
    },
  ],
};

const event = (body: unknown) => observationEventBody.parse(body);

describe("observation events", () => {
  it("names and recognises the queue's topic", () => {
    expect(observationsTopic("q1")).toBe("v2.analytics.queues.q1.observations");
    expect(OBSERVATIONS_TOPIC.exec("v2.analytics.queues.q1.observations")?.[1]).toBe("q1");
    expect(OBSERVATIONS_TOPIC.test("v2.routing.queues.q1.conversations")).toBe(false);
  });

  it("sets a media group's listed counts and leaves the rest", () => {
    const next = applyObservationEvent(
      state,
      event({
        group: { queueId: "q1", mediaType: "voice" },
        data: [{ interval: "x", metrics: [{ metric: "oWaiting", stats: { count: 5 } }] }],
      }),
    )!;
    expect(next.queues[0]!.media[0]).toMatchObject({ waiting: 5, interacting: 4, longestWaitingSince: 1_000 });
    // The state it came from is unchanged.
    expect(state.queues[0]!.media[0]!.waiting).toBe(1);
  });

  it("adds a media group it had not seen, and replaces the user metrics an event lists", () => {
    const chat = applyObservationEvent(
      state,
      event({ group: { queueId: "q1", mediaType: "chat" }, data: [{ metrics: [{ metric: "oAlerting", stats: { count: 2 } }] }] }),
    )!;
    expect(chat.queues[0]!.media.map((m) => [m.mediaType, m.alerting])).toEqual([
      ["voice", 0],
      ["chat", 2],
    ]);
    const users = applyObservationEvent(
      state,
      event({
        group: { queueId: "q1" },
        data: [
          {
            metrics: [
              { metric: "oUserRoutingStatuses", qualifier: "IDLE", stats: { count: 1 } },
              { metric: "oUserRoutingStatuses", qualifier: "NOT_RESPONDING", stats: { count: 2 } },
            ],
          },
        ],
      }),
    )!;
    expect(users.queues[0]!.agents).toMatchObject({ members: 10, onQueue: 6, idle: 1, interacting: 0, notResponding: 2 });
  });

  it("forgets the longest wait once nobody waits (the metric is left out then)", () => {
    const next = applyObservationEvent(
      state,
      event({ group: { queueId: "q1", mediaType: "voice" }, data: [{ metrics: [{ metric: "oWaiting", stats: { count: 0 } }] }] }),
    )!;
    expect(next.queues[0]!.media[0]).toMatchObject({ waiting: 0, longestWaitingSince: null });
  });

  it("ignores an event for a queue it does not observe", () => {
    expect(applyObservationEvent(state, event({ group: { queueId: "elsewhere", mediaType: "voice" }, data: [] }))).toBeNull();
  });
});
