import { connection } from "next/server";
import { getConfig } from "@/lib/config/env";
import { formatSeconds } from "@/lib/reports/format";
import { loadViewReport } from "@/lib/reports/live";
import type { QueueMetrics } from "@/lib/reports/queue-report";
import { DEFAULT_VIEW, VIEW_LABELS } from "@/lib/reports/views";

const percent = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)}%`);

export default async function Home() {
  await connection(); // rendered per request: the data is live, never baked in at build time
  const config = getConfig();

  if (config.dashboardAccess === "unconfigured") {
    return (
      <main className="page">
        <h1>Genesys Cloud queue dashboard</h1>
        <p className="notice" role="alert">
          Real Genesys Cloud credentials are configured, but nobody has decided who may see the org&apos;s data. Set{" "}
          <code>DASHBOARD_ACCESS=signed-in</code> (with <code>GENESYS_PKCE_CLIENT_ID</code>) or{" "}
          <code>DASHBOARD_ACCESS=public</code>, then restart.
        </p>
      </main>
    );
  }

  const report = await loadViewReport(DEFAULT_VIEW);
  const kpis: [string, string][] = [
    ["Offered", String(report.totals.offered)],
    ["Answered", String(report.totals.answered)],
    ["Abandon rate", percent(report.totals.abandonRate)],
    ["Service level", percent(report.totals.serviceLevel)],
    ["ASA", formatSeconds(report.totals.asaSeconds)],
    ["AHT", formatSeconds(report.totals.ahtSeconds)],
  ];
  const row = (m: QueueMetrics) => [
    m.offered,
    m.answered,
    m.abandoned,
    m.flowOut,
    percent(m.abandonRate),
    percent(m.serviceLevel),
    formatSeconds(m.asaSeconds),
    formatSeconds(m.ahtSeconds),
  ];

  return (
    <main className="page">
      <header className="page-header">
        <div>
          <h1>Queue report · {VIEW_LABELS[DEFAULT_VIEW]}</h1>
          <p className="muted">
            {report.queues.length} queues · {report.granularity} buckets · {report.timeZone} · generated{" "}
            <time dateTime={report.generatedAt}>{report.generatedAt.replace("T", " ").slice(0, 19)} UTC</time>
          </p>
        </div>
        {report.source.mode === "simulator" ? (
          <p className="badge" title="Set GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET to report on a real org">
            Simulated data · set <code>GENESYS_CLIENT_ID</code>/<code>GENESYS_CLIENT_SECRET</code> for a real org
          </p>
        ) : (
          <p className="badge badge-live">{report.source.environment}</p>
        )}
      </header>

      <section aria-label="All queues" className="kpis">
        {kpis.map(([label, value]) => (
          <div className="kpi" key={label}>
            <span className="kpi-label">{label}</span>
            <span className="kpi-value">{value}</span>
          </div>
        ))}
      </section>

      <div className="table-wrap">
        <table>
          <caption>Per-queue totals for {VIEW_LABELS[DEFAULT_VIEW].toLowerCase()}</caption>
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">Offered</th>
              <th scope="col">Answered</th>
              <th scope="col">Abandoned</th>
              <th scope="col">Flow-out</th>
              <th scope="col">Abandon %</th>
              <th scope="col">Service level</th>
              <th scope="col">ASA</th>
              <th scope="col">AHT</th>
            </tr>
          </thead>
          <tbody>
            {report.queues.map((q) => (
              <tr key={q.queueId}>
                <th scope="row">{q.name}</th>
                {row(q.totals).map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All queues</th>
              {row(report.totals).map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </main>
  );
}
