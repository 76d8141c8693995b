import "server-only";
/**
 * Client-credentials reports for the server-rendered pages, cached briefly per window so that
 * many viewers cost the org's rate limit one query per minute at most.
 */
import { createReportingConnection, type ReportingConnection } from "@/lib/config/connection";
import { getConfig } from "@/lib/config/env";
import type { QueueReport } from "./queue-report";
import { runQueueReport } from "./run";
import { TtlCache } from "./ttl-cache";
import { resolveView, type ViewName } from "./views";

const cache = new TtlCache<QueueReport>(60_000);
let connection: ReportingConnection | undefined;

export function reportingConnection(): ReportingConnection {
  connection ??= createReportingConnection(getConfig());
  return connection;
}

export async function loadViewReport(view: ViewName): Promise<QueueReport> {
  const config = getConfig();
  return cache.get(`view:${view}:${config.reportTimeZone}`, () => {
    const conn = reportingConnection();
    return runQueueReport(conn.client, { window: resolveView(view, config.reportTimeZone), source: conn.source });
  });
}
