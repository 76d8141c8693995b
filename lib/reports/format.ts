/**
 * Renders a QueueReport for people: a terminal table and a spreadsheet-safe CSV. JSON is the
 * report itself. The CSV writer and the number formats are shared with the dashboard (app/ui),
 * so this module must stay fit for the browser bundle: nothing server-only.
 */
import { DateTime } from "luxon";
import { csvLine } from "@/lib/model/csv";
import type { QueueMetrics, QueueReport, QueueReportRow } from "@/lib/model/queue-report";

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

/** The name of the row after the queues, in every rendering: the whole report's totals. */
export const TOTAL_ROW_LABEL = "All queues";

/**
 * A column of a QueueReport CSV: its header, and its cell from a row's metrics; `queue` is the
 * row's queue, absent on the total row.
 */
export type QueueCsvColumn = { header: string; cell: (metrics: QueueMetrics, queue?: QueueReportRow) => string };

/** The queue's name, or "All queues" on the total row. */
export const queueNameColumn = (header: string): QueueCsvColumn => ({ header, cell: (_, queue) => queue?.name ?? TOTAL_ROW_LABEL });

/**
 * Every QueueReport CSV: a header, one row per queue (in the order given), then the total row.
 * The columns say what each cell holds: the report command's are the raw numbers
 * (`REPORT_CSV_COLUMNS`), the dashboard's download the table as shown (app/ui/dashboard/queue-csv.ts).
 * RFC 4180 quoting and formula neutralisation by `csvCell` (lib/model/csv.ts): queue names come
 * from the org and are not trusted; CRLF line ends.
 */
export function queueReportCsv(queues: readonly QueueReportRow[], totals: QueueMetrics, columns: readonly QueueCsvColumn[]): string {
  const rows: string[][] = [columns.map((c) => c.header)];
  for (const queue of queues) rows.push(columns.map((c) => c.cell(queue.totals, queue)));
  rows.push(columns.map((c) => c.cell(totals)));
  return rows.map(csvLine).join("\r\n") + "\r\n";
}

function csvNumber(value: number | null): string {
  if (value === null) return "";
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** The report command's columns: ids, then every metric as a number (ratios as fractions, durations in seconds). */
const REPORT_CSV_COLUMNS: QueueCsvColumn[] = [
  { header: "queueId", cell: (_, queue) => queue?.queueId ?? "" },
  queueNameColumn("queueName"),
  ...(CSV_COLUMNS.slice(2) as unknown as (keyof QueueMetrics)[]).map((key) => ({
    header: key,
    cell: (m: QueueMetrics) => csvNumber(m[key]),
  })),
];

/** One row per queue, then an "All queues" row (see `queueReportCsv`). */
export function reportToCsv(report: QueueReport): string {
  return queueReportCsv(report.queues, report.totals, REPORT_CSV_COLUMNS);
}

/** A ratio as a percentage: 0.853 → "85.3%"; no value → "–". */
export const percent = (v: number | null, digits = 1) => (v === null ? "–" : `${(v * 100).toFixed(digits)}%`);

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
  const total = line(TOTAL_ROW_LABEL, report.totals);
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
