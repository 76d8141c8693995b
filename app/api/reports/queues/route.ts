import { getConfig } from "@/lib/config/env";
import { describeError } from "@/lib/genesys/describe-error";
import { jsonError, noStore } from "@/lib/http/responses";
import { isBadRequest, parseReportRequest } from "@/lib/reports/request";
import { onDemandReport, readSnapshot } from "@/lib/reports/snapshots";
import { VIEW_LABELS } from "@/lib/reports/views";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A view's latest stored snapshot, or an on-demand report for an explicit interval. */
export async function GET(request: Request): Promise<Response> {
  const config = getConfig();
  if (config.dashboardAccess === "unconfigured") {
    return jsonError(403, "access_unconfigured", "Set DASHBOARD_ACCESS (public or signed-in) before org data is served.");
  }
  const parsed = parseReportRequest(new URL(request.url).searchParams, config.reportTimeZone);
  if (isBadRequest(parsed)) return jsonError(400, parsed.code, parsed.message, parsed.field, noStore);

  if (parsed.kind === "view") {
    const report = await readSnapshot(parsed.view, parsed.mediaType);
    if (!report) {
      return jsonError(404, "not_refreshed", `${VIEW_LABELS[parsed.view]} has not been refreshed yet: the scheduler fills it shortly after start-up.`, "view", noStore);
    }
    const ageSeconds = Math.max(0, Math.round((Date.now() - Date.parse(report.generatedAt)) / 1000));
    return Response.json(report, { headers: { ...noStore, "X-Snapshot-Age-Seconds": String(ageSeconds) } });
  }

  try {
    return Response.json(await onDemandReport(parsed.window, parsed.mediaType), { headers: noStore });
  } catch (error) {
    return jsonError(502, "genesys_unavailable", `Genesys Cloud could not answer: ${describeError(error)}`, undefined, noStore);
  }
}
