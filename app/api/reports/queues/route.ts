import { reportRouteAccess } from "@/lib/auth/access";
import { getConfig } from "@/lib/config/env";
import { describeError } from "@/lib/genesys/describe-error";
import { jsonError, noStore, storeUnavailableResponse } from "@/lib/http/responses";
import { isBadRequest, parseReportRequest } from "@/lib/reports/request";
import { onDemandReport, readSnapshotJson } from "@/lib/reports/snapshots";
import { VIEW_LABELS } from "@/lib/reports/views";
import { clientKeyOf, isViewerBudgetExceeded, viewerBudgetResponse } from "@/lib/reports/viewer-budget";

export const runtime = "nodejs";

// Encoding a 100 kB snapshot to bytes on every request is measurable at load; keep the latest few.
const encoded = new Map<string, Uint8Array<ArrayBuffer>>();
function bodyBytes(etag: string, json: string): Uint8Array<ArrayBuffer> {
  let bytes = encoded.get(etag);
  if (!bytes) {
    bytes = new TextEncoder().encode(json);
    encoded.set(etag, bytes);
    if (encoded.size > 32) encoded.delete(encoded.keys().next().value!);
  }
  return bytes;
}
export const dynamic = "force-dynamic";

/** A view's latest stored snapshot, or an on-demand report for an explicit interval. */
export async function GET(request: Request): Promise<Response> {
  const config = getConfig();
  if (config.dashboardAccess === "unconfigured") {
    return jsonError(403, "access_unconfigured", "Set DASHBOARD_ACCESS (public or signed-in) before org data is served.");
  }
  const denied = await reportRouteAccess(request);
  if (denied) return denied;
  const parsed = parseReportRequest(new URL(request.url).searchParams, config.reportTimeZone);
  if (isBadRequest(parsed)) return jsonError(400, parsed.code, parsed.message, parsed.field, noStore);

  if (parsed.kind === "view") {
    let snapshot;
    try {
      snapshot = await readSnapshotJson(parsed.view, parsed.mediaType);
    } catch (error) {
      return storeUnavailableResponse(error);
    }
    if (!snapshot) {
      return jsonError(404, "not_refreshed", `${VIEW_LABELS[parsed.view]} has not been refreshed yet: the scheduler fills it shortly after start-up.`, "view", noStore);
    }
    // Browsers keep the answer and revalidate it: an unchanged snapshot costs a 304, no body.
    const etag = `"${parsed.view}.${parsed.mediaType ?? "all"}.${Date.parse(snapshot.report.generatedAt)}"`;
    const ageSeconds = Math.max(0, Math.round((Date.now() - Date.parse(snapshot.report.generatedAt)) / 1000));
    const headers = { "Cache-Control": "private, no-cache", ETag: etag, "X-Snapshot-Age-Seconds": String(ageSeconds) };
    if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
    return new Response(bodyBytes(etag, snapshot.json), { headers: { ...headers, "Content-Type": "application/json" } });
  }

  try {
    return Response.json(await onDemandReport(parsed.window, parsed.mediaType, clientKeyOf(request.headers)), { headers: noStore });
  } catch (error) {
    if (isViewerBudgetExceeded(error)) return viewerBudgetResponse(error);
    return jsonError(502, "genesys_unavailable", `Genesys Cloud could not answer: ${describeError(error)}`, undefined, noStore);
  }
}
