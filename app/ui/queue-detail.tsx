"use client";
/** `/queues/[queueId]`: one queue's series and numbers, for the same view and media type. */
import { useMemo } from "react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import type { QueueReport, QueueReportRow } from "@/lib/model/queue-report";
import { ServiceLevelTrendChart, SpeedTrendChart, VolumeTrendChart } from "./charts";
import { MediaFilterSelect, useSelectionNavigation, ViewSwitcher } from "./controls";
import { useHealth, useReport } from "./data";
import { count, formatSeconds, percent } from "./format";
import { KpiCards } from "./kpis";
import { LinkPending } from "./link-pending";
import { isWallMode, pageTitle, readSelection, selectionQuery, subjectOf } from "./params";
import { queueBuckets, type BucketPoint } from "./series";
import { ContentSkeleton } from "./skeleton";
import { LoadProblem, NeverRefreshed, ReportMeta, RevalidateProblem, SourceBadge, StaleWarning } from "./status";
import { ABANDON_WORDS, LevelMarker, SERVICE_LEVEL_WORDS, abandonLevel, serviceLevelLevel } from "./thresholds";

function BucketTable({ queue, buckets, subject }: { queue: QueueReportRow; buckets: BucketPoint[]; subject: string }) {
  const rows = queue.series;
  const labelOf = new Map(buckets.map((b) => [b.interval, b.longLabel]));
  return (
    <section className="table-section" aria-labelledby="buckets-heading">
      <div className="table-toolbar">
        <h2 id="buckets-heading">Per bucket</h2>
        <p className="muted">{subject}</p>
      </div>
      <div className="table-wrap" role="region" aria-label="Per-bucket table" tabIndex={0}>
        <table className="queue-table" data-testid="bucket-table">
          <caption className="sr-only">Buckets</caption>
          <thead>
            <tr>
              {["Bucket", "Offered", "Answered", "Abandoned", "Abandon %", "Service level", "ASA", "AHT"].map((h) => (
                <th scope="col" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => {
              const sl = serviceLevelLevel(b.serviceLevel);
              const ab = abandonLevel(b.abandonRate);
              return (
                <tr key={b.interval}>
                  <th scope="row">{labelOf.get(b.interval) ?? b.interval}</th>
                  <td>{count(b.offered)}</td>
                  <td>{count(b.answered)}</td>
                  <td>{count(b.abandoned)}</td>
                  <td className={ab ? `level-${ab}` : undefined}>
                    {percent(b.abandonRate)}
                    <LevelMarker level={ab} words={ABANDON_WORDS} />
                  </td>
                  <td className={sl ? `level-${sl}` : undefined}>
                    {percent(b.serviceLevel)}
                    <LevelMarker level={sl} words={SERVICE_LEVEL_WORDS} />
                  </td>
                  <td>{formatSeconds(b.asaSeconds)}</td>
                  <td>{formatSeconds(b.ahtSeconds)}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Whole view</th>
              <td>{count(queue.totals.offered)}</td>
              <td>{count(queue.totals.answered)}</td>
              <td>{count(queue.totals.abandoned)}</td>
              <td>{percent(queue.totals.abandonRate)}</td>
              <td>{percent(queue.totals.serviceLevel)}</td>
              <td>{formatSeconds(queue.totals.asaSeconds)}</td>
              <td>{formatSeconds(queue.totals.ahtSeconds)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="table-note" data-testid="bucket-rates-note">
        Genesys counts a conversation as offered in the bucket where it entered the queue and as answered or abandoned in the bucket where
        that happened, so a bucket&apos;s abandon rate can exceed 100%; it is shown as it is.
      </p>
    </section>
  );
}

function QueueBody({ report, queue, subject }: { report: QueueReport; queue: QueueReportRow; subject: string }) {
  const buckets = useMemo(() => queueBuckets(report, queue.series), [report, queue]);
  const hasTraffic = queue.totals.offered > 0;
  return (
    <>
      <KpiCards metrics={queue.totals} label={`${queue.name} totals`} />
      {hasTraffic ? (
        <div className="charts charts-detail">
          <VolumeTrendChart data={buckets} subject={subject} testId="chart-queue-volume-trend" />
          <SpeedTrendChart data={buckets} subject={subject} />
          <ServiceLevelTrendChart data={buckets} subject={subject} testId="chart-queue-service-level" />
        </div>
      ) : (
        <p className="empty empty-inline" data-testid="empty-no-traffic">
          No conversations were offered to {queue.name} in this view.
        </p>
      )}
      <BucketTable queue={queue} buckets={buckets} subject={subject} />
    </>
  );
}

export function QueueDetail({ queueId, renderedAt }: { queueId: string; renderedAt: number }) {
  const search = useSearchParams();
  const selection = readSelection(search);
  const wall = isWallMode(search);
  const navigate = useSelectionNavigation();
  const { data: report, error, isLoading, mutate } = useReport(selection);
  const { data: health } = useHealth();

  const queue = report?.queues.find((q) => q.queueId === queueId);
  const name = queue?.name ?? "Queue";
  const subject = subjectOf(selection, queue?.name ?? "this queue");
  const mode = report?.source.mode ?? health?.mode;

  let content: React.ReactNode;
  if (report === undefined) {
    content = error && !isLoading ? <LoadProblem error={error} onRetry={() => void mutate()} /> : <ContentSkeleton />;
  } else if (report === null) {
    content = <NeverRefreshed selection={selection} />;
  } else if (!queue) {
    content = (
      <section className="empty" data-testid="queue-not-found">
        <h2>This queue is not in the report</h2>
        <p>
          No queue with id <code>{queueId}</code> appears in {subjectOf(selection, "the report for")}. It may have been deleted, or moved to
          a division the dashboard cannot see.
        </p>
        <p>
          <Link href={`/${selectionQuery(selection, wall)}`}>Back to all queues</Link>
        </p>
      </section>
    );
  } else {
    content = (
      <>
        <StaleWarning report={report} health={health} renderedAt={renderedAt} />
        <RevalidateProblem error={error} />
        <QueueBody report={report} queue={queue} subject={subject} />
      </>
    );
  }

  return (
    <main className={wall ? "page wall" : "page"} aria-busy={report === undefined && !error}>
      <p className="back">
        <Link href={`/${selectionQuery(selection, wall)}`}>
          <span aria-hidden="true">← </span>All queues
          <LinkPending />
        </Link>
      </p>
      <header className="page-header">
        <div>
          <h1>{pageTitle(name, selection)}</h1>
          {report ? <ReportMeta report={report} renderedAt={renderedAt} queueCount={false} /> : null}
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
