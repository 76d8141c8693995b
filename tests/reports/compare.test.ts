import { describe, expect, it } from "vitest";
import { compareQueueReports, sameMetrics } from "@/lib/reports/compare";
import type { QueueMetrics, QueueReport } from "@/lib/model/queue-report";

const metrics = (offered: number, serviceLevel: number | null = 0.8): QueueMetrics => ({
  offered,
  answered: offered,
  abandoned: 0,
  flowOut: 0,
  transferred: 0,
  answerRate: offered ? 1 : null,
  abandonRate: offered ? 0 : null,
  asaSeconds: null,
  ahtSeconds: null,
  avgTalkSeconds: null,
  avgHoldSeconds: null,
  avgAcwSeconds: null,
  serviceLevel,
});

function report(grant: "client_credentials" | "authorization_code", queues: Array<[string, string, QueueMetrics]>): QueueReport {
  return {
    interval: "2026-01-05T00:00:00.000Z/2026-01-06T00:00:00.000Z",
    granularity: "PT1H",
    timeZone: "UTC",
    generatedAt: "2026-01-06T00:00:00.000Z",
    source: { mode: "simulator", environment: "simulator", grant },
    totals: metrics(0),
    queues: queues.map(([queueId, name, totals]) => ({ queueId, name, totals, series: [] })),
  };
}

describe("compareQueueReports", () => {
  it("marks each queue: same numbers, different numbers, not visible to the user, not visible to the app", () => {
    const app = report("client_credentials", [
      ["q1", "Sales", metrics(10)],
      ["q2", "Billing", metrics(5)],
      ["q3", "Retention", metrics(7)],
    ]);
    const mine = report("authorization_code", [
      ["q1", "Sales", metrics(10)],
      ["q3", "Retention", metrics(8)],
      ["q9", "Private", metrics(1)],
    ]);
    const { rows, counts, sameWindow } = compareQueueReports(mine, app);
    expect(sameWindow).toBe(true);
    expect(rows.map((r) => [r.name, r.visibility])).toEqual([
      ["Billing", "app-only"],
      ["Private", "user-only"],
      ["Retention", "differs"],
      ["Sales", "same"],
    ]);
    expect(counts).toEqual({ same: 1, differs: 1, "app-only": 1, "user-only": 1 });
    expect(rows.find((r) => r.queueId === "q2")!.mine).toBeNull();
    expect(rows.find((r) => r.queueId === "q9")!.app).toBeNull();
  });

  it("says when the two reports cover different windows", () => {
    const app = report("client_credentials", []);
    const mine = { ...report("authorization_code", []), interval: "2026-01-05T01:00:00.000Z/2026-01-06T01:00:00.000Z" };
    expect(compareQueueReports(mine, app).sameWindow).toBe(false);
  });

  it("compares ratios with a float tolerance and nulls exactly", () => {
    expect(sameMetrics(metrics(3, 0.1 + 0.2), metrics(3, 0.3))).toBe(true);
    expect(sameMetrics(metrics(3, null), metrics(3, 0))).toBe(false);
    expect(sameMetrics(metrics(3), metrics(4))).toBe(false);
  });
});
