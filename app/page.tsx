import { DashboardData } from "./ui/dashboard/data";
import { Dashboard } from "./ui/dashboard/dashboard";
import { loadDashboard, type SearchParams } from "./ui/dashboard/load";

/** The dashboard: every queue, from the stored snapshot (app/ui/dashboard/load.tsx). */
export default async function Home({ searchParams }: { searchParams: SearchParams }) {
  const loaded = await loadDashboard(searchParams, "/");
  if ("notice" in loaded) return loaded.notice;
  return (
    <DashboardData fallback={loaded.fallback}>
      <Dashboard renderedAt={loaded.renderedAt} />
    </DashboardData>
  );
}
