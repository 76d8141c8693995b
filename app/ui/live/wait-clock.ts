/**
 * The ticking figures: the longest wait grows every second between snapshots, and "updated N s
 * ago" too. Both count from the snapshot's `observedAt` (the server's clock) with the browser's
 * clock; a browser clock behind the server's would make them run backwards, so elapsed time is
 * never negative.
 */

/** Seconds between `observedAt` and `nowMs`, never negative; null for an unreadable time. */
export function secondsSince(observedAt: string, nowMs: number): number | null {
  const at = Date.parse(observedAt);
  if (Number.isNaN(at)) return null;
  return Math.max(0, (nowMs - at) / 1000);
}

/** The longest waiter's age now: its age at `observedAt` plus the time since; null when nobody waits. */
export function waitedNow(longestWaitingSeconds: number | null, observedAt: string, nowMs: number): number | null {
  if (longestWaitingSeconds === null) return null;
  return longestWaitingSeconds + (secondsSince(observedAt, nowMs) ?? 0);
}

const two = (n: number) => String(n).padStart(2, "0");

/** "0:07", "12:05", "1:02:03": m:ss under an hour, h:mm:ss past it; whole seconds, rounded down. */
export function formatWait(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** "3 s ago", "2 min ago", "1 h 05 min ago": short enough for a status line that ticks. */
export function formatAgo(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  if (total < 60) return `${total} s ago`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${two(minutes % 60)} min ago`;
}
