"use client";
/** `/`: every queue at a glance for the chosen view and media type. */
import { useMemo, useState } from "react";
import { useSearchParams } from "next/navigation";
import { QueueVolumeChart, ServiceLevelTrendChart, VolumeTrendChart } from "./charts";
import { MediaFilterSelect, useSelectionNavigation, ViewSwitcher } from "./controls";
import { useHealth, useReport } from "./data";
import { KpiCards } from "./kpis";
import { isWallMode, pageTitle, readSelection, subjectOf } from "./params";
import { DEFAULT_SORT, QueueTable, nextSort, type SortState } from "./queue-table";
import { allQueuesBuckets, queueVolumes } from "./series";
import { ContentSkeleton } from "./skeleton";
import { LoadProblem, NeverRefreshed, NoTraffic, ReportMeta, RevalidateProblem, SourceBadge, StaleWarning } from "./status";

export function Dashboard({ renderedAt }: { renderedAt: number }) {
  const search = useSearchParams();
  const selection = readSelection(search);
  const wall = isWallMode(search);
  const navigate = useSelectionNavigation();
  const { data: report, error, isLoading, mutate } = useReport(selection);
  const { data: health } = useHealth();
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [query, setQuery] = useState("");

  const volumes = useMemo(() => (report ? queueVolumes(report.queues) : []), [report]);
  const buckets = useMemo(() => (report ? allQueuesBuckets(report) : []), [report]);
  const subject = subjectOf(selection);
  const mode = report?.source.mode ?? health?.mode;

  let content: React.ReactNode;
  if (report === undefined) {
    content = error && !isLoading ? <LoadProblem error={error} onRetry={() => void mutate()} /> : <ContentSkeleton />;
  } else if (report === null) {
    content = <NeverRefreshed selection={selection} />;
  } else {
    const hasTraffic = report.totals.offered > 0;
    content = (
      <>
        <StaleWarning report={report} health={health} renderedAt={renderedAt} />
        <RevalidateProblem error={error} />
        <KpiCards metrics={report.totals} label="All queues" />
        {hasTraffic ? (
          <div className="charts">
            <QueueVolumeChart data={volumes} subject={subject} />
            <div className="chart-stack">
              <VolumeTrendChart data={buckets} subject={subject} />
              <ServiceLevelTrendChart data={buckets} subject={subject} estimated />
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
    );
  }

  return (
    <main className={wall ? "page wall" : "page"} aria-busy={report === undefined && !error}>
      <header className="page-header">
        <div>
          <h1>{pageTitle("Queue report", selection)}</h1>
          {report ? <ReportMeta report={report} renderedAt={renderedAt} /> : null}
        </div>
        {mode ? <SourceBadge mode={mode} environment={report?.source.environment} /> : null}
      </header>
      <div className="controls">
        <ViewSwitcher selection={selection} wall={wall} onChange={navigate} />
        <MediaFilterSelect selection={selection} wall={wall} onChange={navigate} />
      </div>
      {content}
    </main>
  );
}
