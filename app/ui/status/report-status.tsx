"use client";
/** How fresh the numbers are, what went wrong, and the empty states. */
import { useEffect, useState } from "react";
import type { QueueReport } from "@/lib/model/queue-report";
import type { Health } from "@/lib/reports/health";
import { GRANULARITY_LABELS, exactTime, relativeAge, shortTime } from "../format";
import { selectionText, type Selection } from "../dashboard/params";

/**
 * The clock for "updated 4 min ago". It starts at the server's render time, so the first client
 * render matches the HTML, then follows the browser's clock every 15 seconds.
 */
export function useNow(renderedAt: number, everyMs = 15_000): number {
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    // Deliberate: the first render must match the server's HTML (renderedAt); only after
    // hydration may the browser's clock take over.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Ticks on its own, so the clock re-renders this line and not the charts. */
export function UpdatedAgo({ generatedAt, timeZone, renderedAt }: { generatedAt: string; timeZone: string; renderedAt: number }) {
  const now = useNow(renderedAt);
  const exact = exactTime(generatedAt, timeZone);
  return (
    <span className="updated" data-testid="updated-ago">
      updated{" "}
      <time dateTime={generatedAt} title={`Generated ${exact}`}>
        {relativeAge(generatedAt, now)}
      </time>
    </span>
  );
}

/**
 * The last refresh failed after this report was generated: the numbers stay on screen, and the
 * page says how old they are and why they are not newer.
 */
export function StaleWarning({ report, health, renderedAt }: { report: QueueReport; health: Health | undefined; renderedAt: number }) {
  const now = useNow(renderedAt);
  const error = health?.lastRefresh.error;
  if (!error) return null;
  const failedAt = Date.parse(error.at);
  const generatedAt = Date.parse(report.generatedAt);
  if (!(failedAt > generatedAt)) return null;
  return (
    <div className="alert alert-stale" role="alert" data-testid="stale-warning">
      <p className="alert-title">
        <span className="alert-icon" aria-hidden="true">
          !
        </span>
        The last refresh failed{" "}
        <time dateTime={error.at} title={exactTime(error.at, report.timeZone)}>
          {relativeAge(error.at, now)}
        </time>
        : these numbers are from{" "}
        <time dateTime={report.generatedAt} title={exactTime(report.generatedAt, report.timeZone)}>
          {shortTime(report.generatedAt, report.timeZone, now)} ({relativeAge(report.generatedAt, now)})
        </time>
        .
      </p>
      <p className="alert-reason">
        Reason: <span data-testid="stale-reason">{error.message}</span>
      </p>
    </div>
  );
}

/** The browser could not revalidate (server down, network gone): say so, keep the data. */
export function RevalidateProblem({ error }: { error: Error | undefined }) {
  if (!error) return null;
  return (
    <p className="alert alert-soft" role="status">
      Could not check for newer numbers ({error.message}); showing the last ones received. Retrying automatically.
    </p>
  );
}

export function SourceBadge({ mode, environment }: { mode: "simulator" | "genesys"; environment?: string }) {
  if (mode !== "simulator") {
    return environment ? (
      <p className="badge badge-live" title="Reporting on a real Genesys Cloud org">
        Genesys Cloud · {environment}
      </p>
    ) : null;
  }
  return (
    <p className="badge badge-sim" role="note" data-testid="simulator-badge">
      <strong>Simulated data</strong>
      <span className="badge-detail">
        from the built-in Genesys Cloud simulator. For a real org set <code>GENESYS_CLIENT_ID</code> and <code>GENESYS_CLIENT_SECRET</code>{" "}
        (see the README).
      </span>
    </p>
  );
}

export function NeverRefreshed({ selection }: { selection: Selection }) {
  return (
    <section className="empty" aria-labelledby="never-refreshed-title" data-testid="empty-never-refreshed">
      <h2 id="never-refreshed-title">No data for “{selectionText(selection)}” yet</h2>
      <p>
        This view has never been refreshed. The scheduler fills every view shortly after the server starts and then on its schedule (Vercel
        Cron in production). To refresh now, call the cron route with its secret:
      </p>
      <pre>
        <code>curl -H &quot;Authorization: Bearer $CRON_SECRET&quot; http://127.0.0.1:3000/api/cron/refresh</code>
      </pre>
      <p className="muted">This page checks again every minute.</p>
    </section>
  );
}

export function NoTraffic({ selection }: { selection: Selection }) {
  return (
    <p className="empty empty-inline" data-testid="empty-no-traffic">
      No conversations were offered to any queue in “{selectionText(selection)}”. The queues are listed with zeros; the charts appear when
      there is traffic.
    </p>
  );
}

export function LoadProblem({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">The report could not be loaded.</p>
      <p className="alert-reason">{error.message}</p>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

export function ReportMeta({ report, renderedAt, queueCount = true }: { report: QueueReport; renderedAt: number; queueCount?: boolean }) {
  return (
    <p className="muted meta" data-testid="report-meta">
      {queueCount ? `${report.queues.length} queues · ` : ""}
      {GRANULARITY_LABELS[report.granularity] ?? `${report.granularity} buckets`} · {report.timeZone} ·{" "}
      <UpdatedAgo generatedAt={report.generatedAt} timeZone={report.timeZone} renderedAt={renderedAt} />
    </p>
  );
}
