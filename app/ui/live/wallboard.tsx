"use client";
/**
 * `/live`: the wallboard. The server's snapshot is on screen from the first paint (with or without
 * JavaScript); the stream then replaces it on every change, one clock ticks the waits and the
 * status line, and a polite live region says only what changed in a way that matters.
 * `?wall=1`: no header or controls, dark, every tile on one screen (wall-grid.ts).
 */
import type { CSSProperties } from "react";
import Link from "next/link";
import type { LiveSnapshot } from "@/lib/model/live-snapshot";
import { SourceBadge } from "../status/report-status";
import { LiveStatus, StaleBanner } from "./live-status";
import { livePageHref, liveStreamUrl, type LiveSelection } from "./params";
import { useFiringAlerts } from "../alerts/firing";
import { QueueTile } from "./queue-tile";
import { TotalsStrip } from "./totals-strip";
import { useAnnouncer } from "./use-announcement";
import { useSecondClock } from "./use-clock";
import { useLiveSnapshot } from "./use-live-snapshot";
import { wallGrid } from "./wall-grid";

function NoQueues({ selection }: { selection: LiveSelection }) {
  return (
    <section className="empty" data-testid="live-no-queues">
      <h2>No queues to show</h2>
      {selection.queueIds ? (
        <p>
          None of the chosen queues can be shown: they may have been deleted, or be outside what you may see.{" "}
          <Link href={livePageHref({ mediaType: selection.mediaType }, false)}>Show every queue</Link>.
        </p>
      ) : (
        <p>The live observation lists no queue yet.</p>
      )}
    </section>
  );
}

export function LiveWallboard({
  initial,
  selection,
  wall,
  renderedAt,
  controls,
}: {
  /** The server's snapshot; null before the deployment's first observation (the stream brings it). */
  initial: LiveSnapshot | null;
  selection: LiveSelection;
  wall: boolean;
  renderedAt: number;
  /** The queue picker (server-rendered, works without JavaScript); none in wall mode. */
  controls?: React.ReactNode;
}) {
  const { message, hear } = useAnnouncer();
  const { snapshot, connection } = useLiveSnapshot(liveStreamUrl(selection), initial, hear);
  const now = useSecondClock(renderedAt);
  const firing = useFiringAlerts();
  const queues = snapshot?.queues ?? [];
  const grid = wallGrid(queues.length);
  const gridStyle = wall ? ({ "--live-columns": grid.columns, "--live-rows": grid.rows } as CSSProperties) : undefined;

  return (
    <main className={wall ? "live live-wall" : "page live"} data-testid="live-board" data-observed-at={snapshot?.observedAt}>
      <header className="live-header">
        <div>
          <h1>
            Live{snapshot ? <span className="live-count"> · {queues.length === 1 ? "1 queue" : `${queues.length} queues`}</span> : null}
          </h1>
          <LiveStatus snapshot={snapshot} connection={connection} now={now} />
        </div>
        {!wall && snapshot ? <SourceBadge mode={snapshot.source.mode} environment={snapshot.source.environment} /> : null}
      </header>
      {controls}
      <StaleBanner snapshot={snapshot} connection={connection} now={now} />
      {/* Present from the start (a live region added later is not watched), and quiet until something matters. */}
      <p className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="live-announcer">
        {message}
      </p>
      {!snapshot ? (
        <p className="empty" data-testid="live-not-observed">
          The queues have not been observed yet: the numbers appear here in a few seconds.
        </p>
      ) : (
        <>
          <TotalsStrip snapshot={snapshot} now={now} />
          {queues.length === 0 ? (
            <NoQueues selection={selection} />
          ) : (
            <ul className="live-tiles" aria-label="Queues" style={gridStyle}>
              {queues.map((queue) => (
                <QueueTile
                  key={queue.queueId}
                  queue={queue}
                  observedAt={snapshot.observedAt}
                  now={now}
                  mediaType={selection.mediaType}
                  wall={wall}
                  firing={firing.get(queue.queueId)}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </main>
  );
}
