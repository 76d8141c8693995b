/**
 * Turns one aggregates answer (grouped by queueId) and the routing queue listing into a
 * `QueueReport`. Pure: no I/O, so every formula is tested on hand-made sparse data.
 */
import type { ConversationAggregateQueryResponse, MediaType, Queue } from "@/lib/genesys/schemas";
import { addMetric, deriveMetrics, emptySums, mergeSums, type MetricSums } from "./metrics";
import type { QueueReport, QueueReportSource } from "@/lib/model/queue-report";
import { bucketsOf, intervalStartMillis, windowInterval, type ReportWindow } from "./views";

export type BuildQueueReportInput = {
  window: ReportWindow;
  aggregates: ConversationAggregateQueryResponse;
  queues: Pick<Queue, "id" | "name">[];
  source: QueueReportSource;
  principal?: { id: string; name: string };
  generatedAt?: Date;
  /** With an answer grouped by queueId and mediaType: only this media type's groups. */
  mediaType?: MediaType;
};

export function buildQueueReport(input: BuildQueueReportInput): QueueReport {
  return buildQueueReportWithSums(input).report;
}

/** Each queue's sums over the whole window: what a report restricted to some queues is recomputed from. */
export type QueueSums = Record<string, MetricSums>;

/** The report, and each queue's sums, so a viewer's subset of queues gets exact totals (lib/reports/visibility.ts). */
export function buildQueueReportWithSums(input: BuildQueueReportInput): { report: QueueReport; sums: QueueSums } {
  const buckets = bucketsOf(input.window);
  const locate = bucketLocator(buckets);
  // Every group repeats the same few bucket intervals: parse each distinct one once.
  const indexOfInterval = new Map<string, number>();
  const bucketIndex = (interval: string) => {
    let index = indexOfInterval.get(interval);
    if (index === undefined) {
      const start = intervalStartMillis(interval);
      index = start === null ? -1 : locate(start);
      indexOfInterval.set(interval, index);
    }
    return index;
  };

  // Every visible queue appears, with zeros when it had no traffic.
  const perQueue = new Map<string, { name: string; buckets: MetricSums[] }>();
  const ensureQueue = (queueId: string, name: string) => {
    let entry = perQueue.get(queueId);
    if (!entry) {
      entry = { name, buckets: buckets.map(() => emptySums()) };
      perQueue.set(queueId, entry);
    }
    return entry;
  };
  for (const queue of input.queues) ensureQueue(queue.id, queue.name);

  for (const result of input.aggregates.results ?? []) {
    const queueId = result.group?.queueId;
    // Conversations that never entered a queue have no queueId group: not queue traffic.
    if (!queueId) continue;
    if (input.mediaType && result.group?.mediaType !== input.mediaType) continue;
    // A queue the listing does not have (deleted, or outside the caller's divisions) is kept, named by its id.
    const entry = ensureQueue(queueId, queueId);
    for (const datum of result.data ?? []) {
      const bucket = entry.buckets[bucketIndex(datum.interval)];
      if (!bucket) continue;
      for (const metric of datum.metrics ?? []) addMetric(bucket, metric.metric, metric.stats);
    }
  }

  const grandTotal = emptySums();
  const sums: QueueSums = {};
  const queues = [...perQueue.entries()]
    .map(([queueId, entry]) => {
      const total = entry.buckets.reduce((acc, b) => mergeSums(acc, b), emptySums());
      sums[queueId] = total;
      mergeSums(grandTotal, total);
      return {
        queueId,
        name: entry.name,
        totals: deriveMetrics(total),
        series: entry.buckets.map((b, i) => ({ interval: buckets[i]!.interval, ...deriveMetrics(b) })),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.queueId.localeCompare(b.queueId));

  const report: QueueReport = {
    ...(input.window.view ? { view: input.window.view } : {}),
    interval: windowInterval(input.window),
    granularity: input.window.granularity,
    timeZone: input.window.timeZone,
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    source: input.source,
    ...(input.principal ? { principal: input.principal } : {}),
    totals: deriveMetrics(grandTotal),
    queues,
  };
  return { report, sums };
}

/** Finds the bucket containing an instant (binary search over sorted buckets); -1 outside them. */
function bucketLocator(buckets: { start: number; end: number }[]) {
  return (instant: number): number => {
    let lo = 0;
    let hi = buckets.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (buckets[mid]!.start <= instant) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found >= 0 && instant < buckets[found]!.end ? found : -1;
  };
}
