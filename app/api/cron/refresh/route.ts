import { evaluateAlertsNow } from "@/lib/alerts/deployment";
import { isAuthorizedCronRequest } from "@/lib/auth/cron";
import { getConfig } from "@/lib/config/env";
import { describeError } from "@/lib/genesys/describe-error";
import { jsonError, noStore } from "@/lib/server/responses";
import { runScheduledRefresh } from "@/lib/reports/scheduled-refresh";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** Vercel stops a function after this many seconds; a refresh of three views needs far less. */
export const maxDuration = 300;

/** Vercel Cron calls this with GET and `Authorization: Bearer $CRON_SECRET`. */
export async function GET(request: Request): Promise<Response> {
  if (!isAuthorizedCronRequest(request.headers.get("authorization"), getConfig().cronSecret)) {
    return jsonError(401, "unauthorized", "A valid cron bearer token is required.", undefined, {
      ...noStore,
      "WWW-Authenticate": "Bearer",
    });
  }
  try {
    // `?force=1`: refresh even right after a successful one (duplicate deliveries are skipped).
    const force = new URL(request.url).searchParams.get("force") === "1";
    const summary = await runScheduledRefresh({ force });
    // On Vercel nothing listens between requests: the rules are evaluated here, on the new snapshots.
    if (summary.ok) await evaluateAlertsNow();
    if (summary.ok) return Response.json(summary, { headers: noStore });
    const reason = summary.views.find((v) => !v.ok)?.error ?? "refresh failed";
    return Response.json({ ...summary, error: { code: "refresh_failed", message: reason } }, { status: 503, headers: noStore });
  } catch (error) {
    return jsonError(503, "refresh_failed", describeError(error), undefined, noStore);
  }
}
