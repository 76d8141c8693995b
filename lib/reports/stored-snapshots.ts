import "server-only";
/**
 * The read side of the scheduled views: what viewers see is what the last refresh stored. No
 * viewer's request ever calls Genesys.
 */
import type { MediaType } from "@/lib/genesys/schemas";
import type { QueueReport } from "@/lib/model/queue-report";
import { getSnapshotStore } from "@/lib/server/store";
import { isStoreUnavailable } from "@/lib/store";
import { readQueueSums, snapshotKey } from "./snapshot-keys";
import { restrictToQueues } from "./visibility";
import type { ViewName } from "./views";

export function readSnapshot(view: ViewName, mediaType?: MediaType): Promise<QueueReport | null> {
  return getSnapshotStore().latest(snapshotKey(view, mediaType));
}

/**
 * The snapshot as one viewer may see it: with `visible` (signed-in mode), only those queues,
 * totals recomputed from the sums stored beside the snapshot.
 */
export async function readSnapshotFor(
  view: ViewName,
  mediaType: MediaType | undefined,
  visible: ReadonlySet<string> | null,
): Promise<QueueReport | null> {
  const report = await readSnapshot(view, mediaType);
  if (!report || !visible) return report;
  const sums = await readQueueSums(getSnapshotStore(), snapshotKey(view, mediaType), report.generatedAt);
  return restrictToQueues(report, visible, sums);
}

/** The snapshot with its stored JSON text, for the snapshot route. */
export function readSnapshotJson(view: ViewName, mediaType?: MediaType): Promise<{ report: QueueReport; json: string } | null> {
  return getSnapshotStore().latestWithJson(snapshotKey(view, mediaType));
}

/** A store outage as a sentence for the page; any other error is rethrown. */
export function storeOutageReason(error: unknown): string {
  if (isStoreUnavailable(error)) return error.message;
  throw error;
}
