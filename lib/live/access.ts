import "server-only";
/**
 * Who may read live state, and which queues: the dashboard's policy (lib/auth/access.ts
 * `viewerScope`), and the live routes' query string validated before anything is read.
 */
import { viewerScope } from "@/lib/auth/access";
import { jsonError, noStore } from "@/lib/server/responses";
import type { LiveFilter } from "./render";
import { isLiveBadRequest, parseLiveRequest } from "./request";

/** The viewer's filter, or the response to answer instead (403, 400, 401, 503). */
export async function liveFilterFor(request: Request): Promise<{ filter: LiveFilter } | { response: Response }> {
  const parsed = parseLiveRequest(new URL(request.url).searchParams);
  const scope = await viewerScope(request);
  if ("response" in scope) return scope;
  if (isLiveBadRequest(parsed)) return { response: jsonError(400, parsed.code, parsed.message, parsed.field, noStore) };
  return { filter: { ...parsed, visible: scope.visible } };
}
