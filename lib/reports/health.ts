import "server-only";
/** `GET /api/health` and the dashboard's status line: the store, the last refresh, each view's age. */
import { getConfig } from "@/lib/config/env";
import { getSnapshotStore, storeReachability } from "@/lib/server/store";
import { isStoreUnavailable } from "@/lib/store";
import type { QueueReport } from "@/lib/model/queue-report";
import type { RefreshStatus } from "@/lib/model/refresh-status";
import { VIEW_NAMES } from "./views";

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

export async function readHealth(): Promise<Health> {
  const config = getConfig();
  const store = getSnapshotStore();
  const unreachable = (reason: string): Health => ({
    status: "error",
    mode: config.mode,
    store: store.kind,
    reason,
    lastRefresh: { ok: null },
    views: {},
  });
  const reachable = await storeReachability();
  if (!reachable.ok) return unreachable(reachable.reason);
  let status: RefreshStatus;
  let latest: (QueueReport | null)[];
  try {
    [status, latest] = await Promise.all([store.readStatus(), Promise.all(VIEW_NAMES.map((v) => store.latest(v)))]);
  } catch (error) {
    // The store went away between the ping and the reads: the same answer as a failed ping.
    if (isStoreUnavailable(error)) return unreachable(error.message);
    throw error;
  }
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
