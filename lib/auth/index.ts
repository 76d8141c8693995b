import "server-only";
/**
 * Sign-in with Genesys Cloud: the Auth.js instance (`handlers`, `auth`, `signIn`, `signOut`) and
 * the server-side helpers the routes and pages use. The configuration is built per request
 * because in simulator mode the browser's sign-in page lives on the app's own origin.
 */
import { Auth } from "@auth/core";
import NextAuth from "next-auth";
import { headers } from "next/headers";
import type { NextRequest } from "next/server";
import { getConfig } from "@/lib/config/env";
import { buildAuthConfig } from "./config";
import { GENESYS_CALLBACK_PATH } from "@/lib/config/auth-paths";
import { appOrigin } from "./origin";
import { signInSetup } from "./setup";
import { traceCallback } from "./sign-in-trace";

const nextAuth = NextAuth(async (request) => {
  const config = getConfig();
  const origin = request
    ? appOrigin(config.authUrl, request.headers, request.url)
    : // Like Auth.js's createActionURL, which builds the server actions' sign-in URL: https unless forwarded otherwise.
      appOrigin(config.authUrl, await headers(), "https://localhost");
  return buildAuthConfig(config, origin);
});

export const { signIn, signOut } = nextAuth;

/**
 * The route handler's origin. Not `request.url`: Next.js rewrites 127.0.0.1 to `localhost` in
 * every NextRequest (next-auth's own handlers included, even with AUTH_URL), while the sign-in
 * started by a server action uses the Host the browser sent. Both halves of the flow must agree
 * on the redirect URI, and the state and PKCE cookies only come back to the host that set them.
 */
function handlerOrigin(request: NextRequest): string {
  const config = getConfig();
  if (config.authUrl) return new URL(config.authUrl).origin;
  const fallback = new URL(request.url).origin;
  return signInSetup(config).trustHost ? appOrigin(undefined, request.headers, fallback) : fallback;
}

/**
 * `/api/auth/*`: Auth.js's core on a plain Request addressed to the app's origin (what
 * next-auth's handlers do, minus the NextRequest re-addressing).
 */
async function handle(request: NextRequest): Promise<Response> {
  const origin = handlerOrigin(request);
  const url = new URL(request.url);
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  const addressed = new Request(`${origin}${url.pathname}${url.search}`, { method: request.method, headers: request.headers, body });
  const config = getConfig();
  const run = () => Auth(addressed, buildAuthConfig(config, origin));
  const setup = signInSetup(config);
  if (request.method !== "GET" || url.pathname !== GENESYS_CALLBACK_PATH || !setup.available) return run();
  // The Genesys callback: recorded into the visitor's sign-in trace for the teaching page.
  return traceCallback(request, addressed.url, setup, run);
}

export const handlers = { GET: handle, POST: handle };

export { currentPageSession, readUserSession, type SignedInUser, type UserSession } from "./session";
export { signInSetup, GENESYS_SIGN_IN_SCOPES, type SignInSetup } from "./setup";
