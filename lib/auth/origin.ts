/**
 * The app's public origin, the way Auth.js derives it: AUTH_URL when set, otherwise the
 * request's forwarded host and protocol (only ever used when the host is trusted; see
 * lib/auth/setup.ts). Sign-in must use ONE origin from start to callback: the redirect URI sent
 * with the authorization request and with the token exchange must be identical, and the state and
 * PKCE cookies only come back to the host that set them.
 */

// A host name, IPv4 or [IPv6], with an optional port: anything else is not used to build URLs.
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `https://host:port` from X-Forwarded-Host / Host and X-Forwarded-Proto, or null when unusable. */
export function forwardedOrigin(headers: Headers, fallbackProtocol: string): string | null {
  const host = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0]!.trim();
  if (!HOST.test(host)) return null;
  const forwardedProto = (headers.get("x-forwarded-proto") ?? "").split(",")[0]!.trim().toLowerCase();
  const protocol = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : fallbackProtocol.replace(/:$/, "");
  return `${protocol}://${host}`;
}

/** AUTH_URL's origin, else the forwarded origin, else `fallback`. */
export function appOrigin(authUrl: string | undefined, headers: Headers, fallback: string): string {
  if (authUrl) return new URL(authUrl).origin;
  const fallbackUrl = new URL(fallback);
  return forwardedOrigin(headers, fallbackUrl.protocol) ?? fallbackUrl.origin;
}
