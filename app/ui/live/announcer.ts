/**
 * What the wallboard says to a screen reader: only what changed in a way that matters (a queue's
 * longest wait, staffing or service level crossing a threshold, the numbers going stale or
 * recovering), and at most once every ANNOUNCE_EVERY_MS. A live region that read every number on
 * every snapshot would talk without pause and drown the page.
 *
 * Changes are measured against what was last said, not against the previous snapshot: a queue that
 * crosses a threshold and comes back within the quiet period is never mentioned, and one that stays
 * across it is said once the period is over.
 */
import type { LiveSnapshot } from "@/lib/model/live-snapshot";
import { percent } from "../format";
import { SERVICE_LEVEL_WORDS, serviceLevelLevel, type Level } from "../metrics/thresholds";
import { LONGEST_WAIT_WORDS, STAFFING_WORDS, longestWaitLevel, staffingLevel, waitingMediaOf } from "./live-thresholds";
import { formatWait } from "./wait-clock";

export const ANNOUNCE_EVERY_MS = 30_000;
/** Past this many changes at once, the rest are counted, not read. */
const MAX_CHANGES_READ = 4;

type QueueCondition = {
  name: string;
  wait: Level;
  waitSeconds: number | null;
  staffing: Level;
  serviceLevel: Level | null;
  serviceLevelValue: number | null;
};

/** The levels an announcement is about, per queue, and whether the numbers are live. */
export type Conditions = { stale: boolean; error?: string; queues: Map<string, QueueCondition> };

export function conditionsOf(snapshot: LiveSnapshot): Conditions {
  const queues = new Map<string, QueueCondition>();
  for (const q of snapshot.queues) {
    const serviceLevelValue = q.today?.serviceLevel ?? null;
    queues.set(q.queueId, {
      name: q.name,
      // Nobody waiting is as good as a short wait: going from one to the other is no news.
      wait: longestWaitLevel(q.longestWaitingSeconds, waitingMediaOf([q])) ?? "good",
      waitSeconds: q.longestWaitingSeconds,
      staffing: staffingLevel(q),
      serviceLevel: serviceLevelLevel(serviceLevelValue),
      serviceLevelValue,
    });
  }
  return { stale: snapshot.stale, ...(snapshot.error ? { error: snapshot.error } : {}), queues };
}

function waitChange(name: string, now: QueueCondition): string {
  if (now.wait === "good") return `${name}: longest wait back to normal`;
  return `${name}: ${LONGEST_WAIT_WORDS[now.wait].toLowerCase()}${now.waitSeconds === null ? "" : ` (${formatWait(now.waitSeconds)})`}`;
}

function staffingChange(name: string, now: QueueCondition): string {
  return now.staffing === "good" ? `${name}: enough idle agents again` : `${name}: ${STAFFING_WORDS[now.staffing].toLowerCase()}`;
}

function serviceLevelChange(name: string, now: QueueCondition): string {
  return `${name}: service level today ${percent(now.serviceLevelValue)}, ${SERVICE_LEVEL_WORDS[now.serviceLevel!]}`;
}

/** The changes from `said` to `now`, in words; queues in only one of them are not compared. */
export function changesBetween(said: Conditions, now: Conditions): string[] {
  const changes: string[] = [];
  if (now.stale && !said.stale) changes.push(`Live numbers are stale${now.error ? `: ${now.error}` : ""}`);
  if (!now.stale && said.stale) changes.push("Live numbers are up to date again");
  for (const [queueId, q] of now.queues) {
    const before = said.queues.get(queueId);
    if (!before) continue;
    if (q.wait !== before.wait) changes.push(waitChange(q.name, q));
    if (q.staffing !== before.staffing) changes.push(staffingChange(q.name, q));
    // No service level yet (nothing answered today) is not a level to leave or reach.
    if (q.serviceLevel && before.serviceLevel && q.serviceLevel !== before.serviceLevel) changes.push(serviceLevelChange(q.name, q));
  }
  return changes;
}

export function sentenceOf(changes: readonly string[]): string {
  const read = changes.slice(0, MAX_CHANGES_READ);
  const rest = changes.length - read.length;
  return `${read.join(". ")}.${rest > 0 ? ` And ${rest} more ${rest === 1 ? "change" : "changes"}.` : ""}`;
}

export type Announcer = {
  /** The conditions last announced (the first snapshot's, silently: the page itself shows them). */
  said: Conditions | null;
  saidAt: number | null;
};

export const QUIET_ANNOUNCER: Announcer = { said: null, saidAt: null };

export type Announcement = {
  announcer: Announcer;
  /** What to say now, or null. */
  message: string | null;
  /** When a change is held back by the quiet period: the time to look again. */
  retryAt: number | null;
};

export function announce(announcer: Announcer, snapshot: LiveSnapshot, nowMs: number): Announcement {
  const now = conditionsOf(snapshot);
  if (!announcer.said) return { announcer: { said: now, saidAt: null }, message: null, retryAt: null };
  const changes = changesBetween(announcer.said, now);
  // Nothing to say; queues that appeared since join the comparison.
  if (changes.length === 0) return { announcer: { said: now, saidAt: announcer.saidAt }, message: null, retryAt: null };
  if (announcer.saidAt !== null && nowMs - announcer.saidAt < ANNOUNCE_EVERY_MS) {
    return { announcer, message: null, retryAt: announcer.saidAt + ANNOUNCE_EVERY_MS };
  }
  return { announcer: { said: now, saidAt: nowMs }, message: sentenceOf(changes), retryAt: null };
}
