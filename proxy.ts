/**
 * DASHBOARD_ACCESS=signed-in, first line: a request without a session cookie never reaches a
 * page (redirected to sign in) or a report API route (401 JSON). An optimistic check only (the
 * cookie is not decrypted here): every page and report route verifies the session itself
 * (lib/auth/access.ts). Sign-in, the simulator, health and the cron route (own bearer) pass.
 *
 * Also, on every response it makes: each page's Content-Security-Policy with a fresh nonce (on
 * the request too, where Next.js reads it to put it on its scripts), and HSTS in production over
 * https. The headers every response carries, and the policy of the routes the proxy does not run
 * on (/sim/*), are in next.config.js.
 */
import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config/env";
import { AUTH_BASE_PATH, SIGN_IN_PATH, hasSessionCookie } from "@/lib/config/auth-paths";
import { securityHeadersFor, type PageSecurityHeaders } from "@/lib/server/security-headers";

function isOpen(pathname: string): boolean {
  return (
    pathname === SIGN_IN_PATH ||
    pathname.startsWith(`${AUTH_BASE_PATH}/`) ||
    pathname === "/api/health" ||
    pathname.startsWith("/api/cron/") ||
    pathname.startsWith("/sim/")
  );
}

/** On to the page or route, with the policy on the request (Next.js takes the nonce from there) and the response. */
function next(request: NextRequest, security: PageSecurityHeaders): NextResponse {
  if (!security.contentSecurityPolicy) return secured(NextResponse.next(), security);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", security.contentSecurityPolicy);
  requestHeaders.set("x-nonce", security.nonce!);
  return secured(NextResponse.next({ request: { headers: requestHeaders } }), security);
}

function secured(response: NextResponse, security: PageSecurityHeaders): NextResponse {
  if (security.contentSecurityPolicy) response.headers.set("Content-Security-Policy", security.contentSecurityPolicy);
  if (security.strictTransportSecurity) response.headers.set("Strict-Transport-Security", security.strictTransportSecurity);
  return response;
}

export function proxy(request: NextRequest): NextResponse {
  const config = getConfig();
  const { pathname, search } = request.nextUrl;
  const security = securityHeadersFor({
    page: !pathname.startsWith("/api/"),
    headers: request.headers,
    config,
    nodeEnv: process.env.NODE_ENV,
  });
  if (config.dashboardAccess !== "signed-in") return next(request, security);
  if (isOpen(pathname) || hasSessionCookie(request.cookies.getAll().map((c) => c.name))) return next(request, security);
  if (pathname.startsWith("/api/")) {
    return secured(
      NextResponse.json(
        { error: { code: "unauthenticated", message: "Sign in with Genesys Cloud to see this report." } },
        { status: 401, headers: { "Cache-Control": "no-store" } },
      ),
      security,
    );
  }
  const signIn = request.nextUrl.clone();
  signIn.pathname = SIGN_IN_PATH;
  signIn.search = new URLSearchParams({ callbackUrl: `${pathname}${search}` }).toString();
  return secured(NextResponse.redirect(signIn), security);
}

export const config = {
  // Everything (a page added later is covered by default) except the build's static files, the
  // routes that are open anyway, and the snapshot route: running the proxy costs that hot route
  // about 40% of its throughput (~900 -> ~550 req/s measured), and the route checks the session
  // itself (reportRouteAccess).
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|robots\\.txt|sim/|api/auth/|api/health|api/cron/|api/reports/).*)"],
};
