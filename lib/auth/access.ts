import "server-only";
/**
 * DASHBOARD_ACCESS (README.md, "Configuration for a real org"): `public` shows the dashboard to anyone; `signed-in` only to people
 * who signed in with Genesys Cloud and whose token has not expired. proxy.ts turns away requests
 * without a session cookie early; these checks are the real ones, in every page and report route,
 * so a route the proxy's matcher misses is still protected. The cron route keeps its own bearer.
 */
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config/env";
import { genesysUnavailableResponse } from "@/lib/server/genesys-unavailable";
import { jsonError, noStore, storeUnavailableResponse } from "@/lib/server/responses";
import { isStoreUnavailable } from "@/lib/store";
import { SIGN_IN_PATH, safeReturnPath } from "@/lib/config/auth-paths";
import { currentPageSession, isTokenExpired, readUserSession, type UserSession } from "./session";
import { viewerQueues } from "./visible-queues";

export function notSignedInResponse(): Response {
  return jsonError(401, "unauthenticated", "Sign in with Genesys Cloud to see this report.", undefined, {
    ...noStore,
    "WWW-Authenticate": 'Cookie realm="dashboard"',
  });
}

export function tokenExpiredResponse(): Response {
  return jsonError(
    401,
    "token_expired",
    "Your Genesys Cloud session has expired or was revoked. Sign-ins with PKCE get no refresh token: sign in again.",
    undefined,
    noStore,
  );
}

/**
 * Who asks a report route: `denied` to answer as is, or the person (signed-in mode) whose own
 * queues the answer is restricted to, or null (public: every queue).
 */
export async function reportViewer(request: Request): Promise<{ denied: Response } | { denied: null; session: UserSession | null }> {
  if (getConfig().dashboardAccess !== "signed-in") return { denied: null, session: null };
  const session = await readUserSession(request.headers, request.url);
  if (!session) return { denied: notSignedInResponse() };
  if (session.user.expired) return { denied: tokenExpiredResponse() };
  return { denied: null, session };
}

type Answer = { response: Response };

/** Who may read org data: 403 while DASHBOARD_ACCESS is undecided, else as `reportViewer`. */
export async function dashboardViewer(request: Request): Promise<{ session: UserSession | null } | Answer> {
  if (getConfig().dashboardAccess === "unconfigured") {
    return { response: jsonError(403, "access_unconfigured", "Set DASHBOARD_ACCESS (public or signed-in) before org data is served.") };
  }
  const viewer = await reportViewer(request);
  return viewer.denied ? { response: viewer.denied } : { session: viewer.session };
}

/**
 * The queues `session` may see (null: every queue), or the answer instead: 401 when its token has
 * expired, 503 when the store cannot say, 502 when Genesys cannot list them (logged with its
 * correlation id, lib/server/genesys-unavailable.ts).
 */
export async function queueScope(session: UserSession | null): Promise<{ visible: ReadonlySet<string> | null } | Answer> {
  try {
    return { visible: await viewerQueues(session) };
  } catch (error) {
    if (isTokenExpired(error)) return { response: tokenExpiredResponse() };
    if (isStoreUnavailable(error)) return { response: storeUnavailableResponse(error) };
    return { response: genesysUnavailableResponse(error, "the viewer's queues") };
  }
}

/**
 * For routes that serve org data to dashboard viewers: `dashboardViewer`, then `queueScope`. A
 * route with a query to validate does the two itself, the validation between them, so a bad
 * request costs no call to Genesys.
 */
export async function viewerScope(request: Request): Promise<{ visible: ReadonlySet<string> | null } | Answer> {
  const viewer = await dashboardViewer(request);
  return "response" in viewer ? viewer : queueScope(viewer.session);
}

/** For the dashboard's pages: in `signed-in` mode, redirects to the sign-in page unless signed in. */
export async function requirePageAccess(returnTo: string): Promise<UserSession | null> {
  if (getConfig().dashboardAccess !== "signed-in") return null;
  const session = await currentPageSession();
  if (session && !session.user.expired) return session;
  const query = new URLSearchParams({ callbackUrl: safeReturnPath(returnTo) });
  if (session?.user.expired) query.set("reason", "expired");
  redirect(`${SIGN_IN_PATH}?${query}`);
}

/** A page's own path and query, for coming back after signing in. */
export function pagePath(pathname: string, search: Record<string, string | string[] | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(key, v);
  }
  const qs = query.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}
