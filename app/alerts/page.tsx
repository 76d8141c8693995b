import type { Metadata } from "next";
import { AlertsView } from "@/app/ui/alerts/alerts-view";
import { loadAlerts } from "@/app/ui/alerts/load";

export const metadata: Metadata = { title: "Alerts · Genesys Cloud queue dashboard" };

export default async function AlertsPage() {
  const loaded = await loadAlerts();
  if ("notice" in loaded) return loaded.notice;
  return <AlertsView overview={loaded.overview} timeZone={loaded.timeZone} now={loaded.renderedAt} />;
}
