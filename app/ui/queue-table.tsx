"use client";
/**
 * The per-queue table: sortable headers (aria-sort), a name filter, threshold markers, links to
 * each queue, and a CSV of exactly the rows, order and columns on screen.
 */
import Link from "next/link";
import { csvLine } from "@/lib/model/csv";
import type { QueueMetrics, QueueReport, QueueReportRow } from "@/lib/model/queue-report";
import { count, fileStamp, formatSeconds, percent } from "./format";
import { LinkPending } from "./link-pending";
import { selectionQuery, type Selection } from "./params";
import { ABANDON_WORDS, LevelMarker, SERVICE_LEVEL_WORDS, abandonLevel, serviceLevelLevel, type Level } from "./thresholds";

type MetricKey = "offered" | "answered" | "abandoned" | "flowOut" | "abandonRate" | "serviceLevel" | "asaSeconds" | "ahtSeconds";
export type SortKey = "name" | MetricKey;
export type SortDirection = "ascending" | "descending";
export type SortState = { key: SortKey; direction: SortDirection };
export const DEFAULT_SORT: SortState = { key: "name", direction: "ascending" };

type MetricColumn = {
  key: MetricKey;
  label: string;
  title: string;
  text: (m: QueueMetrics) => string;
  level?: (m: QueueMetrics) => Level | null;
  words?: Record<Level, string>;
};

/** The table's metric columns, in order; the CSV uses the same list. */
export const METRIC_COLUMNS: MetricColumn[] = [
  { key: "offered", label: "Offered", title: "Conversations offered to the queue", text: (m) => count(m.offered) },
  { key: "answered", label: "Answered", title: "Conversations answered by an agent", text: (m) => count(m.answered) },
  { key: "abandoned", label: "Abandoned", title: "Conversations the customer abandoned while waiting", text: (m) => count(m.abandoned) },
  {
    key: "flowOut",
    label: "Flow-out",
    title: "Conversations that left the queue without being answered or abandoned",
    text: (m) => count(m.flowOut),
  },
  {
    key: "abandonRate",
    label: "Abandon %",
    title: "Abandoned ÷ offered (5% or less is fine, over 10% needs attention)",
    text: (m) => percent(m.abandonRate),
    level: (m) => abandonLevel(m.abandonRate),
    words: ABANDON_WORDS,
  },
  {
    key: "serviceLevel",
    label: "Service level",
    title: "Answered within the service-level threshold (target 80%)",
    text: (m) => percent(m.serviceLevel),
    level: (m) => serviceLevelLevel(m.serviceLevel),
    words: SERVICE_LEVEL_WORDS,
  },
  { key: "asaSeconds", label: "ASA", title: "Average speed of answer", text: (m) => formatSeconds(m.asaSeconds) },
  {
    key: "ahtSeconds",
    label: "AHT",
    title: "Average handle time (talk + hold + after-call work)",
    text: (m) => formatSeconds(m.ahtSeconds),
  },
];

export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
  // Names read A→Z; for numbers the biggest (usually the problem) comes first.
  return { key, direction: key === "name" ? "ascending" : "descending" };
}

const byName = (a: QueueReportRow, b: QueueReportRow) => a.name.localeCompare(b.name, "en", { sensitivity: "base", numeric: true });

/** Sorted copy; queues without a value (no traffic) always go last, whatever the direction. */
export function sortQueues(queues: QueueReportRow[], sort: SortState): QueueReportRow[] {
  const sign = sort.direction === "ascending" ? 1 : -1;
  return [...queues].sort((a, b) => {
    if (sort.key === "name") return sign * byName(a, b) || a.queueId.localeCompare(b.queueId);
    const x = a.totals[sort.key];
    const y = b.totals[sort.key];
    if (x === null && y === null) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (x - y) || byName(a, b);
  });
}

export function filterQueues(queues: QueueReportRow[], query: string): QueueReportRow[] {
  const needle = query.trim().toLocaleLowerCase("en");
  if (!needle) return queues;
  return queues.filter((q) => q.name.toLocaleLowerCase("en").includes(needle));
}

export const TOTAL_ROW_LABEL = "All queues";

