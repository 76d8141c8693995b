import { alertsOverview } from "@/lib/alerts/deployment";
import { viewerScope } from "@/lib/auth/access";
import { jsonError, noStore, storeUnavailableResponse } from "@/lib/server/responses";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `{rules, destinations, active, recent}`: what the alerts watch, what is firing, what was sent. */
export async function GET(request: Request): Promise<Response> {
  const scope = await viewerScope(request);
  if ("response" in scope) return scope.response;
  if (new URL(request.url).search) return jsonError(400, "bad_request", "this route takes no parameters", "query", noStore);
  try {
    return Response.json(await alertsOverview(scope.visible), { headers: noStore });
  } catch (error) {
    return storeUnavailableResponse(error);
  }
}
