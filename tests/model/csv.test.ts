import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { csvCell } from "@/lib/model/csv";
import { buildQueueReport } from "@/lib/reports/build";
import { reportToCsv } from "@/lib/reports/format";
import { csvRow } from "@/lib/export/format";
import { tableCsv } from "@/app/ui/dashboard/queue-csv";
import type { ConversationRecord } from "@/lib/genesys/schemas";

const FORMULAS = [
  "-2+3+cmd|' /C calc'!A0",
  '-1+HYPERLINK("http://x")',
  "=1+1",
  "@SUM(A1)",
  "+1",
  "\t=1",
  "\r=1",
  "-",
  "-1-",
  "-1e",
  "- 1",
  "-1 ",
];

/** What a CSV reader sees in one cell: the RFC 4180 quoting undone. */
const unquote = (cell: string) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);

describe("csvCell", () => {
  it.each(FORMULAS)("neutralises %j with a leading single quote", (value) => {
    expect(unquote(csvCell(value))).toBe(`'${value}`);
  });

  it.each(["-12.5", "0.85", "1e3", "-12", "0", "3.5E-2", "42"])("leaves the plain number %j as it is", (value) => {
    expect(csvCell(value)).toBe(value);
  });

  it("leaves ordinary text and empty cells alone, and quotes per RFC 4180", () => {
    expect(csvCell("")).toBe("");
    expect(csvCell("Sales")).toBe("Sales");
    expect(csvCell("–")).toBe("–");
    expect(csvCell("85.0%")).toBe("85.0%");
    expect(csvCell('Sales, "Gold"')).toBe('"Sales, ""Gold"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("=A1,B1")).toBe(`"'=A1,B1"`);
    expect(csvCell('-1+HYPERLINK("http://x")')).toBe(`"'-1+HYPERLINK(""http://x"")"`);
  });
});

const EVIL = "-2+3+cmd|' /C calc'!A0";
const NEUTRALISED = `'${EVIL}`;

describe("every CSV the project writes neutralises a hostile queue name", () => {
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
              metrics: [{ metric: "nOffered", stats: { count: 2 } }],
            },
          ],
        },
      ],
    },
    queues: [{ id: "q1", name: EVIL }],
    source: { mode: "simulator", environment: "simulator", grant: "client_credentials" },
  });

  it("the report CSV (lib/reports/format.ts)", () => {
    const row = reportToCsv(report).split("\r\n")[1]!;
    expect(row.startsWith(`q1,${NEUTRALISED},`)).toBe(true);
  });

  it("the export CSV (lib/export/format.ts)", () => {
    const conversation = {
      conversationId: "c-1",
      conversationStart: "2026-03-02T00:00:00.000Z",
      participants: [{ purpose: "acd", sessions: [{ mediaType: "voice", segments: [{ queueId: "q1" }] }] }],
    } satisfies ConversationRecord;
    const row = csvRow(conversation, new Map([["q1", EVIL]]));
    expect(row).toContain(`,q1,${NEUTRALISED},`);
    expect(csvRow(conversation, new Map([["q1", "=1+1"]]))).toContain(",q1,'=1+1,");
  });

  it("the dashboard's download (app/ui/dashboard/queue-csv.ts)", () => {
    const lines = tableCsv(report.queues, report.totals).split("\r\n");
    expect(lines[1]!.startsWith(`${NEUTRALISED},2,`)).toBe(true);
  });
});
