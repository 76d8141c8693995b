/**
 * Renders a QueueReport for people: a terminal table and a spreadsheet-safe CSV. JSON is the
 * report itself.
 */
import { DateTime } from "luxon";
import { csvLine } from "@/lib/model/csv";
import type { QueueMetrics, QueueReport } from "@/lib/model/queue-report";

export const REPORT_FORMATS = ["table", "json", "csv"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function formatReport(report: QueueReport, format: ReportFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "csv":
      return reportToCsv(report);
    case "table":
      return reportToTable(report);
  }
}

/** The columns of the CSV, in order; ratios are fractions (0.85), durations seconds. */
export const CSV_COLUMNS = [
  "queueId",
  "queueName",
  "offered",
  "answered",
  "abandoned",
  "flowOut",
  "transferred",
  "answerRate",
  "abandonRate",
  "serviceLevel",
  "asaSeconds",
  "ahtSeconds",
  "avgTalkSeconds",
  "avgHoldSeconds",
  "avgAcwSeconds",
] as const;

const METRIC_COLUMNS = CSV_COLUMNS.slice(2) as unknown as (keyof QueueMetrics)[];

/**
 * One row per queue, then an "All queues" row. RFC 4180 quoting and formula neutralisation by
 * `csvCell` (lib/model/csv.ts): queue names come from the org and are not trusted; CRLF line ends.
 */
export function reportToCsv(report: QueueReport): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const queue of report.queues) {
    rows.push([queue.queueId, queue.name, ...METRIC_COLUMNS.map((k) => csvNumber(queue.totals[k]))]);
  }
  rows.push(["", "All queues", ...METRIC_COLUMNS.map((k) => csvNumber(report.totals[k]))]);
  return rows.map(csvLine).join("\r\n") + "\r\n";
}

function csvNumber(value: number | null): string {
  if (value === null) return "";
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

const percent = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)}%`);

/** Seconds as "42s", "3m 05s" or "1h 02m": what a supervisor reads at a glance. */
export function formatSeconds(v: number | null): string {
  if (v === null) return "–";
  const total = Math.round(v);
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m ${String(total % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

export function reportToTable(report: QueueReport): string {
  const header = ["Queue", "Offered", "Answered", "Abandoned", "Flow-out", "Answer %", "Abandon %", "Service level", "ASA", "AHT"];
  const line = (name: string, m: QueueMetrics) => [
    name,
    String(m.offered),
    String(m.answered),
    String(m.abandoned),
    String(m.flowOut),
    percent(m.answerRate),
    percent(m.abandonRate),
    percent(m.serviceLevel),
    formatSeconds(m.asaSeconds),
    formatSeconds(m.ahtSeconds),
  ];
  const body = report.queues.map((q) => line(q.name, q.totals));
  const total = line("All queues", report.totals);
  const widths = header.map((h, i) => Math.max(h.length, ...[...body, total].map((r) => r[i]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  const [start, end] = report.interval.split("/");
  const zone = report.timeZone;
  const local = (iso: string | undefined) => (iso ? DateTime.fromISO(iso).setZone(zone).toFormat("yyyy-LL-dd HH:mm") : "?");
  const title = [
    `Queue report${report.view ? ` · ${report.view}` : ""} · ${local(start)} → ${local(end)} ${zone} · ${report.granularity} buckets`,
    `Source: ${report.source.mode === "simulator" ? "built-in simulator" : report.source.environment} (${report.source.grant.replace("_", " ")})` +
      (report.principal ? ` as ${report.principal.name}` : "") +
      ` · generated ${report.generatedAt}`,
  ];
  return [...title, "", render(header), rule, ...body.map(render), rule, render(total), ""].join("\n");
}