/**
 * The CSV of what the table shows: its header, its rows in order, its total row; CRLF, RFC 4180,
 * formula-like cells neutralised (lib/model/csv.ts).
 */
export function tableCsv(rows: QueueReportRow[], totals: QueueMetrics): string {
  const lines: string[][] = [["Queue", ...METRIC_COLUMNS.map((c) => c.label)]];
  for (const row of rows) lines.push([row.name, ...METRIC_COLUMNS.map((c) => c.text(row.totals))]);
  lines.push([TOTAL_ROW_LABEL, ...METRIC_COLUMNS.map((c) => c.text(totals))]);
  return lines.map(csvLine).join("\r\n") + "\r\n";
}

export function csvFileName(report: QueueReport, selection: Selection): string {
  return `queues-${selection.view}${selection.media ? `-${selection.media}` : ""}-${fileStamp(report.generatedAt, report.timeZone)}.csv`;
}

function download(text: string, fileName: string) {
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

function MetricCells({ metrics }: { metrics: QueueMetrics }) {
  return (
    <>
      {METRIC_COLUMNS.map((c) => {
        const level = c.level?.(metrics) ?? null;
        return (
          <td key={c.key} className={level ? `level-${level}` : undefined}>
            {c.text(metrics)}
            {c.words ? <LevelMarker level={level} words={c.words} /> : null}
          </td>
        );
      })}
    </>
  );
}

function SortHeader({
  label,
  title,
  sortKey,
  sort,
  onSort,
}: {
  label: string;
  title?: string;
  sortKey: SortKey;
  sort: SortState;
  onSort: (key: SortKey) => void;
}) {
  const active = sort.key === sortKey;
  return (
    <th scope="col" aria-sort={active ? sort.direction : "none"} title={title}>
      <button type="button" className="sort" onClick={() => onSort(sortKey)}>
        {label}
      </button>
    </th>
  );
}

export function QueueTable({
  report,
  selection,
  wall,
  sort,
  onSort,
  query,
  onQuery,
}: {
  report: QueueReport;
  selection: Selection;
  wall: boolean;
  sort: SortState;
  onSort: (key: SortKey) => void;
  query: string;
  onQuery: (query: string) => void;
}) {
  const rows = sortQueues(filterQueues(report.queues, query), sort);
  const shown = rows.length === report.queues.length ? `${rows.length} queues` : `Showing ${rows.length} of ${report.queues.length} queues`;
  return (
    <section className="table-section" aria-labelledby="queues-heading">
      <div className="table-toolbar">
        <h2 id="queues-heading">Queues</h2>
        <div className="filter-box">
          <label htmlFor="queue-filter">Filter queues</label>
          <input
            id="queue-filter"
            type="search"
            value={query}
            placeholder="Queue name"
            autoComplete="off"
            onChange={(event) => onQuery(event.target.value)}
          />
        </div>
        <p className="muted queue-count" aria-live="polite" data-testid="queue-count">
          {shown}
        </p>
        <button type="button" className="button" onClick={() => download(tableCsv(rows, report.totals), csvFileName(report, selection))}>
          Download CSV
        </button>
      </div>
      <div className="table-wrap" role="region" aria-label="Queues table" tabIndex={0}>
        <table className="queue-table" data-testid="queue-table">
          <caption className="sr-only">Queues</caption>
          <thead>
            <tr>
              <SortHeader label="Queue" sortKey="name" sort={sort} onSort={onSort} />
              {METRIC_COLUMNS.map((c) => (
                <SortHeader key={c.key} label={c.label} title={c.title} sortKey={c.key} sort={sort} onSort={onSort} />
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((q) => (
              <tr key={q.queueId}>
                <th scope="row">
                  <Link href={`/queues/${encodeURIComponent(q.queueId)}${selectionQuery(selection, wall)}`} prefetch={false}>
                    {q.name}
                    <LinkPending />
                  </Link>
                </th>
                <MetricCells metrics={q.totals} />
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr className="no-match">
                <td colSpan={METRIC_COLUMNS.length + 1}>No queue name contains “{query.trim()}”.</td>
              </tr>
            ) : null}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{TOTAL_ROW_LABEL}</th>
              <MetricCells metrics={report.totals} />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
