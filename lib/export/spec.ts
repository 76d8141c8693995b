/**
 * What an export is asked to do, validated: the interval, the format, the filters and the file.
 * Every problem is an `ExportUsageError` naming the argument (the command exits 2 with its usage).
 */
import path from "node:path";
import { DateTime } from "luxon";
import { mediaType, type MediaType } from "@/lib/genesys/schemas";

export const EXPORT_FORMATS = ["ndjson", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `auto` chooses between the two from the volume (see plan.ts); the others force one. */
export const EXPORT_APIS = ["auto", "query", "jobs"] as const;
export type ExportApiChoice = (typeof EXPORT_APIS)[number];

export type ExportSpec = {
  /** Epoch milliseconds, start inclusive, end exclusive. */
  start: number;
  end: number;
  format: ExportFormat;
  /** Absolute path of the finished file. */
  out: string;
  /** Segment filters: a conversation matches when one of its segments has one of these. */
  media: MediaType[];
  queues: string[];
  api: ExportApiChoice;
};

export class ExportUsageError extends Error {
  override name = "ExportUsageError";
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(message);
  }
}

/** Genesys ids are UUIDs; anything else would only come back as an empty export. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseExportInterval(text: string): { start: number; end: number } {
  const parts = text.split("/");
  const [startText, endText] = parts;
  if (parts.length !== 2 || !startText || !endText) {
    throw new ExportUsageError("--interval", 'interval must be "START/END" in ISO-8601, e.g. 2026-11-01T00:00:00Z/2026-11-08T00:00:00Z');
  }
  // A date without an offset is UTC, like every Genesys interval.
  const start = DateTime.fromISO(startText, { zone: "utc" });
  const end = DateTime.fromISO(endText, { zone: "utc" });
  if (!start.isValid || !end.isValid) throw new ExportUsageError("--interval", `interval "${text}" has a date that is not ISO-8601`);
  if (end <= start) throw new ExportUsageError("--interval", "interval must end after it starts");
  return { start: start.toMillis(), end: end.toMillis() };
}

export function parseMediaList(text: string): MediaType[] {
  const items = splitList(text, "--media");
  const out = items.map((item) => {
    const parsed = mediaType.safeParse(item);
    if (!parsed.success) throw new ExportUsageError("--media", `unknown media type "${item}" (one of ${mediaType.options.join(", ")})`);
    return parsed.data;
  });
  return [...new Set(out)].sort();
}

export function parseQueueList(text: string): string[] {
  const items = splitList(text, "--queue");
  for (const item of items) {
    if (!UUID.test(item))
      throw new ExportUsageError("--queue", `"${item}" is not a queue id (a UUID such as fa616106-5339-4634-8455-4ad34e98ebdb)`);
  }
  return [...new Set(items.map((id) => id.toLowerCase()))].sort();
}

function splitList(text: string, argument: string): string[] {
  const items = text.split(",").map((item) => item.trim());
  if (items.length === 0 || items.some((item) => item === ""))
    throw new ExportUsageError(argument, `${argument} needs a comma-separated list without empty items`);
  return items;
}

export function parseExportFormat(text: string): ExportFormat {
  if ((EXPORT_FORMATS as readonly string[]).includes(text)) return text as ExportFormat;
  throw new ExportUsageError("--format", `unknown format "${text}" (one of ${EXPORT_FORMATS.join(", ")})`);
}

export function parseExportApi(text: string): ExportApiChoice {
  if ((EXPORT_APIS as readonly string[]).includes(text)) return text as ExportApiChoice;
  throw new ExportUsageError("--api", `unknown API choice "${text}" (one of ${EXPORT_APIS.join(", ")})`);
}

export function resolveOutPath(text: string | undefined): string {
  if (!text || text.trim() === "")
    throw new ExportUsageError("--out", "--out FILE is required: the export is written to a file, never to the terminal");
  const out = path.resolve(text);
  if (out.endsWith(path.sep)) throw new ExportUsageError("--out", `--out must name a file, not a directory: ${text}`);
  return out;
}

/** From the raw command-line values; throws ExportUsageError on the first problem. */
export function exportSpecFrom(raw: {
  interval?: string;
  format?: string;
  out?: string;
  media?: string;
  queue?: string;
  api?: string;
}): ExportSpec {
  if (!raw.interval) throw new ExportUsageError("--interval", "--interval START/END is required");
  const { start, end } = parseExportInterval(raw.interval);
  return {
    start,
    end,
    format: parseExportFormat(raw.format ?? "ndjson"),
    out: resolveOutPath(raw.out),
    media: raw.media !== undefined ? parseMediaList(raw.media) : [],
    queues: raw.queue !== undefined ? parseQueueList(raw.queue) : [],
    api: parseExportApi(raw.api ?? "auto"),
  };
}

export const isoInterval = (start: number, end: number) => `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;
