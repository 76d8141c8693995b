/**
 * Report windows. A view is a named, rolling window (`today`, `last-24h`, `last-7d`) resolved in
 * the report's time zone; an on-demand window is an explicit interval and granularity. Both end
 * up as whole buckets so that every series has one entry per bucket, empty ones included.
 */
import { DateTime, Duration, IANAZone, Interval } from "luxon";
import type { MediaType } from "@/lib/genesys/schemas";

export const VIEW_NAMES = ["today", "last-24h", "last-7d"] as const;

/**
 * The media types the dashboard filters by: the scheduled refresh stores a snapshot of each view
 * for each of them (besides all media together). One list for the refresh and the pages.
 */
export const DASHBOARD_MEDIA_TYPES = ["voice", "chat", "email", "message"] as const satisfies readonly MediaType[];
export type ViewName = (typeof VIEW_NAMES)[number];
export const DEFAULT_VIEW: ViewName = "last-24h";

export const VIEW_GRANULARITY: Record<ViewName, string> = {
  today: "PT30M",
  "last-24h": "PT1H",
  "last-7d": "P1D",
};

export const VIEW_LABELS: Record<ViewName, string> = {
  today: "Today",
  "last-24h": "Last 24 hours",
  "last-7d": "Last 7 days",
};

/** More buckets than this make a chart unreadable and a query needlessly heavy. */
export const MAX_BUCKETS = 1000;
/** The longest on-demand window the dashboard asks Genesys for. */
export const MAX_INTERVAL_DAYS = 31;

export type ReportWindow = {
  view?: ViewName;
  start: DateTime;
  end: DateTime;
  granularity: string;
  timeZone: string;
};

export function isViewName(value: string): value is ViewName {
  return (VIEW_NAMES as readonly string[]).includes(value);
}

/** Resolves a view at `now` in `timeZone`. The window ends at the end of the current bucket. */
export function resolveView(view: ViewName, timeZone: string, now: Date = new Date()): ReportWindow {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const granularity = VIEW_GRANULARITY[view];
  switch (view) {
    case "today": {
      const start = local.startOf("day");
      const elapsed = local.diff(start).as("minutes");
      const end = start.plus({ minutes: Math.max(30, Math.ceil(elapsed / 30) * 30) });
      return { view, start, end, granularity, timeZone };
    }
    case "last-24h": {
      const end = local.startOf("hour").plus({ hours: 1 });
      return { view, start: end.minus({ hours: 24 }), end, granularity, timeZone };
    }
    case "last-7d": {
      const end = local.startOf("day").plus({ days: 1 });
      return { view, start: end.minus({ days: 7 }), end, granularity, timeZone };
    }
  }
}

export class WindowError extends Error {
  constructor(
    readonly field: "view" | "interval" | "granularity" | "timeZone",
    message: string,
  ) {
    super(message);
    this.name = "WindowError";
  }
}

export function checkTimeZone(timeZone: string): string {
  if (!IANAZone.isValidZone(timeZone)) {
    throw new WindowError("timeZone", `timeZone "${timeZone}" is not an IANA time zone (for example Europe/Dublin)`);
  }
  return timeZone;
}

/** Parses an on-demand window; every problem is a `WindowError` naming the field. */
export function parseWindow(input: { interval: string; granularity: string; timeZone?: string }): ReportWindow {
  const timeZone = checkTimeZone(input.timeZone ?? "UTC");
  const parts = input.interval.split("/");
  const [startText, endText] = parts;
  if (parts.length !== 2 || !startText || !endText) {
    throw new WindowError("interval", 'interval must be "START/END" in ISO-8601, e.g. 2026-01-01T00:00:00Z/2026-01-02T00:00:00Z');
  }
  const start = DateTime.fromISO(startText, { zone: timeZone });
  const end = DateTime.fromISO(endText, { zone: timeZone });
  if (!start.isValid || !end.isValid) {
    throw new WindowError("interval", `interval "${input.interval}" has a date that is not ISO-8601`);
  }
  if (end <= start) {
    throw new WindowError("interval", "interval must end after it starts");
  }
  if (end.diff(start, "days").days > MAX_INTERVAL_DAYS) {
    throw new WindowError("interval", `interval must be at most ${MAX_INTERVAL_DAYS} days long`);
  }
  const duration = Duration.fromISO(input.granularity);
  if (!duration.isValid || duration.toMillis() <= 0) {
    throw new WindowError("granularity", `granularity "${input.granularity}" is not an ISO-8601 duration such as PT30M, PT1H or P1D`);
  }
  if (duration.toMillis() < 60_000) {
    throw new WindowError("granularity", "granularity must be at least one minute (PT1M)");
  }
  const window = { start, end, granularity: input.granularity, timeZone };
  const buckets = countBuckets(window);
  if (buckets > MAX_BUCKETS) {
    throw new WindowError(
      "granularity",
      `interval is too long for granularity ${input.granularity}: ${buckets} buckets, at most ${MAX_BUCKETS}`,
    );
  }
  return window;
}

function countBuckets(window: Omit<ReportWindow, "view">): number {
  const step = Duration.fromISO(window.granularity);
  let count = 0;
  for (let cursor = window.start; cursor < window.end && count <= MAX_BUCKETS; cursor = cursor.plus(step)) count++;
  return count;
}

export type Bucket = { start: number; end: number; interval: string };

/**
 * The window's buckets: from the start, one granularity at a time in the report's time zone (so
 * `P1D` follows calendar days across DST changes), the last one clipped to the window's end.
 */
export function bucketsOf(window: ReportWindow): Bucket[] {
  const step = Duration.fromISO(window.granularity);
  const buckets: Bucket[] = [];
  for (let cursor = window.start.setZone(window.timeZone); cursor < window.end;) {
    const next = DateTime.min(cursor.plus(step), window.end);
    buckets.push({ start: cursor.toMillis(), end: next.toMillis(), interval: utcInterval(cursor, next) });
    cursor = next;
  }
  return buckets;
}

/** `start/end` in ISO-8601 UTC with milliseconds, the form Genesys answers with. */
export function utcInterval(start: DateTime, end: DateTime): string {
  return `${start.toUTC().toISO()}/${end.toUTC().toISO()}`;
}

export function windowInterval(window: ReportWindow): string {
  return utcInterval(window.start, window.end);
}

/** Parses a Genesys bucket interval's start instant (ms), or null when it is not an interval. */
export function intervalStartMillis(interval: string): number | null {
  const start = interval.split("/")[0];
  if (!start) return null;
  const parsed = Interval.fromISO(interval).isValid ? DateTime.fromISO(start, { setZone: true }) : DateTime.invalid("bad");
  return parsed.isValid ? parsed.toMillis() : null;
}
