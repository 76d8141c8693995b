import { notSignedInResponse, tokenExpiredResponse } from "@/lib/auth/access";
import { isTokenExpired, myQueueReport } from "@/lib/reports/user-report";
import { clientKeyOf, isViewerBudgetExceeded, viewerBudgetResponse } from "@/lib/reports/viewer-budget";
import { readUserSession } from "@/lib/auth/session";
import { getConfig } from "@/lib/config/env";
import { genesysUnavailableResponse } from "@/lib/server/genesys-unavailable";
import { jsonError, noStore } from "@/lib/server/responses";
import { isBadRequest, parseReportRequest } from "@/lib/reports/request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The signed-in user's own QueueReport, fetched with their Genesys token (README.md#http-api). */
export async function GET(request: Request): Promise<Response> {
  const session = await readUserSession(request.headers, request.url);
  if (!session) return notSignedInResponse();
  if (session.user.expired) return tokenExpiredResponse();

  const parsed = parseReportRequest(new URL(request.url).searchParams, getConfig().reportTimeZone);
  if (isBadRequest(parsed)) return jsonError(400, parsed.code, parsed.message, parsed.field, noStore);

  try {
    // private: one user's numbers must never be kept by a shared cache.
    return Response.json(await myQueueReport(session, parsed, clientKeyOf(request.headers)), {
      headers: { "Cache-Control": "private, no-store" },
    });
  } catch (error) {
    if (isTokenExpired(error)) return tokenExpiredResponse();
    if (isViewerBudgetExceeded(error)) return viewerBudgetResponse(error);
    return genesysUnavailableResponse(error, "me/reports");
  }
}
