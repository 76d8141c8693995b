/**
 * DASHBOARD_ACCESS=signed-in, first line: a request without a session cookie never reaches a
 * page (redirected to sign in) or a report API route (401 JSON). An optimistic check only (the
 * cookie is not decrypted here): every page and report route verifies the session itself
 * (lib/auth/access.ts). Sign-in, the simulator, health and the cron route (own bearer) pass.
 */
import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config/env";
import { AUTH_BASE_PATH, SIGN_IN_PATH, hasSessionCookie } from "@/lib/auth/paths";

function isOpen(pathname: string): boolean {
  return (
    pathname === SIGN_IN_PATH ||
    pathname.startsWith(`${AUTH_BASE_PATH}/`) ||
    pathname === "/api/health" ||
    pathname.startsWith("/api/cron/") ||
    pathname.startsWith("/sim/")
  );
}

export function proxy(request: NextRequest): NextResponse {
  if (getConfig().dashboardAccess !== "signed-in") return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  if (isOpen(pathname) || hasSessionCookie(request.cookies.getAll().map((c) => c.name))) return NextResponse.next();
  if (pathname.startsWith("/api/")) {
    return NextResponse.json(
      { error: { code: "unauthenticated", message: "Sign in with Genesys Cloud to see this report." } },
      { status: 401, headers: { "Cache-Control": "no-store" } },
    );
  }
  const signIn = request.nextUrl.clone();
  signIn.pathname = SIGN_IN_PATH;
  signIn.search = new URLSearchParams({ callbackUrl: `${pathname}${search}` }).toString();
  return NextResponse.redirect(signIn);
}

export const config = {
  // Everything (a page added later is covered by default) except the build's static files, the
  // routes that are open anyway, and the snapshot route: running the proxy costs that hot route
  // about 40% of its throughput (~900 -> ~550 req/s measured), and the route checks the session
  // itself (reportRouteAccess).
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|robots\\.txt|sim/|api/auth/|api/health|api/cron/|api/reports/).*)"],
};
