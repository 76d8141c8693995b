/**
 * Display formatting for every page of the dashboard (durations and percentages as the report
 * command writes them). Dates use Intl with an explicit locale and the report's
 * time zone, so the server render and the browser agree (no hydration mismatch) and the client
 * bundle carries no date library.
 */
export { formatSeconds, percent } from "@/lib/reports/format";

/** Counts in the tables stay plain digits (spreadsheets and tests read them as numbers). */
export const count = (v: number) => String(v);

/** Large counts on cards: grouped for reading across a room. */
export const groupedCount = (v: number) => v.toLocaleString("en-GB");

/**
 * One Intl formatter per time zone, asking for every field at once: building a formatter is the
 * expensive part (it loads zone and locale data), formatting with it is cheap.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
type Fields = { year: string; month: string; day: string; weekday: string; hour: string; minute: string; second: string; zone: string };

function fields(ms: number, timeZone: string): Fields {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formatters.set(timeZone, f);
  }
  const out: Fields = { year: "", month: "", day: "", weekday: "", hour: "", minute: "", second: "", zone: timeZone };
  for (const p of f.formatToParts(ms)) {
    if (p.type === "timeZoneName") out.zone = p.value;
    else if (p.type in out) out[p.type as keyof Fields] = p.value;
  }
  return out;
}

const hhmm = (f: Fields) => `${f.hour}:${f.minute}`;
const weekdayDay = (f: Fields) => `${f.weekday} ${f.day}`;

/** Whether a granularity is shorter than a day (PT30M, PT1H) rather than days (P1D). */
export const isSubDay = (granularity: string) => granularity.includes("T");

function startOf(interval: string): number {
  return Date.parse(interval.split("/")[0] ?? "");
}

/** A bucket's axis label: "14:30" for PT30M/PT1H buckets, "Mon 05" for P1D. */
export function bucketLabel(interval: string, granularity: string, timeZone: string): string {
  const start = startOf(interval);
  if (Number.isNaN(start)) return interval;
  const f = fields(start, timeZone);
  return isSubDay(granularity) ? hhmm(f) : weekdayDay(f);
}

/** A bucket's label in tables and tooltips, unambiguous across days: "Fri 20 14:00–15:00". */
export function bucketLongLabel(interval: string, granularity: string, timeZone: string): string {
  const [a, b] = interval.split("/");
  const start = Date.parse(a ?? "");
  const end = Date.parse(b ?? "");
  if (Number.isNaN(start)) return interval;
  const f = fields(start, timeZone);
  if (!isSubDay(granularity)) return weekdayDay(f);
  return `${weekdayDay(f)} ${hhmm(f)}–${Number.isNaN(end) ? "" : hhmm(fields(end, timeZone))}`;
}

/** "2026-11-20 14:05:09 UTC" in the given zone. */
export function exactTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const f = fields(ms, timeZone);
  return `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute}:${f.second} ${f.zone}`;
}

/** "14:05" or "Fri 20 14:05" when not today, in the given zone. */
export function shortTime(iso: string, timeZone: string, nowMs: number): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const f = fields(ms, timeZone);
  const sameDay = weekdayDay(f) === weekdayDay(fields(nowMs, timeZone)) && Math.abs(nowMs - ms) < 86_400_000;
  return sameDay ? hhmm(f) : `${weekdayDay(f)} ${hhmm(f)}`;
}

/** "yyyy-mm-dd-HHmm" for file names. */
export function fileStamp(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "undated";
  const f = fields(ms, timeZone);
  return `${f.year}-${f.month}-${f.day}-${f.hour}${f.minute}`;
}

/** "just now", "4 min ago", "2 h 05 min ago", "3 days ago". */
export function relativeAge(fromIso: string, nowMs: number): string {
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) return "at an unknown time";
  const seconds = Math.max(0, Math.round((nowMs - from) / 1000));
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h ago` : `${hours} h ${String(minutes % 60).padStart(2, "0")} min ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? "1 day ago" : `${days} days ago`;
}

export const GRANULARITY_LABELS: Record<string, string> = {
  PT30M: "30-minute buckets",
  PT1H: "hourly buckets",
  P1D: "daily buckets",
};
