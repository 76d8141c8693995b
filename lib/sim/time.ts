/**
 * Intervals, granularities and buckets, parsed the way the analytics API reads them.
 */
import { DateTime, Duration, IANAZone } from "luxon";
import { SimError, badRequest } from "./errors";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * The most buckets one aggregate query may ask for (interval ÷ granularity). The real limit is not
 * documented (the ConversationAggregationQuery model of the official SDKs states none): a simulator
 * choice; 1,500 allows a month at PT30M and refuses PT1M over a day+.
 */
export const MAX_AGGREGATE_BUCKETS = 1500;

const INVALID_DATE_MESSAGE = "Dates must be specified as ISO-8601 strings. For example: yyyy-MM-ddTHH:mm:ss.SSSZ";

function parseInstant(s: string): DateTime | null {
  // A timestamp without an offset is read as UTC (the official samples send such intervals).
  const dt = DateTime.fromISO(s, { zone: "utc", setZone: true });
  return dt.isValid && /^\d{4}-\d{2}-\d{2}T/.test(s) ? dt : null;
}

/** `start/end`, `start/duration` or `duration/end`, as ISO-8601. Answers [startMs, endMs). */
export function parseInterval(interval: string, field = "interval"): { start: number; end: number } {
  const parts = interval.split("/");
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new SimError(400, "invalid.date", `${INVALID_DATE_MESSAGE}. Invalid ${field}: [${interval}]`, [
      { errorCode: "invalid.date", fieldName: field },
    ]);
  }
  const [a, b] = parts as [string, string];
  let start: DateTime | null = null;
  let end: DateTime | null = null;
  if (a.startsWith("P")) {
    end = parseInstant(b);
    const d = Duration.fromISO(a);
    if (end && d.isValid) start = end.minus(d);
  } else if (b.startsWith("P")) {
    start = parseInstant(a);
    const d = Duration.fromISO(b);
    if (start && d.isValid) end = start.plus(d);
  } else {
    start = parseInstant(a);
    end = parseInstant(b);
  }
  if (!start || !end) {
    throw new SimError(400, "invalid.date", `${INVALID_DATE_MESSAGE}. Invalid ${field}: [${interval}]`, [
      { errorCode: "invalid.date", fieldName: field },
    ]);
  }
  const s = start.toMillis();
  const e = end.toMillis();
  if (e <= s) throw badRequest(`The ${field} end must be after its start: [${interval}]`, field);
  return { start: s, end: e };
}

export function parseTimeZone(tz: string | undefined, field = "timeZone"): string {
  if (tz === undefined) return "UTC";
  if (!IANAZone.isValidZone(tz)) {
    throw badRequest(
      `Value [${tz}] is not valid for field type [${field}]. Allowable values are: IANA time zone names`,
      field,
      "invalid.value",
    );
  }
  return tz;
}

export function parseGranularity(g: string, field = "granularity"): Duration {
  const d = Duration.fromISO(g);
  if (!d.isValid || d.toMillis() <= 0) {
    throw badRequest(
      `Value [${g}] is not valid for field type [${field}]. Allowable values are: ISO-8601 durations such as PT30M, PT1H, P1D`,
      field,
      "invalid.value",
    );
  }
  return d;
}

/**
 * Bucket boundaries: from the interval start, step by the granularity in the query's time zone
 * (so P1D is a calendar day, 23 or 25 hours across DST), the last bucket clipped to the interval
 * end. Answers n+1 boundaries for n buckets.
 */
export function bucketBoundaries(start: number, end: number, granularity: Duration | null, zone: string): number[] {
  if (!granularity) return [start, end];
  const approx = granularity.toMillis();
  if ((end - start) / approx > MAX_AGGREGATE_BUCKETS) throw tooManyBuckets(start, end, approx);
  const out = [start];
  const origin = DateTime.fromMillis(start, { zone });
  // Step from the origin (not cumulatively) so P1M from Jan 31 does not drift.
  for (let i = 1; ; i++) {
    const next = origin.plus(granularity.mapUnits((x) => x * i)).toMillis();
    if (next >= end) {
      out.push(end);
      break;
    }
    out.push(next);
    if (out.length - 1 > MAX_AGGREGATE_BUCKETS) throw tooManyBuckets(start, end, approx);
  }
  return out;
}

function tooManyBuckets(start: number, end: number, approx: number): SimError {
  const n = Math.ceil((end - start) / approx);
  return badRequest(
    `The interval and granularity would produce ${n} buckets; the simulator allows at most ${MAX_AGGREGATE_BUCKETS}. Use a coarser granularity or a shorter interval.`,
    "granularity",
  );
}

const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
let isoHour = NaN;
let isoPrefix = "";

/**
 * `yyyy-MM-ddTHH:mm:ss.SSSZ` (UTC), like Date#toISOString but without building a Date for each
 * of the thousands of timestamps in a details page: the hour prefix is reused.
 */
export function isoMs(ms: number): string {
  const hour = Math.floor(ms / HOUR_MS);
  if (hour !== isoHour) {
    isoHour = hour;
    isoPrefix = new Date(hour * HOUR_MS).toISOString().slice(0, 14); // "yyyy-MM-ddTHH:"
  }
  const rest = ms - hour * HOUR_MS;
  const minutes = Math.floor(rest / MINUTE_MS);
  const seconds = Math.floor((rest - minutes * MINUTE_MS) / 1000);
  const millis = rest - minutes * MINUTE_MS - seconds * 1000;
  return `${isoPrefix}${PAD2[minutes]}:${PAD2[seconds]}.${PAD3[millis]}Z`;
}

export function intervalString(start: number, end: number): string {
  return `${isoMs(start)}/${isoMs(end)}`;
}
