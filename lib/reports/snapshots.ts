import "server-only";
/**
 * The dashboard's data access: stored snapshots for viewers (no viewer ever calls Genesys),
 * briefly cached on-demand reports, the health summary, and the scheduled refresh wiring.
 */
import { createReportingConnection, type ReportingConnection } from "@/lib/config/connection";
import { getConfig } from "@/lib/config/env";
import type { MediaType } from "@/lib/genesys/schemas";
import { getSnapshotStore, sharedTokenCache, storeReachability } from "@/lib/store";
import type { RefreshSummary } from "@/lib/store/snapshot-store";
import type { QueueReport } from "./queue-report";
import type { QueueSums } from "./build";
import { queueDirectory, readQueueSums, refreshViews, snapshotKey } from "./refresh";
import { restrictToQueues } from "./visibility";
import { chargeViewerWork } from "./viewer-budget";
import { runQueueReportWithSums } from "./run";
import { TtlCache } from "./ttl-cache";
import { clientCredentialsRecorder } from "@/lib/traces/client-credentials";
import { saveClientCredentialsTrace } from "@/lib/traces/store";
import { scrubSecrets } from "@/lib/traces/trace";
import { VIEW_NAMES, windowInterval, type ReportWindow, type ViewName } from "./views";

export type Health = {
  status: "ok" | "degraded" | "error";
  mode: "simulator" | "genesys";
  store: "file" | "redis";
  /** Present when the store cannot be reached: why. */
  reason?: string;
  lastRefresh: {
    attemptAt?: string;
    successAt?: string;
    ok: boolean | null;
    error?: { at: string; message: string };
  };
  views: Record<string, { generatedAt: string | null }>;
};

const globalKey = Symbol.for("genesys-dashboard.reporting-connection");
type GlobalWithConnection = typeof globalThis & { [globalKey]?: ReportingConnection };

/** One connection per process: one token cache, so one token per lifetime. */
export function reportingConnection(): ReportingConnection {
  const g = globalThis as GlobalWithConnection;
  g[globalKey] ??= createReportingConnection(getConfig(), { tokenCache: sharedTokenCache() });
  return g[globalKey];
}

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

/** A store outage as a sentence for the page; any other error is rethrown. */
export function storeOutageReason(error: unknown): string {
  // By name: Next.js may bundle the store module more than once, so instanceof can miss.
  if (error instanceof Error && error.name === "StoreUnavailableError") return error.message;
  throw error;
}

/** The snapshot with its stored JSON text, for the snapshot route. */
export function readSnapshotJson(view: ViewName, mediaType?: MediaType): Promise<{ report: QueueReport; json: string } | null> {
  return getSnapshotStore().latestWithJson(snapshotKey(view, mediaType));
}

export async function readHealth(): Promise<Health> {
  const config = getConfig();
  const store = getSnapshotStore();
  const reachable = await storeReachability();
  if (!reachable.ok) {
    return { status: "error", mode: config.mode, store: store.kind, reason: reachable.reason, lastRefresh: { ok: null }, views: {} };
  }
  const [status, ...latest] = await Promise.all([store.readStatus(), ...VIEW_NAMES.map((v) => store.latest(v))]);
  const views = Object.fromEntries(VIEW_NAMES.map((v, i) => [v, { generatedAt: latest[i]?.generatedAt ?? null }]));
  const ok = status.lastSummary ? status.lastSummary.ok : null;
  return {
    status: ok === false ? "degraded" : "ok",
    mode: config.mode,
    store: store.kind,
    lastRefresh: {
      ...(status.lastAttemptAt ? { attemptAt: status.lastAttemptAt } : {}),
      ...(status.lastSuccessAt ? { successAt: status.lastSuccessAt } : {}),
      ok,
      ...(status.lastError ? { error: status.lastError } : {}),
    },
    views,
  };
}

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

/**
 * The scheduled refresh, as the cron and the local scheduler run it. Its exchanges are recorded
 * (redacted) as the teaching page's client-credentials trace, unless this call only shared
 * another refresh's result.
 */
export async function runScheduledRefresh(options: { force?: boolean; trigger?: string } = {}): Promise<RefreshSummary> {
  const connection = reportingConnection();
  const config = getConfig();
  // A real org's queue names and counts stay out of the trace the teaching page shows.
  const recorder = clientCredentialsRecorder(connection.loginUrl, connection.mode === "simulator" ? "keep" : "summarise");
  const summary = await refreshViews({
    store: getSnapshotStore(),
    client: connection.createClient({ onExchange: recorder.onExchange }),
    source: connection.source,
    timeZone: config.reportTimeZone,
    lockTtlMs: config.refreshLockTtlMs,
    force: options.force,
    logger: console,
  });
  if (!summary.shared) {
    const trace = scrubSecrets(recorder.finish(summary, options.trigger ?? "cron"), await connection.knownSecrets());
    await saveClientCredentialsTrace(trace).catch((error: unknown) =>
      console.warn(`[refresh] the trace was not stored: ${(error as Error).message}`),
    );
  }
  return summary;
}
