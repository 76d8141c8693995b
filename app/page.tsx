import { connection } from "next/server";
import { pagePath, requirePageAccess } from "@/lib/auth/access";
import { getConfig } from "@/lib/config/env";
import { StoreOutage } from "./ui/store-outage";
import { readHealth } from "@/lib/reports/health";
import { readSnapshotFor, storeOutageReason } from "@/lib/reports/stored-snapshots";
import { viewerQueues } from "@/lib/auth/visible-queues";
import { AccessUnconfigured } from "./ui/access-notice";
import { Dashboard } from "./ui/dashboard";
import { DashboardData } from "./ui/data";
import { HEALTH_KEY, readSelection, reportKey } from "./ui/params";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The dashboard. The server reads the stored snapshot (never Genesys) and hands it to SWR as
 * fallback data: the first paint, even without JavaScript, has the numbers.
 */
export default async function Home({ searchParams }: { searchParams: SearchParams }) {
  await connection(); // per request: snapshots change under a running server
  if (getConfig().dashboardAccess === "unconfigured") return <AccessUnconfigured />;
  const search = await searchParams;
  const session = await requirePageAccess(pagePath("/", search));
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
  if ("outage" in snapshot) return <StoreOutage reason={snapshot.outage} />;
  const { report } = snapshot;
  const fallback: Record<string, unknown> = { [reportKey(selection)]: report };
  if (health) fallback[HEALTH_KEY] = health;

  return (
    <DashboardData fallback={fallback}>
      {/* A server component renders once per request: its clock reading is this response's time. */}
      {/* eslint-disable-next-line react-hooks/purity */}
      <Dashboard renderedAt={Date.now()} />
    </DashboardData>
  );
}
