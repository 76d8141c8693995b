import "server-only";
/** The refresh the cron route and the local scheduler run: this process's connection and store. */
import { getConfig } from "@/lib/config/env";
import type { RefreshSummary } from "@/lib/model/refresh-status";
import { reportingConnection } from "@/lib/server/app-connection";
import { getSnapshotStore } from "@/lib/server/store";
import { clientCredentialsRecorder } from "@/lib/traces/client-credentials";
import { saveClientCredentialsTrace } from "@/lib/traces/store";
import { scrubSecrets } from "@/lib/traces/trace";
import { refreshViews } from "./refresh";

/** Published after every successful scheduled refresh, with its finish time. */
export const REFRESH_CHANNEL = "refresh";

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
  // Whoever listens (the alerts) evaluates the new snapshots; best effort, like every publish.
  if (summary.ok && !summary.shared)
    await getSnapshotStore()
      .publish(REFRESH_CHANNEL, summary.finishedAt)
      .catch(() => undefined);
  if (!summary.shared) {
    const trace = scrubSecrets(recorder.finish(summary, options.trigger ?? "cron"), await connection.knownSecrets());
    await saveClientCredentialsTrace(trace).catch((error: unknown) =>
      console.warn(`[refresh] the trace was not stored: ${(error as Error).message}`),
    );
  }
  return summary;
}
