import "server-only";
/**
 * Where sign-in meets the teaching page's trace (/grants): the only auth module that knows about
 * lib/traces. It records the start (the server action's redirect), the callback (Auth.js's
 * handling of Genesys's redirect) and, inside it, the code exchange and the API calls the
 * provider makes. A failure to record never stops a sign-in.
 */
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import { SIGN_IN_PATH } from "@/lib/config/auth-paths";
import { getConfig } from "@/lib/config/env";
import { TRACE_COOKIE, recordCallback, recordSignInStart } from "@/lib/traces/pkce";
import { PKCE_TRACE_TTL_MS } from "@/lib/traces/store";
import { appOrigin } from "./origin";
import { secureCookies } from "./session";
import type { SignInSetup } from "./setup";

export { callbackExchangeListener, recordingFetch } from "@/lib/traces/pkce";

/** The start of the visitor's sign-in trace (/grants); a failure here never stops the sign-in. */
export async function traceSignInStart(authorizeUrl: string, startedAt: number, durationMs: number): Promise<void> {
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

/** Runs Auth.js's handling of the Genesys callback (`run`) while recording it into the visitor's trace. */
export function traceCallback(
  request: NextRequest,
  callbackUrl: string,
  setup: Extract<SignInSetup, { available: true }>,
  run: () => Promise<Response>,
): Promise<Response> {
  return recordCallback({
    traceId: request.cookies.get(TRACE_COOKIE)?.value,
    callbackUrl,
    cookieNames: request.cookies.getAll().map((cookie) => cookie.name),
    loginUrl: setup.loginUrl,
    bodies: setup.mode === "simulator" ? "keep" : "summarise",
    handle: run,
  });
}
