/**
 * Placeholders shaped like the page, shown while SWR fetches a view it has not seen yet. (There
 * is deliberately no route-level loading.tsx: its Suspense boundary would make the first HTML a
 * skeleton with the numbers streamed in by script, so a page without JavaScript, or a slow one,
 * would show no data, and an unknown queue could not answer 404.)
 */
export function KpiSkeleton() {
  return (
    <div className="kpis" aria-hidden="true">
      {Array.from({ length: 6 }, (_, i) => (
        <div className="kpi skeleton-card" key={i}>
          <span className="skeleton skeleton-text" />
          <span className="skeleton skeleton-number" />
        </div>
      ))}
    </div>
  );
}

export function ContentSkeleton({ label = "Loading the report…" }: { label?: string }) {
  return (
    <div className="skeleton-content" role="status" aria-live="polite" data-testid="loading-skeleton">
      <span className="sr-only">{label}</span>
      <KpiSkeleton />
      <div className="charts" aria-hidden="true">
        <div className="chart skeleton-chart chart-tall">
          <span className="skeleton skeleton-text" />
          <span className="skeleton skeleton-box" />
        </div>
        <div className="chart skeleton-chart">
          <span className="skeleton skeleton-text" />
          <span className="skeleton skeleton-box" />
        </div>
        <div className="chart skeleton-chart">
          <span className="skeleton skeleton-text" />
          <span className="skeleton skeleton-box" />
        </div>
      </div>
      <div className="table-wrap skeleton-table" aria-hidden="true">
        {Array.from({ length: 8 }, (_, i) => (
          <span className="skeleton skeleton-row" key={i} />
        ))}
      </div>
    </div>
  );
}
