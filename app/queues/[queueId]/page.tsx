import { notFound } from "next/navigation";
import { connection } from "next/server";
import { pagePath, requirePageAccess } from "@/lib/auth/access";
import { getConfig } from "@/lib/config/env";
import { StoreOutage } from "@/app/ui/store-outage";
import { readHealth } from "@/lib/reports/health";
import { readSnapshotFor, storeOutageReason } from "@/lib/reports/stored-snapshots";
import { viewerQueues } from "@/lib/auth/visible-queues";
import { AccessUnconfigured } from "@/app/ui/access-notice";
import { DashboardData } from "@/app/ui/data";
import { HEALTH_KEY, readSelection, reportKey } from "@/app/ui/params";
import { QueueDetail } from "@/app/ui/queue-detail";

type Props = {
  params: Promise<{ queueId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** One queue's drill-down, from the same stored snapshot as the dashboard. */
export default async function QueuePage({ params, searchParams }: Props) {
  await connection();
  if (getConfig().dashboardAccess === "unconfigured") return <AccessUnconfigured />;

  const [{ queueId }, search] = await Promise.all([params, searchParams]);
  const session = await requirePageAccess(pagePath(`/queues/${encodeURIComponent(queueId)}`, search));
  // Signed-in mode: only the queues this person's own token can see (lib/auth/visible-queues.ts).
  const visible = await viewerQueues(session);
  const selection = readSelection(search);
  const [snapshot, health] = await Promise.all([
    readSnapshotFor(selection.view, selection.media ?? undefined, visible).then(
      (report) => ({ report }),
      (error: unknown) => ({ outage: storeOutageReason(error) }),
    ),
    readHealth().catch(() => undefined),
  ]);
  if ("outage" in snapshot) return <StoreOutage reason={snapshot.outage} />;
  const { report } = snapshot;
  // Every visible queue is in every snapshot (with zeros when idle): absent means unknown.
  if (report && !report.queues.some((q) => q.queueId === queueId)) notFound();

  const fallback: Record<string, unknown> = { [reportKey(selection)]: report };
  if (health) fallback[HEALTH_KEY] = health;

  return (
    <DashboardData fallback={fallback}>
      {/* A server component renders once per request: its clock reading is this response's time. */}
      {/* eslint-disable-next-line react-hooks/purity */}
      <QueueDetail queueId={queueId} renderedAt={Date.now()} />
    </DashboardData>
  );
}
