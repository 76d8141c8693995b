import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { buildQueueReport } from "@/lib/reports/build";
import { queueReportSchema } from "@/lib/model/queue-report";
import type { ConversationAggregateQueryResponse } from "@/lib/genesys/schemas";
import type { ReportWindow } from "@/lib/reports/views";
import { percent } from "@/lib/reports/format";

const window: ReportWindow = {
  start: DateTime.fromISO("2026-03-02T00:00:00Z", { zone: "UTC" }),
  end: DateTime.fromISO("2026-03-02T03:00:00Z", { zone: "UTC" }),
  granularity: "PT1H",
  timeZone: "UTC",
};
const source = { mode: "simulator", environment: "simulator", grant: "client_credentials" } as const;
const H0 = "2026-03-02T00:00:00.000Z/2026-03-02T01:00:00.000Z";
const H2 = "2026-03-02T02:00:00.000Z/2026-03-02T03:00:00.000Z";

// Sparse, as Genesys answers: metrics with no data are absent, empty buckets are absent.
const aggregates: ConversationAggregateQueryResponse = {
  results: [
    {
      group: { queueId: "q-sales" },
      data: [
        {
          interval: H0,
          metrics: [
            { metric: "nOffered", stats: { count: 10 } },
            { metric: "tAnswered", stats: { count: 9, sum: 90_000, max: 30_000, min: 1_000 } },
            { metric: "tAbandon", stats: { count: 1, sum: 40_000 } },
            { metric: "tHandle", stats: { count: 9, sum: 2_700_000 } },
            { metric: "oServiceLevel", stats: { ratio: 0.9, numerator: 9, denominator: 10, target: 0.8 } },
          ],
        },
        {
          interval: H2,
          metrics: [
            { metric: "nOffered", stats: { count: 2 } },
            { metric: "tAnswered", stats: { count: 1, sum: 50_000 } },
            { metric: "tFlowOut", stats: { count: 1, sum: 10_000 } },
            { metric: "tHandle", stats: { count: 3, sum: 300_000 } },
            { metric: "oServiceLevel", stats: { ratio: 0.5, numerator: 1, denominator: 2, target: 0.8 } },
          ],
        },
      ],
    },
    {
      group: { queueId: "q-gone" },
      data: [
        {
          interval: H2,
          metrics: [
            { metric: "nOffered", stats: { count: 3 } },
            { metric: "tAbandon", stats: { count: 3, sum: 9_000 } },
          ],
        },
      ],
    },
    // Traffic without a queue (no queueId in the group) is not queue traffic.
    { group: { mediaType: "voice" }, data: [{ interval: H0, metrics: [{ metric: "nOffered", stats: { count: 99 } }] }] },
  ],
};

const queues = [
  { id: "q-sales", name: "Sales" },
  { id: "q-quiet", name: "Billing" },
];

describe("buildQueueReport", () => {
  const report = buildQueueReport({ window, aggregates, queues, source, generatedAt: new Date("2026-03-02T03:00:00Z") });

  it("produces a report that satisfies the QueueReport contract", () => {
    expect(queueReportSchema.parse(report)).toEqual(report);
    expect(report.interval).toBe("2026-03-02T00:00:00.000Z/2026-03-02T03:00:00.000Z");
  });

  it("weights service level by its sums, not by averaging bucket ratios", () => {
    const sales = report.queues.find((q) => q.queueId === "q-sales")!;
    expect(sales.totals.serviceLevel).toBeCloseTo(10 / 12, 10); // the average of 0.9 and 0.5 would be 0.7
    expect(sales.totals.asaSeconds).toBeCloseTo(140 / 10, 10); // Σ sum / Σ count, in seconds
    expect(sales.totals.ahtSeconds).toBeCloseTo(3_000 / 12, 10);
    expect(sales.totals).toMatchObject({ offered: 12, answered: 10, abandoned: 1, flowOut: 1 });
    expect(sales.totals.answerRate).toBeCloseTo(10 / 12, 10);
  });

  it("keeps empty buckets in every series, with null ratios where nothing happened", () => {
    const sales = report.queues.find((q) => q.queueId === "q-sales")!;
    expect(sales.series.map((s) => s.interval)).toEqual([H0, "2026-03-02T01:00:00.000Z/2026-03-02T02:00:00.000Z", H2]);
    const empty = sales.series[1]!;
    expect(empty).toMatchObject({ offered: 0, answered: 0, serviceLevel: null, asaSeconds: null, abandonRate: null });
    // Absent tTalk means zero talk measurements: the average is unknown, not zero.
    expect(sales.totals.avgTalkSeconds).toBeNull();
  });

  it("shows a listed queue with no traffic as zeros", () => {
    const quiet = report.queues.find((q) => q.queueId === "q-quiet")!;
    expect(quiet.name).toBe("Billing");
    expect(quiet.totals).toMatchObject({ offered: 0, answered: 0, abandonRate: null, serviceLevel: null });
    expect(quiet.series).toHaveLength(3);
  });

  it("keeps a group for a queue id the listing does not have, named by its id", () => {
    const gone = report.queues.find((q) => q.queueId === "q-gone")!;
    expect(gone.name).toBe("q-gone");
    expect(gone.totals).toMatchObject({ offered: 3, abandoned: 3, abandonRate: 1 });
  });

  it("computes the all-queues totals from sums and ignores queue-less groups", () => {
    expect(report.totals.offered).toBe(15);
    expect(report.totals.abandoned).toBe(4);
    expect(report.totals.abandonRate).toBeCloseTo(4 / 15, 10);
    expect(report.totals.serviceLevel).toBeCloseTo(10 / 12, 10);
  });

  it("sorts queues by name", () => {
    expect(report.queues.map((q) => q.name)).toEqual(["Billing", "q-gone", "Sales"]);
  });

  it("keeps a bucket's rates above 100% as they are: each metric counts where Genesys emits it", () => {
    // Offered in the bucket before, answered in this one: 5 answers against 4 offers.
    const skewed = buildQueueReport({
      window,
      aggregates: {
        results: [
          {
            group: { queueId: "q-sales" },
            data: [
              {
                interval: H0,
                metrics: [
                  { metric: "nOffered", stats: { count: 4 } },
                  { metric: "tAnswered", stats: { count: 5, sum: 50_000 } },
                ],
              },
            ],
          },
        ],
      },
      queues,
      source,
    });
    const bucket = skewed.queues.find((q) => q.queueId === "q-sales")!.series[0]!;
    expect(bucket.answerRate).toBe(1.25);
    expect(queueReportSchema.parse(skewed)).toEqual(skewed);
    expect(percent(bucket.answerRate)).toBe("125.0%");
  });

  it("answers an all-empty report when Genesys has no results at all", () => {
    const empty = buildQueueReport({ window, aggregates: {}, queues, source });
    expect(empty.totals).toMatchObject({ offered: 0, serviceLevel: null, ahtSeconds: null });
    expect(empty.queues).toHaveLength(2);
    expect(empty.queues.every((q) => q.series.length === 3)).toBe(true);
  });
});
