import "server-only";
/** `/alerts` on the server: the dashboard's access rules, then the deployment's alerts for this viewer's queues. */
import type { ReactElement } from "react";
import { connection } from "next/server";
import { alertsOverview } from "@/lib/alerts/deployment";
import { requirePageAccess } from "@/lib/auth/access";
import { viewerQueues } from "@/lib/auth/visible-queues";
import { getConfig } from "@/lib/config/env";
import { storeOutageReason } from "@/lib/reports/stored-snapshots";
import { AccessUnconfigured } from "../status/access-notice";
import { StoreOutage } from "../status/store-outage";

export type AlertsOverview = Awaited<ReturnType<typeof alertsOverview>>;

export async function loadAlerts(): Promise<{ notice: ReactElement } | { overview: AlertsOverview; timeZone: string; renderedAt: number }> {
  await connection(); // per request: alerts change under a running server
  const config = getConfig();
  if (config.dashboardAccess === "unconfigured") return { notice: <AccessUnconfigured /> };
  const session = await requirePageAccess("/alerts");
  try {
    return { overview: await alertsOverview(await viewerQueues(session)), timeZone: config.reportTimeZone, renderedAt: Date.now() };
  } catch (error) {
    return { notice: <StoreOutage reason={storeOutageReason(error)} /> };
  }
}
