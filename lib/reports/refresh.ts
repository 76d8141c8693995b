import "server-only";
/**
 * The scheduled refresh: every view, one aggregates query each (grouped by queueId and
 * mediaType, so one answer yields the all-media report and each media type's), queue names from
 * a cache, snapshots saved only when complete.
 *
 * Safe to deliver twice and to overlap (Vercel Cron is best effort and may deliver a run more
 * than once): runs are serialised by a lock; a call that finds a refresh running waits for it
 * and answers with its result instead of spending the rate limit again.
 */
import type { GenesysClient } from "@/lib/genesys";
import { describeError } from "@/lib/genesys/describe-error";
import type { MediaType, Queue } from "@/lib/genesys/schemas";
import type { RefreshStatus, RefreshSummary } from "@/lib/model/refresh-status";
import type { SnapshotStore } from "@/lib/store/snapshot-store";
import { processSingleton } from "@/lib/server/singleton";
import { buildQueueReportWithSums } from "./build";
import { REPORT_METRICS } from "./metrics";
import { queueDirectory } from "./queue-directory";
import { snapshotKey, writeQueueSums } from "./snapshot-keys";
import type { QueueReportSource } from "@/lib/model/queue-report";
import { DASHBOARD_MEDIA_TYPES, VIEW_NAMES, resolveView, windowInterval, type ViewName } from "./views";

const LOCK_NAME = "refresh";

export type RefreshOptions = {
  store: SnapshotStore;
  /** A client of its own, so its counters are this refresh's calls. */
  client: GenesysClient;
  source: QueueReportSource;
  timeZone: string;
  views?: readonly ViewName[];
  now?: () => Date;
  /**
   * The lock's lifetime: a crashed holder's lock expires after it (a Redis lock is extended while
   * its refresh runs); a second caller waits at most this long, and never past 2 minutes.
   */
  lockTtlMs?: number;
  /**
   * Refresh even when one succeeded moments ago. Without it, a call within DUPLICATE_WINDOW_MS
   * of a successful refresh's start is a duplicate delivery and answers that refresh's summary.
   */
  force?: boolean;
  logger?: Pick<Console, "info" | "warn">;
};

/**
 * The run in progress per store, shared by every caller in this process. One per process because
 * Next.js may load this module twice (the scheduler from instrumentation, the cron route), and
 * both must see the same run.
 */
function inFlight(): WeakMap<SnapshotStore, Promise<RefreshSummary>> {
  return processSingleton("refresh-in-flight", () => new WeakMap<SnapshotStore, Promise<RefreshSummary>>());
}

/** Vercel Cron may deliver one run twice, seconds apart: such a second delivery changes nothing. */
export const DUPLICATE_WINDOW_MS = 30_000;
/**
 * The longest a call waits for a refresh another process is running. A refresh takes seconds;
 * past this the caller answers "still running" instead of holding a cron delivery open (Vercel
 * gives a function at most its maxDuration).
 */
export const MAX_WAIT_FOR_OTHER_RUN_MS = 120_000;
const WAIT_POLL_MS = 250;

export async function refreshViews(options: RefreshOptions): Promise<RefreshSummary> {
  // Callers in this process share the run in progress.
  const runs = inFlight();
  const running = runs.get(options.store);
  if (running) return running.then((summary) => ({ ...summary, shared: true }));
  const run = refreshUnderLock(options).finally(() => {
    if (runs.get(options.store) === run) runs.delete(options.store);
  });
  runs.set(options.store, run);
  return run;
}

/** A successful refresh that started moments before `requestedAt`: the call is a duplicate delivery. */
async function recentSuccess(options: RefreshOptions, requestedAt: number): Promise<RefreshSummary | null> {
  if (options.force) return null;
  const last = (await options.store.readStatus()).lastSummary;
  return last?.ok && requestedAt - Date.parse(last.startedAt) < DUPLICATE_WINDOW_MS ? { ...last, shared: true } : null;
}

