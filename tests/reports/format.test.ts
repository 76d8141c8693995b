import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { buildQueueReport } from "@/lib/reports/build";
import { csvCell } from "@/lib/model/csv";
import { formatSeconds, reportToCsv, reportToTable } from "@/lib/reports/format";

const report = buildQueueReport({
  window: {
    start: DateTime.fromISO("2026-03-02T00:00:00Z", { zone: "UTC" }),
    end: DateTime.fromISO("2026-03-02T01:00:00Z", { zone: "UTC" }),
    granularity: "PT1H",
    timeZone: "UTC",
  },
  aggregates: {
    results: [
      {
        group: { queueId: "q1" },
        data: [
          {
            interval: "2026-03-02T00:00:00.000Z/2026-03-02T01:00:00.000Z",
            metrics: [
              { metric: "nOffered", stats: { count: 4 } },
              { metric: "tAnswered", stats: { count: 3, sum: 36_000 } },
              { metric: "tAbandon", stats: { count: 1, sum: 5_000 } },
            ],
          },
        ],
      },
    ],
  },
  queues: [
    { id: "q1", name: 'Sales, "Gold"' },
    { id: "q2", name: '=HYPERLINK("http://evil")' },
  ],
  source: { mode: "simulator", environment: "simulator", grant: "client_credentials" },
});

describe("report formats", () => {
  it("writes CSV a spreadsheet opens: a header, one row per queue, a total row", () => {
    const lines = reportToCsv(report).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "queueId,queueName,offered,answered,abandoned,flowOut,transferred,answerRate,abandonRate,serviceLevel,asaSeconds,ahtSeconds,avgTalkSeconds,avgHoldSeconds,avgAcwSeconds",
    );
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('q1,"Sales, ""Gold""",4,3,1,0,0,0.7500,0.2500,,12,,,,');
    expect(lines[3]).toMatch(/^,All queues,4,3,1,/);
  });

  it("neutralises queue names a spreadsheet would run as formulas", () => {
    const lines = reportToCsv(report).split("\r\n");
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("-12")).toBe("-12");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
  });

  it("renders an aligned terminal table with readable durations and percentages", () => {
    const table = reportToTable(report);
    expect(table).toContain("Queue report");
    expect(table).toMatch(/Sales, "Gold"\s+4\s+3\s+1\s+0\s+75\.0%\s+25\.0%\s+–\s+12s\s+–/);
    expect(table).toMatch(/All queues\s+4\s+3/);
    expect(formatSeconds(185)).toBe("3m 05s");
    expect(formatSeconds(3725)).toBe("1h 02m");
  });
});
