/** Chart rows from a QueueReport: per queue, and per bucket (one queue or all queues together). */
import type { QueueMetrics, QueueReport, QueueReportRow } from "@/lib/model/queue-report";
import { bucketLabel, bucketLongLabel } from "../format";

export type BucketPoint = {
  interval: string;
  label: string;
  longLabel: string;
  offered: number;
  answered: number;
  abandoned: number;
  serviceLevel: number | null;
  asaSeconds: number | null;
  ahtSeconds: number | null;
};

type Series = QueueReportRow["series"];

/** One queue's buckets as chart rows. */
export function queueBuckets(report: QueueReport, series: Series): BucketPoint[] {
  return series.map((b) => ({
    interval: b.interval,
    label: bucketLabel(b.interval, report.granularity, report.timeZone),
    longLabel: bucketLongLabel(b.interval, report.granularity, report.timeZone),
    offered: b.offered,
    answered: b.answered,
    abandoned: b.abandoned,
    serviceLevel: b.serviceLevel,
    asaSeconds: b.asaSeconds,
    ahtSeconds: b.ahtSeconds,
  }));
}

/**
 * All queues per bucket. Counts add up exactly, and ASA is exact (answered-weighted, since ASA is
 * Σ time-to-answer / answered). The report carries no per-bucket service-level numerator and
 * denominator, so the all-queues service level per bucket is weighted by answered + abandoned:
 * an estimate of the true ratio of sums (within about a point on the simulator's data).
 */
export function allQueuesBuckets(report: QueueReport): BucketPoint[] {
  const first = report.queues[0];
  if (!first) return [];
  return first.series.map((bucket, i) => {
    let offered = 0;
    let answered = 0;
    let abandoned = 0;
    let slWeighted = 0;
    let slWeight = 0;
    let asaWeighted = 0;
    let ahtWeighted = 0;
    let ahtWeight = 0;
    for (const queue of report.queues) {
      const b = queue.series[i];
      if (!b) continue;
      offered += b.offered;
      answered += b.answered;
      abandoned += b.abandoned;
      if (b.serviceLevel !== null) {
        const w = b.answered + b.abandoned;
        slWeighted += b.serviceLevel * w;
        slWeight += w;
      }
      if (b.asaSeconds !== null) asaWeighted += b.asaSeconds * b.answered;
      if (b.ahtSeconds !== null) {
        ahtWeighted += b.ahtSeconds * b.answered;
        ahtWeight += b.answered;
      }
    }
    return {
      interval: bucket.interval,
      label: bucketLabel(bucket.interval, report.granularity, report.timeZone),
      longLabel: bucketLongLabel(bucket.interval, report.granularity, report.timeZone),
      offered,
      answered,
      abandoned,
      serviceLevel: slWeight > 0 ? slWeighted / slWeight : null,
      asaSeconds: answered > 0 ? asaWeighted / answered : null,
      ahtSeconds: ahtWeight > 0 ? ahtWeighted / ahtWeight : null,
    };
  });
}

export type QueuePoint = { queueId: string; name: string } & Pick<QueueMetrics, "offered" | "answered" | "abandoned">;

export function queueVolumes(queues: QueueReportRow[]): QueuePoint[] {
  return queues.map((q) => ({
    queueId: q.queueId,
    name: q.name,
    offered: q.totals.offered,
    answered: q.totals.answered,
    abandoned: q.totals.abandoned,
  }));
}
