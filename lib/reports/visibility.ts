/**
 * A report as one viewer may see it: only the queues their own Genesys token can see, with the
 * totals recomputed from the sums over those queues (never from the shared totals, never an
 * average of averages). Pure: the caller says which queues and supplies the sums.
 */
import { deriveMetrics, emptySums, mergeSums } from "./metrics";
import type { QueueSums } from "./build";
import type { QueueMetrics, QueueReport } from "@/lib/model/queue-report";

/** Counts a report can still add up without sums; the averages and rates need them. */
function countsOnly(queues: QueueReport["queues"]): QueueMetrics {
  const add = (pick: (m: QueueMetrics) => number) => queues.reduce((sum, q) => sum + pick(q.totals), 0);
  const offered = add((m) => m.offered);
  const answered = add((m) => m.answered);
  const abandoned = add((m) => m.abandoned);
  return {
    offered,
    answered,
    abandoned,
    flowOut: add((m) => m.flowOut),
    transferred: add((m) => m.transferred),
    answerRate: offered > 0 ? answered / offered : null,
    abandonRate: offered > 0 ? abandoned / offered : null,
    // tAnswered's sum is ASA × answered, exactly; the other averages' counts are not in the report.
    asaSeconds: answered > 0 ? add((m) => (m.asaSeconds ?? 0) * m.answered) / answered : null,
    ahtSeconds: null,
    avgTalkSeconds: null,
    avgHoldSeconds: null,
    avgAcwSeconds: null,
    serviceLevel: null,
  };
}

/**
 * Only the queues in `visible`; totals from `sums` when they belong to this report (the same
 * refresh), otherwise the counts alone (averages and service level left out rather than guessed).
 */
export function restrictToQueues(report: QueueReport, visible: ReadonlySet<string>, sums: QueueSums | null): QueueReport {
  const queues = report.queues.filter((q) => visible.has(q.queueId));
  let totals: QueueMetrics;
  if (sums && queues.every((q) => sums[q.queueId])) {
    totals = deriveMetrics(queues.reduce((acc, q) => mergeSums(acc, sums[q.queueId]!), emptySums()));
  } else {
    totals = countsOnly(queues);
  }
  return { ...report, totals, queues };
}
