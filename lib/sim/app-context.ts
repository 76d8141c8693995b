/**
 * What the parts of the HTTP surface (app.ts) share: their dependencies, the Hono environment,
 * and the helpers handlers use to read requests (bodies with a limit, the caller's origin, the
 * token's reach and permissions) and to answer errors.
 */
import type { Context, Hono } from "hono";
import type { SimCore } from "./core";
import { SimError, errorBody } from "./errors";
import type { JobStore } from "./jobs";
import type { NotificationHub, WebSocketStats } from "./notification-sockets";
import type { FaultPlan, RateLimiter, RateState, ScriptedFault } from "./limits";
import type { OAuthServer, TokenRecord } from "./oauth";
import { PLATFORM_API_REQUEST_BYTES_MAX } from "./org-limits";
import { requirePermission, type SimPermission } from "./permissions";
import { BodyTooLargeError, KIB, readTextLimited } from "./body-limit";

/** `webSockets`: the Notifications API's channels, subscription calls and sockets (notification-sockets.ts). */
export type SimStats = { tokenRequests: number; apiRequests: number; byRoute: Record<string, number>; webSockets: WebSocketStats };

export type AppDeps = {
  core: SimCore;
  oauth: OAuthServer;
  limiter: RateLimiter;
  faults: FaultPlan;
  jobs: JobStore;
  notifications: NotificationHub;
  stats: SimStats;
  /** faults.set / failNext / clear / expireAllTokens, for the admin endpoints. */
  admin: {
    set(p: Record<string, unknown>): void;
    failNext(f: ScriptedFault): void;
    clear(): void;
    expireAllTokens(): void;
    resetStats(): void;
  };
};

export type Env = { Variables: { token: TokenRecord; rate: RateState; correlationId: string } };
export type SimApp = Hono<Env>;

export const JSON_TYPE = "application/json; charset=UTF-8";

/** The platform ErrorBody of `err` with its status and headers. */
export function errorResponse(c: Context, err: SimError, correlationId: string): Response {
  const res = c.json(errorBody(err, correlationId), err.status as 400);
  for (const [k, v] of Object.entries(err.headers)) res.headers.set(k, v);
  return res;
}

// ------------------------------------------------------------------------------------------
// Request bodies

/**
 * Request body limits. `/api/v2/*`: the platform API's `request.bytes.max`, 512,000 bytes (the
 * Developer Center limits table as org-limits.ts quotes it, and what
 * `GET /api/v2/organizations/limits/namespaces/platform.api` answers here); a details query with
 * 1,000 predicates is about 60 KB. The login service's forms and the admin endpoints: 64 KiB (a
 * token request or the sign-in form is a few hundred bytes; the login service's own limit is not
 * public, README.md "Choices where the real API is unconfirmed").
 */
export const API_BODY_LIMIT = PLATFORM_API_REQUEST_BYTES_MAX;
export const OTHER_BODY_LIMIT = 64 * KIB;

/** The body limit of a path (relative to basePath). */
export function bodyLimit(path: string): number {
  return path.startsWith("/api/v2/") ? API_BODY_LIMIT : OTHER_BODY_LIMIT;
}

/**
 * 413 with the platform ErrorBody (the code from the swagger's x-inin-error-codes, errors.ts); on
 * `/api/v2/*` with the org limit it ran into, as ErrorBody `limit` (model Limit).
 */
export function tooLarge(e: BodyTooLargeError, path: string): SimError {
  const limit = path.startsWith("/api/v2/") ? { key: "request.bytes.max", namespace: "platform.api", value: e.limit } : undefined;
  return new SimError(
    413,
    "request.entity.too.large",
    `The request entity is too large. ${e.message}`,
    [],
    {},
    {
      messageParams: { limit: String(e.limit) },
      ...(limit ? { limit } : {}),
    },
  );
}

/**
 * The request body as text, read with the path's limit (body-limit.ts: Content-Length first, then
 * while streaming); 413 past it. Every handler reads its body through this: never `c.req.text()`,
 * which reads without a limit.
 */
export async function bodyText(c: Context): Promise<string> {
  try {
    return await readTextLimited(c.req.raw, bodyLimit(c.req.path));
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw tooLarge(e, c.req.path);
    throw e;
  }
}

/** The JSON request body. The platform API refuses other declared types with 415 (`lenient`: admin). */
export async function jsonBody(c: Context, lenient = false): Promise<unknown> {
  const type = c.req.header("content-type");
  if (!lenient && type && !/json/i.test(type)) {
    throw new SimError(415, "unsupported.media.type", `Unsupported Media Type: [${type}]. Send application/json.`);
  }
  const text = await bodyText(c);
  try {
    return JSON.parse(text);
  } catch {
    throw new SimError(
      400,
      "bad.request",
      "The request could not be understood by the server due to malformed syntax: the body is not valid JSON.",
    );
  }
}

// ------------------------------------------------------------------------------------------
// The caller

// A host name, IPv4 or [IPv6], with an optional port.
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin the browser sent this request to, as the app in front of the embedded simulator sees
 * it (a proxy's X-Forwarded-Host/Proto first, then Host): the same origin Auth.js builds its
 * callback from. Null when unusable.
 */
export function requestOrigin(c: Context): string | null {
  const host = (c.req.header("x-forwarded-host") ?? c.req.header("host") ?? "").split(",")[0]!.trim();
  if (!HOST.test(host)) return null;
  const forwarded = (c.req.header("x-forwarded-proto") ?? "").split(",")[0]!.trim().toLowerCase();
  const protocol = forwarded === "https" || forwarded === "http" ? forwarded : new URL(c.req.url).protocol.replace(/:$/, "");
  return `${protocol}://${host.toLowerCase()}`;
}

/** The divisions the request's token reaches (null: all). */
export const reach = (c: Context<Env>) => c.get("token").divisionIds;

/** 403 missing.permissions unless the token holds `permission` (checked before the body is read). */
export const need = (c: Context<Env>, permission: SimPermission) => requirePermission(c.get("token").permissions, permission);
