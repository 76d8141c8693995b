"use server";
/**
 * The header's and the sign-in page's buttons. Server actions: Next.js checks their Origin, so
 * another site cannot start or end a sign-in on a user's behalf.
 */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { MY_VIEW_PATH, SIGN_IN_PATH, safeReturnPath } from "@/lib/config/auth-paths";
import { signIn, signOut } from "./index";
import { traceSignInStart } from "./sign-in-trace";

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
    await traceSignInStart(authorizeUrl, startedAt, performance.now() - started);
  redirect(authorizeUrl);
}

export async function signOutOfGenesys(): Promise<void> {
  // events.signOut revokes the token at Genesys before the cookie is cleared.
  await signOut({ redirectTo: `${SIGN_IN_PATH}?signedOut=1` });
}
