import "server-only";
/** Reports for intervals no scheduled view covers, by client credentials, cached and budgeted. */
import type { MediaType } from "@/lib/genesys/schemas";
import type { QueueReport } from "@/lib/model/queue-report";
import { reportingConnection } from "@/lib/server/app-connection";
import { getSnapshotStore } from "@/lib/server/store";
import type { QueueSums } from "./build";
import { queueDirectory } from "./queue-directory";
import { runQueueReportWithSums } from "./run";
import { TtlCache } from "./ttl-cache";
import { chargeViewerWork } from "./viewer-budget";
import { restrictToQueues } from "./visibility";
import { windowInterval, type ReportWindow } from "./views";

/** Repeated identical on-demand queries within a minute cost the rate limit nothing. */
const onDemand = new TtlCache<{ report: QueueReport; sums: QueueSums }>(60_000, 200);

/**
 * A report for an interval no view covers. Only a cache miss reaches Genesys, and it is charged
 * to the viewers' budget (ViewerBudgetExceeded past it); queue names come from the shared cache.
 */
export async function onDemandReport(
  window: ReportWindow,
  mediaType: MediaType | undefined,
  clientKey: string,
  visible: ReadonlySet<string> | null = null,
): Promise<QueueReport> {
  const key = `${windowInterval(window)}|${window.granularity}|${window.timeZone}|${mediaType ?? "all"}`;
  const { report, sums } = await onDemand.get(key, async () => {
    await chargeViewerWork(clientKey);
    const connection = reportingConnection();
    return runQueueReportWithSums(connection.client, {
      window,
      mediaTypes: mediaType ? [mediaType] : undefined,
      source: connection.source,
      listQueues: () => queueDirectory(getSnapshotStore(), connection.client),
    });
  });
  return visible ? restrictToQueues(report, visible, sums) : report;
}
