/**
 * The report routes' query strings, validated with zod before anything reaches Genesys. Every
 * problem becomes a 400 naming the field.
 */
import { z } from "zod";
import { mediaType, type MediaType } from "@/lib/genesys/schemas";
import { DEFAULT_VIEW, VIEW_NAMES, WindowError, parseWindow, type ReportWindow, type ViewName } from "./views";

export type ReportRequest =
  { kind: "view"; view: ViewName; mediaType?: MediaType } | { kind: "interval"; window: ReportWindow; mediaType?: MediaType };

export type BadRequest = { code: "bad_request"; message: string; field: string };

const params = z.strictObject({
  view: z.enum(VIEW_NAMES, { error: `view must be one of ${VIEW_NAMES.join(", ")}` }).optional(),
  interval: z.string().optional(),
  granularity: z.string().optional(),
  timeZone: z.string().optional(),
  mediaType: z.enum(mediaType.options, { error: `mediaType must be one of ${mediaType.options.join(", ")}` }).optional(),
});

export function parseReportRequest(search: URLSearchParams, defaultTimeZone: string): ReportRequest | BadRequest {
  const raw: Record<string, string> = {};
  for (const [key, value] of search) {
    if (key in raw) return bad(key, `${key} is given more than once`);
    raw[key] = value;
  }
  const parsed = params.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.code === "unrecognized_keys" ? issue.keys[0]! : String(issue.path[0] ?? "query");
    const message = issue.code === "unrecognized_keys" ? `unknown parameter "${field}"` : issue.message;
    return bad(field, message);
  }
  const q = parsed.data;
  if (q.view && q.interval) return bad("view", "use either view or interval, not both");
  if (!q.interval) {
    if (q.granularity) return bad("granularity", "granularity goes with interval; views have their own");
    if (q.timeZone) return bad("timeZone", "timeZone goes with interval; views use the dashboard's time zone");
    return { kind: "view", view: q.view ?? DEFAULT_VIEW, ...(q.mediaType ? { mediaType: q.mediaType } : {}) };
  }
  if (!q.granularity) return bad("granularity", "granularity is required with interval (e.g. PT1H)");
  try {
    const window = parseWindow({ interval: q.interval, granularity: q.granularity, timeZone: q.timeZone ?? defaultTimeZone });
    return { kind: "interval", window, ...(q.mediaType ? { mediaType: q.mediaType } : {}) };
  } catch (error) {
    if (error instanceof WindowError) return bad(error.field, error.message);
    throw error;
  }
}

function bad(field: string, message: string): BadRequest {
  return { code: "bad_request", message, field };
}

export function isBadRequest(value: ReportRequest | BadRequest): value is BadRequest {
  return "code" in value;
}
