/**
 * The wallboard's URL (`/live?queues=ID,ID&mediaType=voice&wall=1`) and the live API's query it
 * maps to (`?queueId=ID,ID&mediaType=voice`). The page says `queues` because it chooses a set of
 * tiles; the API keeps Genesys's `queueId`. Shared by the server page and the client components.
 */
import { MEDIA_FILTERS, queueHref, type MediaFilter } from "../dashboard/params";

/** What the wallboard shows; both absent: every queue the viewer may see, all media. */
export type LiveSelection = { queueIds?: readonly string[]; mediaType?: string };

type SearchRecord = Record<string, string | string[] | undefined>;

/**
 * The page's `?queues=` and `?mediaType=` as the API's query, for lib/live/request.ts to validate.
 * `queues` may come comma-joined (a link) or repeated (the no-JavaScript picker's checkboxes).
 */
export function liveApiSearch(search: SearchRecord): URLSearchParams {
  const query = new URLSearchParams();
  const queues = [search.queues ?? []]
    .flat()
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  if (queues.length) query.set("queueId", [...new Set(queues)].join(","));
  const mediaType = [search.mediaType ?? []].flat()[0];
  if (mediaType) query.set("mediaType", mediaType);
  return query;
}

function apiQuery(selection: LiveSelection): string {
  const query = new URLSearchParams();
  if (selection.queueIds?.length) query.set("queueId", selection.queueIds.join(","));
  if (selection.mediaType) query.set("mediaType", selection.mediaType);
  const text = query.toString().replace(/%2C/g, ",");
  return text ? `?${text}` : "";
}

/** The Server-Sent Events stream for the same filter as the page. */
export function liveStreamUrl(selection: LiveSelection): string {
  return `/api/live/stream${apiQuery(selection)}`;
}

/** `/live` for a selection, in wall mode or not. */
export function livePageHref(selection: LiveSelection, wall: boolean): string {
  const query = new URLSearchParams();
  if (selection.queueIds?.length) query.set("queues", selection.queueIds.join(","));
  if (selection.mediaType) query.set("mediaType", selection.mediaType);
  if (wall) query.set("wall", "1");
  const text = query.toString().replace(/%2C/g, ",");
  return text ? `/live?${text}` : "/live";
}

/**
 * A tile's drill-down: the `today` view, whose totals are the tile's "today" figures, for the same
 * media type when the dashboard has one for it.
 */
export function liveQueueHref(queueId: string, mediaType: string | undefined, wall: boolean): string {
  const media = (MEDIA_FILTERS as readonly string[]).includes(mediaType ?? "") ? (mediaType as MediaFilter) : null;
  return queueHref(queueId, { view: "today", media }, wall);
}
