import "server-only";
/**
 * The local scheduler: when the app runs anywhere but Vercel (where Vercel Cron calls
 * /api/cron/refresh), the server process refreshes the views itself on the same schedule, and
 * once at start-up when a view has never been refreshed.
 */
import { Cron } from "croner";
import { getConfig } from "@/lib/config/env";
import { hasProcessSingleton, processSingleton } from "@/lib/server/singleton";
import { getSnapshotStore } from "@/lib/server/store";
import { snapshotKey } from "./snapshot-keys";
import { runScheduledRefresh } from "./scheduled-refresh";
import { VIEW_NAMES } from "./views";

const SCHEDULER = "local-scheduler";

/** Starts the process's one scheduler; later calls (another copy of this module) do nothing. */
export function startLocalScheduler(): void {
  const schedule = getConfig().refreshSchedule;
  if (hasProcessSingleton(SCHEDULER) || !schedule) return;
  const refresh = async (): Promise<void> => {
    // The refresh records its own outcome (status, logs); a failure must not stop the timer.
    await runScheduledRefresh().catch((error: unknown) => console.warn(`[scheduler] refresh failed: ${(error as Error).message}`));
  };
  // `protect`: a tick that comes while the previous refresh still runs is skipped, not stacked.
  processSingleton(SCHEDULER, () => new Cron(schedule, { protect: true, name: "refresh-views" }, refresh));
  void refreshIfNeverRefreshed(refresh);
}

async function refreshIfNeverRefreshed(refresh: () => Promise<void>): Promise<void> {
  const store = getSnapshotStore();
  const latest = await Promise.all(VIEW_NAMES.map((view) => store.latest(snapshotKey(view))));
  if (latest.some((report) => report === null)) await refresh();
}
