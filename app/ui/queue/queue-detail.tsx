"use client";
/** `/queues/[queueId]`: one queue's series and numbers, for the same view and media type. */
import { useMemo } from "react";
import Link from "next/link";
import type { QueueReport, QueueReportRow } from "@/lib/model/queue-report";
import { ReportChart, SERVICE_LEVEL_TREND, SPEED_TREND, VOLUME_TREND } from "../charts/charts";
import { queueBuckets } from "../charts/series";
import { dashboardHref, subjectOf } from "../dashboard/params";
import { ReportPage, useReportPage } from "../dashboard/report-page";
import { KpiCards } from "../metrics/kpis";
import { BucketTable } from "./bucket-table";

function QueueBody({ report, queue, subject }: { report: QueueReport; queue: QueueReportRow; subject: string }) {
  const buckets = useMemo(() => queueBuckets(report, queue.series), [report, queue]);
  const hasTraffic = queue.totals.offered > 0;
  return (
    <>
      <KpiCards metrics={queue.totals} label={`${queue.name} totals`} />
      {hasTraffic ? (
        <div className="charts charts-detail">
          <ReportChart chart={VOLUME_TREND} data={buckets} subject={subject} testId="chart-queue-volume-trend" />
          <ReportChart chart={SPEED_TREND} data={buckets} subject={subject} />
          <ReportChart chart={SERVICE_LEVEL_TREND} data={buckets} subject={subject} testId="chart-queue-service-level" />
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

export function QueueDetail({
  queueId,
  renderedAt,
  live,
}: {
  queueId: string;
  renderedAt: number;
  /** The queue's live strip (app/ui/live/live-queue-strip.tsx), above the report's numbers. */
  live?: React.ReactNode;
}) {
  const page = useReportPage();
  const { selection, wall, report } = page;
  const queue = report?.queues.find((q) => q.queueId === queueId);
  const subject = subjectOf(selection, queue?.name ?? "this queue");

  return (
    <ReportPage page={page} title={queue?.name ?? "Queue"} back queueCount={false} renderedAt={renderedAt}>
      {(report, alerts) =>
        queue ? (
          <>
            {alerts}
            {live}
            <QueueBody report={report} queue={queue} subject={subject} />
          </>
        ) : (
          <section className="empty" data-testid="queue-not-found">
            <h2>This queue is not in the report</h2>
            <p>
              No queue with id <code>{queueId}</code> appears in {subjectOf(selection, "the report for")}. It may have been deleted, or
              moved to a division the dashboard cannot see.
            </p>
            <p>
              <Link href={dashboardHref(selection, wall)}>Back to all queues</Link>
            </p>
          </section>
        )
      }
    </ReportPage>
  );
}
