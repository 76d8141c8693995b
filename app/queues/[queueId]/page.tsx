import { notFound } from "next/navigation";
import { DashboardData } from "@/app/ui/dashboard/data";
import { loadDashboard, type SearchParams } from "@/app/ui/dashboard/load";
import { readSelection } from "@/app/ui/dashboard/params";
import { loadQueueLive } from "@/app/ui/live/load";
import { LiveQueueStrip } from "@/app/ui/live/live-queue-strip";
import { QueueDetail } from "@/app/ui/queue/queue-detail";

type Props = { params: Promise<{ queueId: string }>; searchParams: SearchParams };

/** One queue's drill-down, from the same stored snapshot as the dashboard, with its live state on top. */
export default async function QueuePage({ params, searchParams }: Props) {
  const { queueId } = await params;
  const loaded = await loadDashboard(searchParams, `/queues/${encodeURIComponent(queueId)}`);
  if ("notice" in loaded) return loaded.notice;
  // Every visible queue is in every snapshot (with zeros when idle): absent means unknown.
  if (loaded.report && !loaded.report.queues.some((q) => q.queueId === queueId)) notFound();
  const media = readSelection(await searchParams).media;
  const live = await loadQueueLive(queueId, media);
  return (
    <DashboardData fallback={loaded.fallback}>
      <QueueDetail
        queueId={queueId}
        renderedAt={loaded.renderedAt}
        live={<LiveQueueStrip queueId={queueId} mediaType={media ?? undefined} initial={live.initial} renderedAt={live.renderedAt} />}
      />
    </DashboardData>
  );
}
