import "server-only";
/**
 * What the live pages read on the server before they render: the same access as the dashboard
 * (the notice while nobody decided who may see the data, the sign-in in signed-in mode, only the
 * viewer's own queues), the filter from the URL, and the deployment's latest snapshot, so the first
 * paint, even without JavaScript, has the numbers. The browser's stream takes over from there.
 */
import type { ReactElement } from "react";
import { connection } from "next/server";
import { pagePath, requirePageAccess } from "@/lib/auth/access";
import { viewerQueues } from "@/lib/auth/visible-queues";
import { getConfig } from "@/lib/config/env";
import { currentLiveSnapshot, isLiveNotObserved } from "@/lib/live/deployment";
import type { LiveFilter } from "@/lib/live/render";
import { isLiveBadRequest, parseLiveRequest } from "@/lib/live/request";
import type { LiveSnapshot } from "@/lib/model/live-snapshot";
import { storeOutageReason } from "@/lib/reports/stored-snapshots";
import type { SearchParams } from "../dashboard/load";
import { AccessUnconfigured } from "../status/access-notice";
import { StoreOutage } from "../status/store-outage";
import { liveApiSearch, type LiveSelection } from "./params";

type Snapshot = { snapshot: LiveSnapshot | null } | { outage: string };

/** The latest snapshot for a filter; null before the first observation (the stream brings it). */
async function firstSnapshot(filter: LiveFilter): Promise<Snapshot> {
  try {
    return { snapshot: await currentLiveSnapshot(filter) };
  } catch (error) {
    if (isLiveNotObserved(error)) return { snapshot: null };
    return { outage: storeOutageReason(error) };
  }
}

export type LiveLoad =
  /** A page to show instead: access not configured, the store unreachable. */
  | { notice: ReactElement }
  /** The URL's filter is wrong: say why (the API's own message). */
  | { problem: string }
  | {
      initial: LiveSnapshot | null;
      selection: LiveSelection;
      /** Every queue the viewer may see, for the picker (the snapshot has only the chosen ones). */
      allQueues: { queueId: string; name: string }[];
      /** This response's time: the ticking clocks start from it, so the client's first render matches. */
      renderedAt: number;
    };

/** `/live`: `?queues=ID,ID` (or repeated), `?mediaType=`. */
export async function loadLive(searchParams: SearchParams, wall: boolean): Promise<LiveLoad> {
  await connection(); // per request: live state changes under a running server
  if (getConfig().dashboardAccess === "unconfigured") return { notice: <AccessUnconfigured /> };
  const search = await searchParams;
  const session = await requirePageAccess(pagePath("/live", search));
  const request = parseLiveRequest(liveApiSearch(search));
  if (isLiveBadRequest(request)) return { problem: request.message.replace(/^queueId/, "queues") };

  let visible: ReadonlySet<string> | null;
  try {
    // Signed-in mode: only the queues this person's own token can see (lib/auth/visible-queues.ts).
    visible = await viewerQueues(session);
  } catch (error) {
    return { notice: <StoreOutage reason={storeOutageReason(error)} /> };
  }
  const chosen = await firstSnapshot({ ...request, visible });
  if ("outage" in chosen) return { notice: <StoreOutage reason={chosen.outage} /> };
  // The picker lists every queue; with a choice made the snapshot holds only those (the wall has no picker).
  const every = request.queueIds && !wall ? await firstSnapshot({ mediaType: request.mediaType, visible }) : chosen;
  const allQueues = ("snapshot" in every ? every.snapshot?.queues : chosen.snapshot?.queues) ?? [];
  return {
    initial: chosen.snapshot,
    selection: {
      ...(request.queueIds ? { queueIds: request.queueIds } : {}),
      ...(request.mediaType ? { mediaType: request.mediaType } : {}),
    },
    allQueues: allQueues.map(({ queueId, name }) => ({ queueId, name })),
    renderedAt: Date.now(),
  };
}

/**
 * A queue's drill-down: its live strip's first snapshot, for the page's media type. Access was
 * checked by the page's loader (asked again here for the session); an odd id, or a store that
 * fails here, leaves the strip to the stream.
 */
export async function loadQueueLive(
  queueId: string,
  mediaType: string | null,
): Promise<{ initial: LiveSnapshot | null; renderedAt: number }> {
  const query = new URLSearchParams({ queueId });
  if (mediaType) query.set("mediaType", mediaType);
  const request = parseLiveRequest(query);
  const renderedAt = Date.now();
  if (isLiveBadRequest(request)) return { initial: null, renderedAt };
  const session = await requirePageAccess(`/queues/${encodeURIComponent(queueId)}`);
  try {
    const first = await firstSnapshot({ ...request, visible: await viewerQueues(session) });
    return { initial: "snapshot" in first ? first.snapshot : null, renderedAt };
  } catch {
    // The drill-down itself must not fail for its strip: the stream tries again in the browser.
    return { initial: null, renderedAt };
  }
}
