/**
 * How fresh the live numbers are: a status line that ticks ("live · updated 3 s ago",
 * "reconnecting…") and, when the deployment's observer could not get newer numbers or the stream is
 * lost, a banner that says so and why. Neither is a live region: the page's announcer says when the
 * numbers go stale.
 */
import type { LiveSnapshot } from "@/lib/model/live-snapshot";
import type { LiveConnection } from "./use-live-snapshot";
import { formatAgo, secondsSince } from "./wait-clock";

const STATE_WORDS: Record<LiveConnection | "stale", string> = {
  // The server's HTML, and the instant before the stream opens: a snapshot, not (yet) a live view.
  idle: "snapshot",
  open: "live",
  reconnecting: "reconnecting…",
  stale: "not live",
};

export function LiveStatus({ snapshot, connection, now }: { snapshot: LiveSnapshot | null; connection: LiveConnection; now: number }) {
  const state = snapshot?.stale && connection !== "reconnecting" ? "stale" : connection;
  const age = snapshot ? secondsSince(snapshot.observedAt, now) : null;
  return (
    <p className={`live-status live-status-${state}`} data-testid="live-status" data-connection={connection}>
      <span className="live-status-dot" aria-hidden="true" />
      <span className="live-status-state">{STATE_WORDS[state]}</span>
      {age !== null ? (
        <>
          {" · updated "}
          <time dateTime={snapshot!.observedAt} data-testid="live-updated-ago">
            {formatAgo(age)}
          </time>
        </>
      ) : null}
    </p>
  );
}

/** Past this long without the stream, a wall screen says so as loudly as a stale snapshot. */
const LOST_AFTER_SECONDS = 30;

/**
 * The numbers on screen are not current: how old they are, and why (the snapshot's `error`, or
 * the stream lost for a while: the server never got to say).
 */
export function StaleBanner({ snapshot, connection, now }: { snapshot: LiveSnapshot | null; connection: LiveConnection; now: number }) {
  if (!snapshot) return null;
  const age = secondsSince(snapshot.observedAt, now);
  const lost = connection === "reconnecting" && (age ?? Infinity) > LOST_AFTER_SECONDS;
  if (!snapshot.stale && !lost) return null;
  const why = lost ? "the connection to the dashboard is lost; reconnecting…" : snapshot.error;
  return (
    <div className="alert alert-stale live-stale" data-testid="live-stale">
      <p className="alert-title">
        <span className="alert-icon" aria-hidden="true">
          !
        </span>
        Not live: these numbers were observed {age === null ? "at an unknown time" : formatAgo(age)}.
      </p>
      {why ? <p className="alert-reason">Why: {why}</p> : null}
    </div>
  );
}
