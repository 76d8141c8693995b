/**
 * The wallboard's polite live region says only meaningful changes (a threshold crossed, stale or
 * recovered), at most every 30 s, and never the numbers' every move.
 */
import { describe, expect, it } from "vitest";
import {
  ANNOUNCE_EVERY_MS,
  QUIET_ANNOUNCER,
  announce,
  changesBetween,
  conditionsOf,
  sentenceOf,
  type Announcer,
} from "@/app/ui/live/announcer";
import { parseSnapshotEvent } from "@/app/ui/live/use-live-snapshot";
import type { LiveQueue, LiveSnapshot } from "@/lib/model/live-snapshot";
import type { QueueMetrics } from "@/lib/model/queue-report";

const agents = { members: 10, onQueue: 8, offQueue: 2, idle: 4, interacting: 4, communicating: 0, notResponding: 0 };

function today(serviceLevel: number | null): QueueMetrics {
  return {
    offered: 100,
    answered: 90,
    abandoned: 5,
    flowOut: 0,
    transferred: 0,
    answerRate: 0.9,
    abandonRate: 0.05,
    asaSeconds: 12,
    ahtSeconds: 200,
    avgTalkSeconds: 150,
    avgHoldSeconds: 10,
    avgAcwSeconds: 40,
    serviceLevel,
  };
}

type QueueState = { waiting?: number; longest?: number | null; idle?: number; onQueue?: number; serviceLevel?: number | null };

function queue(queueId: string, name: string, s: QueueState = {}): LiveQueue {
  const waiting = s.waiting ?? 0;
  return {
    queueId,
    name,
    waiting,
    interacting: 4,
    alerting: 0,
    longestWaitingSeconds: waiting > 0 ? (s.longest ?? 10) : null,
    agents: { ...agents, idle: s.idle ?? agents.idle, onQueue: s.onQueue ?? agents.onQueue },
    byMedia: [{ mediaType: "voice", waiting, interacting: 4, alerting: 0 }],
    today: today(s.serviceLevel === undefined ? 0.85 : s.serviceLevel),
  };
}

function snapshot(queues: LiveQueue[], stale: { error: string } | null = null): LiveSnapshot {
  return {
    observedAt: "2026-11-20T14:00:00.000Z",
    source: { mode: "simulator", environment: "simulator", grant: "client_credentials", via: "poll" },
    stale: stale !== null,
    ...(stale ? { error: stale.error } : {}),
    totals: {
      waiting: queues.reduce((n, q) => n + q.waiting, 0),
      interacting: 0,
      alerting: 0,
      longestWaitingSeconds: null,
      agents,
      today: null,
    },
    queues,
  };
}

const calm = () => snapshot([queue("s", "Sales", { waiting: 1 }), queue("b", "Billing")]);

/** Runs snapshots through the announcer at the given times (ms); returns what was said at each. */
function run(steps: Array<[number, LiveSnapshot]>): { said: Array<string | null>; announcer: Announcer } {
  let announcer = QUIET_ANNOUNCER;
  const said: Array<string | null> = [];
  for (const [at, s] of steps) {
    const result = announce(announcer, s, at);
    announcer = result.announcer;
    said.push(result.message);
  }
  return { said, announcer };
}

describe("the announcer", () => {
  it("says nothing for the first snapshot (the page shows it) nor while only numbers move", () => {
    const busier = snapshot([queue("s", "Sales", { waiting: 3, longest: 40, idle: 5 }), queue("b", "Billing", { waiting: 1, idle: 2 })]);
    const { said } = run([
      [0, calm()],
      [10_000, busier],
      [40_000, calm()],
      [80_000, busier],
    ]);
    expect(said).toEqual([null, null, null, null]);
  });

  it("says when a queue crosses a threshold, in words, and when it is back", () => {
    const high = snapshot([queue("s", "Sales", { waiting: 2, longest: 95 }), queue("b", "Billing")]);
    const { said } = run([
      [0, calm()],
      [10_000, high],
      [60_000, calm()],
    ]);
    expect(said[1]).toBe("Sales: longest wait high (1:35).");
    expect(said[2]).toBe("Sales: longest wait back to normal.");
  });

  it("says staffing and service-level crossings", () => {
    const short = snapshot([queue("s", "Sales", { waiting: 6, idle: 0 }), queue("b", "Billing", { serviceLevel: 0.7 })]);
    const { said } = run([
      [0, calm()],
      [10_000, short],
    ]);
    expect(said[1]).toBe("Sales: more waiting than idle agents. Billing: service level today 70.0%, below the 80% target.");
  });

  it("says stale (with why) and recovered", () => {
    const stale = snapshot(calm().queues, { error: "Genesys Cloud could not be reached" });
    const { said } = run([
      [0, calm()],
      [10_000, stale],
      [50_000, calm()],
    ]);
    expect(said[1]).toBe("Live numbers are stale: Genesys Cloud could not be reached.");
    expect(said[2]).toBe("Live numbers are up to date again.");
  });

  it("speaks at most every 30 s: a change inside the quiet period waits, and is said when it ends if it lasted", () => {
    const high = snapshot([queue("s", "Sales", { waiting: 2, longest: 95 }), queue("b", "Billing")]);
    const billingHigh = snapshot([queue("s", "Sales", { waiting: 2, longest: 100 }), queue("b", "Billing", { waiting: 1, longest: 200 })]);
    let announcer = run([[0, calm()]]).announcer;
    let result = announce(announcer, high, 10_000);
    expect(result.message).toBe("Sales: longest wait high (1:35).");
    announcer = result.announcer;

    result = announce(announcer, billingHigh, 20_000);
    expect(result.message).toBeNull();
    expect(result.retryAt).toBe(10_000 + ANNOUNCE_EVERY_MS);
    announcer = result.announcer;

    result = announce(announcer, billingHigh, 10_000 + ANNOUNCE_EVERY_MS);
    expect(result.message).toBe("Billing: longest wait too high (3:20).");
  });

  it("never mentions a crossing that came back within the quiet period", () => {
    const high = snapshot([queue("s", "Sales", { waiting: 2, longest: 95 }), queue("b", "Billing")]);
    const billingHigh = snapshot([queue("s", "Sales", { waiting: 2, longest: 95 }), queue("b", "Billing", { waiting: 1, longest: 100 })]);
    const { said } = run([
      [0, calm()],
      [10_000, high],
      [20_000, billingHigh],
      [30_000, high],
      [45_000, high],
    ]);
    expect(said).toEqual([null, "Sales: longest wait high (1:35).", null, null, null]);
  });

  it("treats a queue that appears as a new baseline, not a change", () => {
    const more = snapshot([...calm().queues, queue("n", "New", { waiting: 5, longest: 400, idle: 0 })]);
    expect(
      run([
        [0, calm()],
        [10_000, more],
      ]).said,
    ).toEqual([null, null]);
    expect(changesBetween(conditionsOf(calm()), conditionsOf(more))).toEqual([]);
  });

  it("counts the changes beyond four rather than reading them all", () => {
    expect(sentenceOf(["a", "b", "c", "d", "e", "f"])).toBe("a. b. c. d. And 2 more changes.");
    expect(sentenceOf(["a"])).toBe("a.");
  });
});

describe("a stream event", () => {
  it("is used only when it is a valid LiveSnapshot", () => {
    expect(parseSnapshotEvent(JSON.stringify(calm()))).toEqual(calm());
    expect(parseSnapshotEvent("{not json")).toBeNull();
    expect(parseSnapshotEvent(JSON.stringify({ ...calm(), stale: "no" }))).toBeNull();
  });
});