async function refreshUnderLock(options: RefreshOptions): Promise<RefreshSummary> {
  const now = options.now ?? (() => new Date());
  const lockTtlMs = options.lockTtlMs ?? 5 * 60_000;
  const requestedAt = now().getTime();
  const duplicate = await recentSuccess(options, requestedAt);
  if (duplicate) return duplicate;
  const deadline = Date.now() + Math.min(lockTtlMs, MAX_WAIT_FOR_OTHER_RUN_MS);
  for (;;) {
    // Under the lock, look again: the run we waited for may be the one this call would repeat.
    const result = await options.store.withLock(
      LOCK_NAME,
      lockTtlMs,
      async () => (await recentSuccess(options, requestedAt)) ?? runRefresh(options),
    );
    if (result.acquired) return result.value;
    // Another process holds the lock. Its result answers this call if it finished after the call
    // came; if it finished just before (or its holder died), the lock frees and the next turn of
    // the loop takes it. Either way the wait ends by the deadline.
    if (Date.now() >= deadline) throw new Error("another refresh is still running; its result did not arrive in time");
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    const summary = (await options.store.readStatus()).lastSummary;
    if (summary && Date.parse(summary.finishedAt) >= requestedAt) return { ...summary, shared: true };
  }
}

async function runRefresh(options: RefreshOptions): Promise<RefreshSummary> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const before = options.client.stats();
  const views = options.views ?? VIEW_NAMES;
  const outcomes: RefreshSummary["views"] = [];
  let queueCount = 0;
  let failure: string | undefined;

  try {
    const queues = await queueDirectory(options.store, options.client);
    queueCount = queues.length;
    const settled = await Promise.allSettled(views.map((view) => refreshView(view, queues, options, started)));
    settled.forEach((outcome, i) => {
      const view = views[i]!;
      if (outcome.status === "fulfilled") {
        outcomes.push({ view, ok: true, queues: outcome.value.queues, generatedAt: outcome.value.generatedAt });
      } else {
        const message = describeError(outcome.reason);
        failure ??= `${view}: ${message}`;
        outcomes.push({ view, ok: false, error: message });
      }
    });
  } catch (error) {
    failure = `queue listing: ${describeError(error)}`;
    for (const view of views) outcomes.push({ view, ok: false, error: failure });
  }

  const finished = now();
  const after = options.client.stats();
  const summary: RefreshSummary = {
    ok: failure === undefined,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    views: outcomes,
    queues: queueCount,
    apiCalls: after.apiCalls - before.apiCalls,
    tokenRequests: after.tokenRequests - before.tokenRequests,
  };
  await recordStatus(options.store, summary, failure);
  if (failure) options.logger?.warn(`[refresh] failed: ${failure}`);
  else
    options.logger?.info(
      `[refresh] ${views.length} views, ${queueCount} queues, ${summary.apiCalls} API calls in ${summary.durationMs} ms`,
    );
  return summary;
}

async function refreshView(
  view: ViewName,
  queues: Pick<Queue, "id" | "name">[],
  options: RefreshOptions,
  generatedAt: Date,
): Promise<{ queues: number; generatedAt: string }> {
  const window = resolveView(view, options.timeZone, generatedAt);
  const aggregates = await options.client.queryConversationAggregates({
    interval: windowInterval(window),
    granularity: window.granularity,
    timeZone: window.timeZone,
    groupBy: ["queueId", "mediaType"],
    metrics: [...REPORT_METRICS],
  });
  const build = (mediaType?: MediaType) =>
    buildQueueReportWithSums({ window, aggregates, queues, source: options.source, generatedAt, mediaType });
  // Everything is built before anything is saved: a failure leaves the last good snapshots.
  const reports = [
    { key: snapshotKey(view), ...build() },
    ...DASHBOARD_MEDIA_TYPES.map((m) => ({ key: snapshotKey(view, m), ...build(m) })),
  ];
  for (const { key, report, sums } of reports) {
    // The sums first: a viewer restricted to some queues (signed-in mode) gets exact totals.
    await writeQueueSums(options.store, key, report.generatedAt, sums);
    await options.store.save(key, report);
  }
  return { queues: reports[0]!.report.queues.length, generatedAt: generatedAt.toISOString() };
}

async function recordStatus(store: SnapshotStore, summary: RefreshSummary, failure: string | undefined) {
  const previous = await store.readStatus();
  const status: RefreshStatus = {
    lastAttemptAt: summary.finishedAt,
    lastSuccessAt: failure ? previous.lastSuccessAt : summary.finishedAt,
    // A failure stays visible until a refresh succeeds.
    lastError: failure ? { at: summary.finishedAt, message: failure } : undefined,
    lastSummary: summary,
  };
  await store.writeStatus(status);
}
