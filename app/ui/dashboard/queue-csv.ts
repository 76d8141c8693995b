/**
 * The queues table's "Download CSV": exactly the rows, order and columns on screen, written by
 * the one QueueReport CSV writer (`queueReportCsv`, lib/reports/format.ts) that `npm run report
 * -- --format csv` uses too; here with the table's columns and their on-screen text.
 */
import type { QueueMetrics, QueueReport, QueueReportRow } from "@/lib/model/queue-report";
import { queueNameColumn, queueReportCsv, type QueueCsvColumn } from "@/lib/reports/format";
import { fileStamp } from "../format";
import { METRIC_COLUMNS } from "../metrics/metric-table";
import type { Selection } from "./params";

const TABLE_COLUMNS: QueueCsvColumn[] = [queueNameColumn("Queue"), ...METRIC_COLUMNS.map((c) => ({ header: c.label, cell: c.text }))];

/** The CSV of what the table shows: its header, its rows in order, its total row. */
export function tableCsv(rows: QueueReportRow[], totals: QueueMetrics): string {
  return queueReportCsv(rows, totals, TABLE_COLUMNS);
}

export function csvFileName(report: QueueReport, selection: Selection): string {
  return `queues-${selection.view}${selection.media ? `-${selection.media}` : ""}-${fileStamp(report.generatedAt, report.timeZone)}.csv`;
}

/** Hands `text` to the browser as a download named `fileName`. */
export function downloadCsv(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
