import "server-only";
/**
 * The signed-in user, read on the server from the encrypted session cookie. This is the only
 * place the user's Genesys access token is read back: it lives inside the JWE cookie (written by
 * the `jwt` callback in lib/auth/config.ts) and never in what `/api/auth/session` or a page sends.
 */
import { decode } from "next-auth/jwt";
import { headers } from "next/headers";
import { cache } from "react";
import { getConfig, type AppConfig } from "@/lib/config/env";
import { appOrigin } from "./origin";
import { sessionCookieName } from "@/lib/config/auth-paths";
import { authSecret } from "./secret";

export type SignedInUser = {
  /** The Genesys user id (from `/api/v2/users/me` at sign-in). */
  id: string;
  name: string;
  email?: string;
  /** When the Genesys token expires (ms since epoch); undefined when Genesys did not say. */
  expiresAt?: number;
  /** PKCE tokens cannot be refreshed: past `expiresAt` the only way on is signing in again. */
  expired: boolean;
};

/** Server-side only: the user and the bearer token to call Genesys with on their behalf. */
export type UserSession = { user: SignedInUser; accessToken: string };

/** The claims the `jwt` callback keeps in the encrypted cookie. */
export type SessionClaims = {
  sub?: string;
  name?: string | null;
  email?: string | null;
  genesysUserId?: string;
  accessToken?: string;
  expiresAt?: number;
  error?: "TokenExpired";
};

/** Secure cookies (and their `__Secure-` name) on https, and always for a real org in production. */
export function secureCookies(config: AppConfig, origin: string): boolean {
  return new URL(origin).protocol === "https:" || (config.mode === "genesys" && process.env.NODE_ENV === "production");
}

function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!name || cookies.has(name)) continue;
    let value = part.slice(i + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep it as sent: it will simply not decrypt
    }
    cookies.set(name, value);
  }
  return cookies;
}

/** The session cookie's value, joining Auth.js's chunks (`name.0`, `name.1`, …) when it was split. */
function sessionCookieValue(cookies: Map<string, string>, name: string): string | undefined {
  const whole = cookies.get(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
  return chunks.length ? chunks.join("") : undefined;
}

/**
 * The session of the request with these headers, or null (no cookie, tampered, another secret,
 * past its maxAge). Unlike Auth.js's getToken, an `Authorization: Bearer` header is not accepted
 * as a session: only the HttpOnly cookie is.
 */
export async function readUserSession(headers: Headers, requestUrl = "http://localhost/"): Promise<UserSession | null> {
  const config = getConfig();
  const origin = appOrigin(config.authUrl, headers, requestUrl);
  const name = sessionCookieName(secureCookies(config, origin));
  const value = sessionCookieValue(parseCookies(headers.get("cookie")), name);
  if (!value) return null;
  let claims: SessionClaims | null;
  try {
    claims = (await decode({ token: value, secret: authSecret(config), salt: name })) as SessionClaims | null;
  } catch {
    return null;
  }
  if (!claims?.accessToken || !claims.genesysUserId) return null;
  const expiresAt = typeof claims.expiresAt === "number" ? claims.expiresAt : undefined;
  return {
    accessToken: claims.accessToken,
    user: {
      id: claims.genesysUserId,
      name: claims.name || claims.genesysUserId,
      ...(claims.email ? { email: claims.email } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      expired: expiresAt !== undefined && Date.now() >= expiresAt,
    },
  };
}

/**
 * The session of the page being rendered, read once per request however many components ask
 * (the site header, the page, its access check): React's `cache` memoises it for this render
 * (https://react.dev/reference/react/cache).
 */
export const currentPageSession = cache(async (): Promise<UserSession | null> => readUserSession(await headers()));

/** The user's token was refused (401) or is past its expiry: sign in again. */
export class UserTokenExpiredError extends Error {
  override name = "UserTokenExpiredError";
  constructor() {
    super("The Genesys Cloud sign-in has expired or was revoked");
  }
}

/** By name as well: Next.js may bundle lib/genesys more than once, so instanceof can miss. */
export function isTokenExpired(error: unknown): boolean {
  return error instanceof Error && (error.name === "UserTokenExpiredError" || error.name === "GenesysTokenExpiredError");
}
