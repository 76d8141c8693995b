/**
 * Where sign-in lives in the app. No server-only import: the simulator wiring, the proxy and the
 * pages all need the same paths, and a mismatch would break exact redirect-URI matching.
 */

/** Auth.js's base path in Next.js (`app/api/auth/[...nextauth]`). */
export const AUTH_BASE_PATH = "/api/auth";
export const GENESYS_PROVIDER_ID = "genesys";
/** The redirect URI path registered with the Genesys OAuth client: `${origin}${GENESYS_CALLBACK_PATH}`. */
export const GENESYS_CALLBACK_PATH = `${AUTH_BASE_PATH}/callback/${GENESYS_PROVIDER_ID}`;
/** The app's own sign-in page (and where Auth.js sends sign-in errors). */
export const SIGN_IN_PATH = "/signin";
/** The user-delegated view. */
export const MY_VIEW_PATH = "/me";

/** The exact redirect URI for an app served at `origin` (scheme, host and port; no path). */
export function genesysRedirectUri(origin: string): string {
  return `${new URL(origin).origin}${GENESYS_CALLBACK_PATH}`;
}

/**
 * A same-site path to return to after signing in, or `fallback`. Only a plain absolute path is
 * accepted: `//evil.example` and `https://…` would make the sign-in an open redirector.
 */
export function safeReturnPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(value)) return fallback;
  return value;
}

const SESSION_COOKIE = "authjs.session-token";

/** Auth.js's session cookie: `__Secure-` prefixed when cookies are Secure. */
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Secure-${SESSION_COOKIE}` : SESSION_COOKIE;
}

/** Whether a cookie of that name (or one of its chunks, `name.0`) is there; says nothing of its validity. */
export function hasSessionCookie(cookieNames: Iterable<string>): boolean {
  for (const name of cookieNames) {
    const base = name.replace(/\.\d+$/, "");
    if (base === SESSION_COOKIE || base === `__Secure-${SESSION_COOKIE}`) return true;
  }
  return false;
}
