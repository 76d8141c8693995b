"use client";
/**
 * The per-queue table: sortable headers (aria-sort), a name filter, threshold markers, links to
 * each queue, and a CSV of exactly the rows, order and columns on screen (queue-csv.ts).
 */
import Link from "next/link";
import type { QueueReport, QueueReportRow } from "@/lib/model/queue-report";
import { TOTAL_ROW_LABEL } from "@/lib/reports/format";
import { FiringBadge, useFiringAlerts } from "../alerts/firing";
import { LinkPending } from "../layout/link-pending";
import { METRIC_COLUMNS, MetricCells, MetricTable, type MetricKey } from "../metrics/metric-table";
import { csvFileName, downloadCsv, tableCsv } from "./queue-csv";
import { queueHref, type Selection } from "./params";

export type SortKey = "name" | MetricKey;
export type SortDirection = "ascending" | "descending";
export type SortState = { key: SortKey; direction: SortDirection };
export const DEFAULT_SORT: SortState = { key: "name", direction: "ascending" };

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
  const firing = useFiringAlerts();
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
        <button type="button" className="button" onClick={() => downloadCsv(tableCsv(rows, report.totals), csvFileName(report, selection))}>
          Download CSV
        </button>
      </div>
      <MetricTable label="Queues table" testId="queue-table" caption="Queues">
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
                <Link href={queueHref(q.queueId, selection, wall)} prefetch={false}>
                  {q.name}
                  <LinkPending />
                </Link>{" "}
                <FiringBadge rules={firing.get(q.queueId)} />
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
      </MetricTable>
    </section>
  );
}
