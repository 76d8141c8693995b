/**
 * What the dashboard shows, read from and written to the URL (`?view=`, `?mediaType=`, `?wall=1`:
 * the same names as the API's, so a page URL and its data's URL say the same thing),
 * and the API keys SWR caches it under. Shared by the server pages and the client components.
 */
import { DASHBOARD_MEDIA_TYPES, DEFAULT_VIEW, VIEW_LABELS, isViewName, type ViewName } from "@/lib/reports/views";

/** The media types the scheduled refresh stores a snapshot for (besides all media together). */
export const MEDIA_FILTERS = DASHBOARD_MEDIA_TYPES;
export type MediaFilter = (typeof MEDIA_FILTERS)[number];

export const MEDIA_LABELS: Record<MediaFilter | "all", string> = {
  all: "All",
  voice: "Voice",
  chat: "Chat",
  email: "Email",
  message: "Message",
};

export type Selection = { view: ViewName; media: MediaFilter | null };

type SearchInput = URLSearchParams | { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function param(search: SearchInput, name: string): string | undefined {
  if (typeof (search as URLSearchParams).get === "function") {
    return (search as URLSearchParams).get(name) ?? undefined;
  }
  const value = (search as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

function isMediaFilter(value: string): value is MediaFilter {
  return (MEDIA_FILTERS as readonly string[]).includes(value);
}

/** Unknown or missing values fall back to the defaults: a hand-edited URL still shows a page. */
export function readSelection(search: SearchInput): Selection {
  const view = param(search, "view");
  // `media` is what links made before `mediaType` said; they keep working.
  const media = param(search, "mediaType") ?? param(search, "media");
  return {
    view: view && isViewName(view) ? view : DEFAULT_VIEW,
    media: media && isMediaFilter(media) ? media : null,
  };
}

export function isWallMode(search: SearchInput): boolean {
  const wall = param(search, "wall");
  return wall === "1" || wall === "true";
}

/** The SWR key of a selection: the API URL itself. */
export function reportKey(selection: Selection): string {
  const query = new URLSearchParams({ view: selection.view });
  if (selection.media) query.set("mediaType", selection.media);
  return `/api/reports/queues?${query.toString()}`;
}

export const HEALTH_KEY = "/api/health";

/** `?view=…&mediaType=…` for a page URL, keeping `wall` when it is on. */
export function selectionQuery(selection: Selection, wall = false): string {
  const query = new URLSearchParams({ view: selection.view });
  if (selection.media) query.set("mediaType", selection.media);
  if (wall) query.set("wall", "1");
  return `?${query.toString()}`;
}

/** "Last 24 hours · Voice": the selection in words. */
export function selectionText(selection: Selection): string {
  return `${VIEW_LABELS[selection.view]}${selection.media ? ` · ${MEDIA_LABELS[selection.media]}` : ""}`;
}

/** "Queue report · Last 24 hours · Voice" */
export function pageTitle(prefix: string, selection: Selection): string {
  return `${prefix} · ${selectionText(selection)}`;
}

/** "all queues, last 24 hours, voice only": what a chart or table covers, in words. */
export function subjectOf(selection: Selection, who = "all queues"): string {
  return `${who}, ${VIEW_LABELS[selection.view].toLowerCase()}${selection.media ? `, ${MEDIA_LABELS[selection.media].toLowerCase()} only` : ""}`;
}

/** The dashboard (all queues) for a selection. */
export function dashboardHref(selection: Selection, wall: boolean): string {
  return `/${selectionQuery(selection, wall)}`;
}

/** One queue's drill-down for a selection. */
export function queueHref(queueId: string, selection: Selection, wall: boolean): string {
  return `/queues/${encodeURIComponent(queueId)}${selectionQuery(selection, wall)}`;
}
