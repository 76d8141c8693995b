"use server";
/**
 * The header's and the sign-in page's buttons. Server actions: Next.js checks their Origin, so
 * another site cannot start or end a sign-in on a user's behalf.
 */
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config/env";
import { PKCE_TRACE_TTL_MS } from "@/lib/traces/store";
import { TRACE_COOKIE, recordSignInStart } from "@/lib/traces/pkce";
import { appOrigin } from "./origin";
import { MY_VIEW_PATH, SIGN_IN_PATH, safeReturnPath } from "./paths";
import { secureCookies } from "./session";
import { signIn, signOut } from "./index";

/** Where to come back to: the form's `returnTo`, else the page the button was on (same origin only). */
async function returnPath(formData: FormData): Promise<string> {
  const explicit = formData.get("returnTo");
  if (typeof explicit === "string" && explicit) return safeReturnPath(explicit, MY_VIEW_PATH);
  const h = await headers();
  const referer = h.get("referer");
  const host = h.get("x-forwarded-host") ?? h.get("host");
  if (referer && host) {
    try {
      const url = new URL(referer);
      if (url.host === host && url.pathname !== SIGN_IN_PATH) return safeReturnPath(`${url.pathname}${url.search}`);
    } catch {
      // not a URL: fall through
    }
  }
  return MY_VIEW_PATH;
}

export async function signInWithGenesys(formData: FormData): Promise<void> {
  const startedAt = Date.now();
  const started = performance.now();
  // Auth.js sets its state and PKCE cookies and answers where the browser must go.
  const authorizeUrl = await signIn("genesys", { redirectTo: await returnPath(formData), redirect: false });
  if (typeof authorizeUrl === "string" && authorizeUrl.includes("code_challenge="))
    await recordStart(authorizeUrl, startedAt, performance.now() - started);
  redirect(authorizeUrl);
}

/** The start of the visitor's sign-in trace (/grants); a failure here never stops the sign-in. */
async function recordStart(authorizeUrl: string, startedAt: number, durationMs: number): Promise<void> {
  try {
    const h = await headers();
    const config = getConfig();
    const origin = appOrigin(config.authUrl, h, "https://localhost");
    const jar = await cookies();
    const page = h.get("referer") ? new URL(h.get("referer")!).pathname : SIGN_IN_PATH;
    const id = await recordSignInStart({
      authorizeUrl,
      actionUrl: `${origin}${page} (server action)`,
      cookieNames: jar.getAll().map((cookie) => cookie.name),
      startedAt,
      durationMs: Math.round(durationMs),
    });
    jar.set(TRACE_COOKIE, id, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: secureCookies(config, origin),
      maxAge: PKCE_TRACE_TTL_MS / 1000,
    });
  } catch (error) {
    console.warn(`[grants] the sign-in trace was not started: ${(error as Error).message}`);
  }
}

export async function signOutOfGenesys(): Promise<void> {
  // events.signOut revokes the token at Genesys before the cookie is cleared.
  await signOut({ redirectTo: `${SIGN_IN_PATH}?signedOut=1` });
}
