"use client";
/** `/`: every queue at a glance for the chosen view and media type. */
import { useMemo, useState } from "react";
import { QUEUE_VOLUME, ReportChart, SERVICE_LEVEL_TREND, VOLUME_TREND } from "../charts/charts";
import { allQueuesBuckets, queueVolumes } from "../charts/series";
import { KpiCards } from "../metrics/kpis";
import { NoTraffic } from "../status/report-status";
import { subjectOf } from "./params";
import { DEFAULT_SORT, QueueTable, nextSort, type SortState } from "./queue-table";
import { ReportPage, useReportPage } from "./report-page";

export function Dashboard({ renderedAt }: { renderedAt: number }) {
  const page = useReportPage();
  const { selection, wall, report } = page;
  // Here, not in the table: the sort and the filter stay while another view loads.
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [query, setQuery] = useState("");

  const volumes = useMemo(() => (report ? queueVolumes(report.queues) : []), [report]);
  const buckets = useMemo(() => (report ? allQueuesBuckets(report) : []), [report]);
  const subject = subjectOf(selection);

  return (
    <ReportPage page={page} title="Queue report" renderedAt={renderedAt}>
      {(report, alerts) => (
        <>
          {alerts}
          <KpiCards metrics={report.totals} label="All queues" />
          {report.totals.offered > 0 ? (
            <div className="charts">
              <ReportChart chart={QUEUE_VOLUME} data={volumes} subject={subject} />
              <div className="chart-stack">
                <ReportChart chart={VOLUME_TREND} data={buckets} subject={subject} />
                <ReportChart chart={SERVICE_LEVEL_TREND} data={buckets} subject={subject} estimated />
              </div>
            </div>
          ) : (
            <NoTraffic selection={selection} />
          )}
          <QueueTable
            report={report}
            selection={selection}
            wall={wall}
            sort={sort}
            onSort={(key) => setSort((current) => nextSort(current, key))}
            query={query}
            onQuery={setQuery}
          />
        </>
      )}
    </ReportPage>
  );
}
