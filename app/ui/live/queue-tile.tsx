/**
 * One queue on the wallboard: people waiting now (the largest figure, read from across the room),
 * the longest wait ticking, the agents, and today's figures. The tile's frame shows its worst live
 * condition; the figures carry their own markers and words. The queue's name links to its page.
 */
import Link from "next/link";
import type { LiveQueue } from "@/lib/model/live-snapshot";
import { groupedCount } from "../format";
import { AgentFigures, Figure, LiveFlag, LongestWait, TodayFigures } from "./live-figures";
import { STAFFING_WORDS, longestWaitLevel, staffingLevel, waitingMediaOf, worstLevel } from "./live-thresholds";
import { FiringBadge } from "../alerts/firing";
import { liveQueueHref } from "./params";
import { waitedNow } from "./wait-clock";

export function QueueTile({
  queue,
  observedAt,
  now,
  mediaType,
  wall,
  firing,
}: {
  queue: LiveQueue;
  observedAt: string;
  now: number;
  mediaType: string | undefined;
  wall: boolean;
  /** The alert rules firing for this queue (lib/alerts), if any. */
  firing?: string[];
}) {
  const waitingMedia = waitingMediaOf([queue]);
  const waited = waitedNow(queue.longestWaitingSeconds, observedAt, now);
  const staffing = staffingLevel(queue);
  const level = worstLevel([longestWaitLevel(waited, waitingMedia), staffing]);
  return (
    <li className={`live-tile level-${level}`} data-testid="live-tile" data-queue-id={queue.queueId} data-level={level}>
      <h2 className="live-tile-name">
        <Link href={liveQueueHref(queue.queueId, mediaType, wall)} prefetch={false}>
          {queue.name}
        </Link>{" "}
        <FiringBadge rules={firing} />
      </h2>
      <dl className="live-tile-now">
        <Figure label="Waiting" testId="live-waiting" className="live-figure-lead">
          <span className="live-number">{groupedCount(queue.waiting)}</span>
          <LiveFlag level={staffing === "good" ? null : staffing} words={STAFFING_WORDS} />
        </Figure>
        <LongestWait seconds={waited} waitingMedia={waitingMedia} />
      </dl>
      <dl className="live-tile-agents">
        <AgentFigures agents={queue.agents} />
      </dl>
      <dl className="live-tile-today">
        <TodayFigures today={queue.today} compact />
      </dl>
    </li>
  );
}
