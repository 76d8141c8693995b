import "server-only";
/**
 * The local scheduler: when the app runs anywhere but Vercel (where Vercel Cron calls
 * /api/cron/refresh), the server process refreshes the views itself on the same schedule, and
 * once at start-up when a view has never been refreshed.
 */
import { Cron } from "croner";
import { getConfig } from "@/lib/config/env";
import { getSnapshotStore } from "@/lib/store";
import { snapshotKey } from "./refresh";
import { runScheduledRefresh } from "./snapshots";
import { VIEW_NAMES } from "./views";

const globalKey = Symbol.for("genesys-dashboard.scheduler");
type GlobalWithScheduler = typeof globalThis & { [globalKey]?: Cron };

export function startLocalScheduler(): void {
  const g = globalThis as GlobalWithScheduler;
  const schedule = getConfig().refreshSchedule;
  if (g[globalKey] || !schedule) return;
  const refresh = async (): Promise<void> => {
    // The refresh records its own outcome (status, logs); a failure must not stop the timer.
    await runScheduledRefresh().catch((error: unknown) => console.warn(`[scheduler] refresh failed: ${(error as Error).message}`));
  };
  // `protect`: a tick that comes while the previous refresh still runs is skipped, not stacked.
  g[globalKey] = new Cron(schedule, { protect: true, name: "refresh-views" }, refresh);
  void refreshIfNeverRefreshed(refresh);
}

async function refreshIfNeverRefreshed(refresh: () => Promise<void>): Promise<void> {
  const store = getSnapshotStore();
  const latest = await Promise.all(VIEW_NAMES.map((view) => store.latest(snapshotKey(view))));
  if (latest.some((report) => report === null)) await refresh();
}
