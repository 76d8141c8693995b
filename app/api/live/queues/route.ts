import { liveFilterFor } from "@/lib/live/access";
import { currentLiveSnapshot, isLiveNotObserved } from "@/lib/live/deployment";
import { jsonError, noStore, storeUnavailableResponse } from "@/lib/server/responses";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The latest LiveSnapshot; Genesys is observed at most once per LIVE_POLL_SECONDS per deployment. */
export async function GET(request: Request): Promise<Response> {
  const access = await liveFilterFor(request);
  if ("response" in access) return access.response;
  try {
    return Response.json(await currentLiveSnapshot(access.filter), { headers: noStore });
  } catch (error) {
    if (isLiveNotObserved(error)) {
      return jsonError(503, "not_observed", error.message, undefined, { ...noStore, "Retry-After": "5" });
    }
    return storeUnavailableResponse(error);
  }
}
