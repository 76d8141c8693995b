"use client";
/**
 * The frame of the dashboard's two pages, `/` (all queues) and `/queues/[queueId]` (one queue):
 * the selection from the URL and its report and health from SWR (`useReportPage`), then the page
 * (`ReportPage`): the way back, the title with the report's age and source, the view and media
 * controls, and the states before there is a report (loading, failed, never refreshed).
 */
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import type { QueueReport } from "@/lib/model/queue-report";
import { LinkPending } from "../layout/link-pending";
import { LoadProblem, NeverRefreshed, ReportMeta, RevalidateProblem, SourceBadge, StaleWarning } from "../status/report-status";
import { MediaFilterSelect, useSelectionNavigation, ViewSwitcher } from "./controls";
import { useHealth, useReport } from "./data";
import { dashboardHref, isWallMode, pageTitle, readSelection } from "./params";
import { ContentSkeleton } from "./skeleton";

/** What a dashboard page shows, from its URL, and its data as SWR has it. */
export function useReportPage() {
  const search = useSearchParams();
  const selection = readSelection(search);
  const wall = isWallMode(search);
  const navigate = useSelectionNavigation();
  const { data: report, error, isLoading, mutate } = useReport(selection);
  const { data: health } = useHealth();
  return { selection, wall, navigate, report, error, isLoading, mutate, health };
}

export type ReportPageState = ReturnType<typeof useReportPage>;

export function ReportPage({
  page,
  title,
  back = false,
  queueCount = true,
  renderedAt,
  children,
}: {
  page: ReportPageState;
  /** The heading before the selection: "Queue report", a queue's name. */
  title: string;
  /** A link back to all queues, above the heading. */
  back?: boolean;
  /** Whether the report line says how many queues the report has. */
  queueCount?: boolean;
  renderedAt: number;
  /** The page's content once there is a report; `alerts` says when the numbers are stale or could not be rechecked. */
  children: (report: QueueReport, alerts: React.ReactNode) => React.ReactNode;
}) {
  const { selection, wall, navigate, report, error, isLoading, mutate, health } = page;
  const mode = report?.source.mode ?? health?.mode;

  let content: React.ReactNode;
  if (report === undefined) {
    content = error && !isLoading ? <LoadProblem error={error} onRetry={() => void mutate()} /> : <ContentSkeleton />;
  } else if (report === null) {
    content = <NeverRefreshed selection={selection} />;
  } else {
    const alerts = (
      <>
        <StaleWarning report={report} health={health} renderedAt={renderedAt} />
        <RevalidateProblem error={error} />
      </>
    );
    content = children(report, alerts);
  }

  return (
    <main className={wall ? "page wall" : "page"} aria-busy={report === undefined && !error}>
      {back ? (
        <p className="back">
          <Link href={dashboardHref(selection, wall)}>
            <span aria-hidden="true">← </span>All queues
            <LinkPending />
          </Link>
        </p>
      ) : null}
      <header className="page-header">
        <div>
          <h1>{pageTitle(title, selection)}</h1>
          {report ? <ReportMeta report={report} renderedAt={renderedAt} queueCount={queueCount} /> : null}
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
