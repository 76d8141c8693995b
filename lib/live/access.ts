import "server-only";
/**
 * Who may read live state, and which queues: the same policy as the reports (DASHBOARD_ACCESS, and
 * in signed-in mode only the queues the person's own token lists), and the same bad-input answers.
 */
import { tokenExpiredResponse, reportViewer } from "@/lib/auth/access";
import { viewerQueues } from "@/lib/auth/visible-queues";
import { getConfig } from "@/lib/config/env";
import { isTokenExpired } from "@/lib/reports/user-report";
import { jsonError, noStore, storeUnavailableResponse } from "@/lib/server/responses";
import type { LiveFilter } from "./render";
import { isLiveBadRequest, parseLiveRequest } from "./request";

/** The viewer's filter, or the response to answer instead (403, 400, 401, 503). */
export async function liveFilterFor(request: Request): Promise<{ filter: LiveFilter } | { response: Response }> {
  if (getConfig().dashboardAccess === "unconfigured") {
    return { response: jsonError(403, "access_unconfigured", "Set DASHBOARD_ACCESS (public or signed-in) before org data is served.") };
  }
  const viewer = await reportViewer(request);
  if (viewer.denied) return { response: viewer.denied };
  const parsed = parseLiveRequest(new URL(request.url).searchParams);
  if (isLiveBadRequest(parsed)) return { response: jsonError(400, parsed.code, parsed.message, parsed.field, noStore) };
  try {
    return { filter: { ...parsed, visible: await viewerQueues(viewer.session) } };
  } catch (error) {
    if (isTokenExpired(error)) return { response: tokenExpiredResponse() };
    return { response: storeUnavailableResponse(error) };
  }
}
