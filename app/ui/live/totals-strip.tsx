/**
 * The all-queues strip above the tiles: the same figures as a tile, for every queue shown together.
 * No staffing flag here: idle agents in one queue do not answer another's waiting, so the sums
 * would hide the queue that needs help (its tile shows it). The agent figures are sums over the
 * queues, and say so.
 */
import type { LiveSnapshot } from "@/lib/model/live-snapshot";
import { groupedCount } from "../format";
import { AgentFigures, Figure, LongestWait, TodayFigures } from "./live-figures";
import { waitingMediaOf } from "./live-thresholds";
import { waitedNow } from "./wait-clock";

export function TotalsStrip({ snapshot, now }: { snapshot: LiveSnapshot; now: number }) {
  const { totals } = snapshot;
  return (
    <section className="live-totals" aria-labelledby="live-totals-title" data-testid="live-totals">
      <div className="live-totals-head">
        <h2 id="live-totals-title" className="live-totals-title">
          All queues
        </h2>
        {snapshot.queues.length > 1 ? (
          // Genesys observes agents per queue (oOnQueueUsers, oUserRoutingStatuses): the sums count an
          // agent once for each of these queues they are a member of, and nothing says who is in which.
          <p className="live-totals-note" data-testid="live-totals-note">
            agents are counted once in each of their queues
          </p>
        ) : null}
      </div>
      <dl className="live-totals-figures">
        <Figure label="Waiting" testId="live-waiting" className="live-figure-lead">
          <span className="live-number">{groupedCount(totals.waiting)}</span>
        </Figure>
        <LongestWait
          seconds={waitedNow(totals.longestWaitingSeconds, snapshot.observedAt, now)}
          waitingMedia={waitingMediaOf(snapshot.queues)}
        />
        <AgentFigures agents={totals.agents} />
        <TodayFigures today={totals.today} />
      </dl>
    </section>
  );
}
