/**
 * What the dashboard's pages (`/` and `/queues/[queueId]`) read on the server before they
 * render: access (a notice instead of the page while nobody decided who may see the data; the
 * sign-in for signed-in mode), the selection from the URL, the stored snapshot of the queues this
 * viewer may see (never Genesys) and the health line. The snapshot goes to SWR as fallback data,
 * so the first paint, even without JavaScript, has the numbers.
 */
import type { ReactElement } from "react";
import { connection } from "next/server";
import { pagePath, requirePageAccess } from "@/lib/auth/access";
import { viewerQueues } from "@/lib/auth/visible-queues";
import { getConfig } from "@/lib/config/env";
import type { QueueReport } from "@/lib/model/queue-report";
import { readHealth } from "@/lib/reports/health";
import { readSnapshotFor, storeOutageReason } from "@/lib/reports/stored-snapshots";
import { AccessUnconfigured } from "../status/access-notice";
import { StoreOutage } from "../status/store-outage";
import { HEALTH_KEY, readSelection, reportKey } from "./params";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export type DashboardLoad =
  /** A page to show instead of the dashboard: access not configured, the store unreachable. */
  | { notice: ReactElement }
  | {
      /** `null`: this view was never refreshed. */
      report: QueueReport | null;
      /** SWR's fallback: the report (and the health line, when it could be read) under their API keys. */
      fallback: Record<string, unknown>;
      /** This response's time: the clock the page's "updated … ago" starts from. */
      renderedAt: number;
    };

/** `path`: the page's own path (without the query), where the sign-in comes back to. */
export async function loadDashboard(searchParams: SearchParams, path: string): Promise<DashboardLoad> {
  await connection(); // per request: snapshots change under a running server
  if (getConfig().dashboardAccess === "unconfigured") return { notice: <AccessUnconfigured /> };
  const search = await searchParams;
  const session = await requirePageAccess(pagePath(path, search));
  // Signed-in mode: only the queues this person's own token can see (lib/auth/visible-queues.ts).
  const visible = await viewerQueues(session);

  const selection = readSelection(search);
  const [snapshot, health] = await Promise.all([
    readSnapshotFor(selection.view, selection.media ?? undefined, visible).then(
      (report) => ({ report }),
      (error: unknown) => ({ outage: storeOutageReason(error) }),
    ),
    // The page works without the health line; the browser asks again.
    readHealth().catch(() => undefined),
  ]);
  if ("outage" in snapshot) return { notice: <StoreOutage reason={snapshot.outage} /> };
  const { report } = snapshot;
  const fallback: Record<string, unknown> = { [reportKey(selection)]: report };
  if (health) fallback[HEALTH_KEY] = health;
  // A server render happens once per request: this clock reading is the response's time.
  return { report, fallback, renderedAt: Date.now() };
}
