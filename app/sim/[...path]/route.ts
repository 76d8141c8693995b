/**
 * The embedded Genesys Cloud simulator, mounted at /sim in simulator mode: `/sim/oauth/*` and
 * `/sim/api/v2/*`. With real credentials configured it does not exist (404).
 *
 * With DASHBOARD_ACCESS=signed-in, a visitor without a session reaches only the sign-in pages
 * (`GET`/`POST /sim/oauth/authorize`, `GET /sim/logout`): the rest of the mount (the token
 * endpoint with its public demo credentials, the org's data under `/sim/api/v2/*`) answers 401
 * like the report routes. The app itself needs none of it over HTTP: its token exchange and API
 * calls reach the simulator in-process (`simulatorFetch`, lib/server/connection.ts and
 * lib/auth/setup.ts). Request bodies are limited inside the simulator (lib/sim/app.ts).
 */
import { getConfig } from "@/lib/config/env";
import { getEmbeddedSimulator } from "@/lib/server/embedded-simulator";
import { tokenExpiredResponse } from "@/lib/auth/access";
import { readUserSession } from "@/lib/auth/session";
import { jsonError, noStore } from "@/lib/server/responses";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const BASE = "/sim";

/** The browser's sign-in pages: open to everyone, as sign-in must be. */
function isSignInPage(method: string, pathname: string): boolean {
  if (pathname === `${BASE}/oauth/authorize`) return method === "GET" || method === "HEAD" || method === "POST";
  if (pathname === `${BASE}/logout`) return method === "GET" || method === "HEAD";
  return false;
}

async function handle(request: Request): Promise<Response> {
  const config = getConfig();
  if (config.mode !== "simulator") {
    return Response.json(
      { error: { code: "not_found", message: "The simulator only runs when no Genesys credentials are configured." } },
      { status: 404 },
    );
  }
  if (config.dashboardAccess === "signed-in" && !isSignInPage(request.method, new URL(request.url).pathname)) {
    // The session check of the report routes (lib/auth/access.ts reportRouteAccess).
    const session = await readUserSession(request.headers, request.url);
    if (!session) {
      return jsonError(
        401,
        "unauthenticated",
        "Sign in with Genesys Cloud to use the simulator: only its sign-in pages are open.",
        undefined,
        {
          ...noStore,
          "WWW-Authenticate": 'Cookie realm="dashboard"',
        },
      );
    }
    if (session.user.expired) return tokenExpiredResponse();
  }
  return getEmbeddedSimulator().fetch(request);
}

export { handle as GET, handle as POST, handle as DELETE, handle as HEAD };
