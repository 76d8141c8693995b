import { dashboardViewer, queueScope } from "@/lib/auth/access";
import { getConfig } from "@/lib/config/env";
import { genesysUnavailableResponse } from "@/lib/server/genesys-unavailable";
import { jsonError, noStore, storeUnavailableResponse } from "@/lib/server/responses";
import { isBadRequest, parseReportRequest } from "@/lib/reports/request";
import { onDemandReport } from "@/lib/reports/on-demand";
import { readSnapshotFor, readSnapshotJson } from "@/lib/reports/stored-snapshots";
import { VIEW_LABELS, type ViewName } from "@/lib/reports/views";
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
  const viewer = await dashboardViewer(request);
  if ("response" in viewer) return viewer.response;
  const parsed = parseReportRequest(new URL(request.url).searchParams, getConfig().reportTimeZone);
  if (isBadRequest(parsed)) return jsonError(400, parsed.code, parsed.message, parsed.field, noStore);
  // Signed-in mode: only the queues this person's own token can see.
  const scope = await queueScope(viewer.session);
  if ("response" in scope) return scope.response;
  const { visible } = scope;

  if (parsed.kind === "view" && visible) {
    let report;
    try {
      report = await readSnapshotFor(parsed.view, parsed.mediaType, visible);
    } catch (error) {
      return storeUnavailableResponse(error);
    }
    if (!report) return notRefreshed(parsed.view);
    return Response.json(report, { headers: { "Cache-Control": "private, no-store" } });
  }

  if (parsed.kind === "view") {
    let snapshot;
    try {
      snapshot = await readSnapshotJson(parsed.view, parsed.mediaType);
    } catch (error) {
      return storeUnavailableResponse(error);
    }
    if (!snapshot) return notRefreshed(parsed.view);
    // Browsers keep the answer and revalidate it: an unchanged snapshot costs a 304, no body.
    const etag = `"${parsed.view}.${parsed.mediaType ?? "all"}.${Date.parse(snapshot.report.generatedAt)}"`;
    const ageSeconds = Math.max(0, Math.round((Date.now() - Date.parse(snapshot.report.generatedAt)) / 1000));
    const headers = { "Cache-Control": "private, no-cache", ETag: etag, "X-Snapshot-Age-Seconds": String(ageSeconds) };
    if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
    return new Response(bodyBytes(etag, snapshot.json), { headers: { ...headers, "Content-Type": "application/json" } });
  }

  try {
    return Response.json(await onDemandReport(parsed.window, parsed.mediaType, clientKeyOf(request.headers), visible), {
      headers: noStore,
    });
  } catch (error) {
    if (isViewerBudgetExceeded(error)) return viewerBudgetResponse(error);
    return genesysUnavailableResponse(error, "reports");
  }
}

function notRefreshed(view: ViewName): Response {
  return jsonError(
    404,
    "not_refreshed",
    `${VIEW_LABELS[view]} has not been refreshed yet: the scheduler fills it shortly after start-up.`,
    "view",
    noStore,
  );
}
