/**
 * The user's report beside the app's (client-credentials) report for the same window, queue by
 * queue. Where both see a queue the numbers must be the same: the data is the org's, only who
 * may see which queue differs.
 */
import type { QueueMetrics, QueueReport } from "@/lib/model/queue-report";

export type QueueVisibility =
  /** Both see it, with the same numbers. */
  | "same"
  /** Both see it, but the numbers differ (e.g. a bucket still filling between the two queries). */
  | "differs"
  /** Only the app's OAuth client sees it: outside the user's divisions or permissions. */
  | "app-only"
  /** Only the user sees it: outside the OAuth client's divisions. */
  | "user-only";

export type QueueComparison = {
  queueId: string;
  name: string;
  visibility: QueueVisibility;
  mine: QueueMetrics | null;
  app: QueueMetrics | null;
};

export type ReportComparison = {
  rows: QueueComparison[];
  counts: Record<QueueVisibility, number>;
  /** Both reports cover exactly the same interval and buckets. */
  sameWindow: boolean;
};

const COUNTS = ["offered", "answered", "abandoned", "flowOut", "transferred"] as const;
const RATIOS = [
  "answerRate",
  "abandonRate",
  "asaSeconds",
  "ahtSeconds",
  "avgTalkSeconds",
  "avgHoldSeconds",
  "avgAcwSeconds",
  "serviceLevel",
] as const;

export function sameMetrics(a: QueueMetrics, b: QueueMetrics): boolean {
  if (COUNTS.some((k) => a[k] !== b[k])) return false;
  return RATIOS.every((k) => {
    const x = a[k];
    const y = b[k];
    return x === null || y === null ? x === y : Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  });
}

export function compareQueueReports(mine: QueueReport, app: QueueReport): ReportComparison {
  const mineById = new Map(mine.queues.map((q) => [q.queueId, q]));
  const appIds = new Set(app.queues.map((q) => q.queueId));
  const rows: QueueComparison[] = app.queues.map((a) => {
    const m = mineById.get(a.queueId);
    if (!m) return { queueId: a.queueId, name: a.name, visibility: "app-only", mine: null, app: a.totals };
    return {
      queueId: a.queueId,
      name: a.name,
      visibility: sameMetrics(m.totals, a.totals) ? "same" : "differs",
      mine: m.totals,
      app: a.totals,
    };
  });
  for (const m of mine.queues) {
    if (!appIds.has(m.queueId)) rows.push({ queueId: m.queueId, name: m.name, visibility: "user-only", mine: m.totals, app: null });
  }
  rows.sort((x, y) => x.name.localeCompare(y.name));
  const counts: Record<QueueVisibility, number> = { same: 0, differs: 0, "app-only": 0, "user-only": 0 };
  for (const row of rows) counts[row.visibility]++;
  return {
    rows,
    counts,
    sameWindow: mine.interval === app.interval && mine.granularity === app.granularity && mine.timeZone === app.timeZone,
  };
}
