/**
 * The wallboard's own thresholds (today's service level and abandon rate keep the dashboard's,
 * app/ui/metrics/thresholds.tsx). Each level is shown by colour, by the marker's shape and in words.
 *
 * Longest wait: how long the longest waiter has been in the queue, against what is normal for the
 * media type. The warn level sits a few times past the simulator's and Genesys's usual
 * service-level answer times (voice 20 s, chat 60 s, message 5 min, email 4 h): past it the waiter
 * has clearly missed the target; the alert level is where people give up (voice callers hang up
 * within a few minutes) or the promise to the customer is broken (an email unanswered for half a
 * day). One threshold for all media would keep an email queue permanently red.
 *
 * Waiting against idle agents: people waiting while agents sit idle get answered in seconds; more
 * waiting than idle agents means the queue is building up; people waiting with nobody on queue
 * will not be answered at all.
 */
import type { Level } from "../metrics/thresholds";

type WaitLimits = { warn: number; alert: number };

/** Seconds, per media type (the API's names); a media type not listed here is treated as voice. */
export const LONGEST_WAIT_LIMITS: Record<string, WaitLimits> = {
  voice: { warn: 60, alert: 180 },
  callback: { warn: 10 * 60, alert: 30 * 60 },
  chat: { warn: 2 * 60, alert: 5 * 60 },
  message: { warn: 15 * 60, alert: 60 * 60 },
  email: { warn: 4 * 3600, alert: 12 * 3600 },
};

const limitsOf = (mediaType: string): WaitLimits => LONGEST_WAIT_LIMITS[mediaType] ?? LONGEST_WAIT_LIMITS.voice!;

/**
 * The limits for a longest wait when these media types have people waiting. The observation says
 * how long the longest waiter has waited, not on which media: with voice and email both waiting it
 * is most likely the email, so the most lenient limits apply (a false alarm every day would teach
 * the room to ignore the colour).
 */
export function waitLimitsFor(waitingMedia: readonly string[]): WaitLimits {
  const all = (waitingMedia.length ? waitingMedia : ["voice"]).map(limitsOf);
  return { warn: Math.max(...all.map((l) => l.warn)), alert: Math.max(...all.map((l) => l.alert)) };
}

/** null when nobody waits. */
export function longestWaitLevel(seconds: number | null, waitingMedia: readonly string[]): Level | null {
  if (seconds === null) return null;
  const limits = waitLimitsFor(waitingMedia);
  return seconds >= limits.alert ? "bad" : seconds >= limits.warn ? "warn" : "good";
}

export function staffingLevel(state: { waiting: number; agents: { onQueue: number; idle: number } }): Level {
  if (state.waiting === 0) return "good";
  if (state.agents.onQueue === 0) return "bad";
  return state.waiting > state.agents.idle ? "warn" : "good";
}

/** Visible beside the marker when a level is not good; the accessible name in every case. */
export const LONGEST_WAIT_WORDS: Record<Level, string> = {
  good: "Longest wait fine",
  warn: "Longest wait high",
  bad: "Longest wait too high",
};

export const STAFFING_WORDS: Record<Level, string> = {
  good: "Enough idle agents",
  warn: "More waiting than idle agents",
  bad: "Waiting, no agents on queue",
};

/** Short forms of the dashboard's service-level and abandon words, for a tile read from afar. */
export const SERVICE_LEVEL_SHORT: Record<Level, string> = {
  good: "On target",
  warn: "Below target",
  bad: "Well below target",
};

export const ABANDON_SHORT: Record<Level, string> = {
  good: "Abandons fine",
  warn: "Abandons high",
  bad: "Abandons too high",
};

/** The worst of some levels (a tile's frame shows its worst live condition). */
export function worstLevel(levels: readonly (Level | null)[]): Level {
  if (levels.includes("bad")) return "bad";
  return levels.includes("warn") ? "warn" : "good";
}

/** The media types with someone waiting, across queues. */
export function waitingMediaOf(queues: readonly { byMedia: readonly { mediaType: string; waiting: number }[] }[]): string[] {
  return [...new Set(queues.flatMap((q) => q.byMedia.filter((m) => m.waiting > 0).map((m) => m.mediaType)))];
}
