"use client";
/**
 * A queue's drill-down (`/queues/[queueId]`) shows its state now above the report: the wallboard's
 * figures for that one queue, from the same stream filtered to it (`?queueId=<id>`).
 */
import Link from "next/link";
import type { LiveSnapshot } from "@/lib/model/live-snapshot";
import { groupedCount } from "../format";
import { AgentFigures, Figure, LiveFlag, LongestWait } from "./live-figures";
import { LiveStatus, StaleBanner } from "./live-status";
import { STAFFING_WORDS, staffingLevel, waitingMediaOf } from "./live-thresholds";
import { livePageHref, liveStreamUrl } from "./params";
import { useSecondClock } from "./use-clock";
import { useLiveSnapshot } from "./use-live-snapshot";
import { waitedNow } from "./wait-clock";

export function LiveQueueStrip({
  queueId,
  mediaType,
  initial,
  renderedAt,
}: {
  queueId: string;
  mediaType: string | undefined;
  initial: LiveSnapshot | null;
  renderedAt: number;
}) {
  const selection = { queueIds: [queueId], ...(mediaType ? { mediaType } : {}) };
  const { snapshot, connection } = useLiveSnapshot(liveStreamUrl(selection), initial);
  const now = useSecondClock(renderedAt);
  const queue = snapshot?.queues.find((q) => q.queueId === queueId);
  const staffing = queue ? staffingLevel(queue) : null;

  return (
    <section className="live-strip" aria-labelledby="live-strip-title" data-testid="live-strip">
      <div className="live-strip-header">
        <h2 id="live-strip-title">Live now</h2>
        <LiveStatus snapshot={snapshot} connection={connection} now={now} />
        <Link href={livePageHref(selection, false)} className="live-strip-link" prefetch={false}>
          Wallboard
        </Link>
      </div>
      <StaleBanner snapshot={snapshot} connection={connection} now={now} />
      {queue ? (
        <dl className="live-strip-figures">
          <Figure label="Waiting" testId="live-waiting" className="live-figure-lead">
            <span className="live-number">{groupedCount(queue.waiting)}</span>
            <LiveFlag level={staffing === "good" ? null : staffing} words={STAFFING_WORDS} />
          </Figure>
          <LongestWait seconds={waitedNow(queue.longestWaitingSeconds, snapshot!.observedAt, now)} waitingMedia={waitingMediaOf([queue])} />
          <AgentFigures agents={queue.agents} />
        </dl>
      ) : (
        <p className="muted" data-testid="live-strip-empty">
          {snapshot ? "This queue is not in the live observation (yet)." : "Waiting for the first live observation…"}
        </p>
      )}
    </section>
  );
}
