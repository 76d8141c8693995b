/**
 * The login service: /oauth/token, /oauth/authorize, /logout, and the in-memory token store.
 *
 * Requests as the official SDKs send them (platform-client-sdk-javascript
 * src/purecloud-platform-client-v2/ApiClient.js: `loginClientCredentialsGrant`,
 * `loginCodeAuthorizationGrant`, `refreshCodeAuthorizationGrant`, `loginPKCEGrant` /
 * `authorizePKCEGrant`). Clients:
 * - SIM_CLIENT_ID / SIM_CLIENT_SECRET: client credentials with HTTP Basic; sees every division.
 *   Credentials in the form body are refused (no official SDK sends them there).
 * - SIM_DIVISION_CLIENT_ID / SIM_DIVISION_CLIENT_SECRET: client credentials whose role reaches
 *   the Home division only. "Roles and divisions only apply to clients using the
 *   client_credential grant"; "Scopes only apply to clients not using the client_credential
 *   grant" (model OAuthClient, platform-client-sdk-dotnet docs/OAuthClient.md): a
 *   client-credentials token sees exactly its client's role divisions and carries no scopes.
 * - SIM_LIMITED_CLIENT_ID / SIM_LIMITED_CLIENT_SECRET: client credentials that see every division
 *   but whose role lacks `analytics:conversationDetail:view`: the details routes answer 403
 *   missing.permissions (permissions.ts), everything else works.
 * - SIM_INACTIVE_CLIENT_ID / SIM_INACTIVE_CLIENT_SECRET: a client-credentials client in state
 *   inactive ("Inactive: Access tokens cannot be created with this OAuth client and it will be
 *   deleted", model OAuthClient `state`). Genesys documents no distinct token answer for it, so
 *   its token request answers exactly like a wrong secret (invalid_client, "authentication
 *   failed", status per option oauthErrorStatus).
 * - SIM_PKCE_CLIENT_ID: public client, authorization code + PKCE (S256 only), no secret, no
 *   refresh token.
 * - SIM_CODE_CLIENT_ID / SIM_CODE_CLIENT_SECRET: confidential authorization-code client (Basic
 *   on the token request); the only one that receives refresh tokens ("The refresh token grant
 *   type requires client credentials, and is therefore only usable by confidential clients",
 *   https://developer.genesys.cloud/forum/t/oauth-support-for-refresh-tokens/7422).
 * Tokens are opaque random strings; each remembers its grant, principal and division reach.
 *
 * HTTP Basic is compared literally: every official SDK sends base64 of the raw
 * `client_id:client_secret` (ApiClient.js `loginClientCredentialsGrant`), and whether Genesys's
 * login service form-decodes the two parts (RFC 6749 §2.3.1) is not documented. So the simulator
 * does not: a client that form-encodes them (oauth4webapi's ClientSecretBasic turns `-` into
 * `%2D`) presents an unknown client id here, as it would to any server that does not decode.
 *
 * Idle token timeout (option idleTokenTimeoutSeconds): an org setting, 5 minutes to 8 hours
 * (model IdleTokenTimeout, platform-client-sdk-dotnet docs/IdleTokenTimeout.md); `GET
 * /api/v2/tokens/me?preserveIdleTTL=true` reads a token without resetting its idle timer
 * (TokensApi `getTokensMe`). The simulator applies it to user tokens only and answers an idle
 * token like an expired one (401 credentials.expired: the real code is not documented).
 */
import { createHash, randomBytes } from "node:crypto";
import { BoundedStore } from "./bounded";
import { OAuthError } from "./errors";
import type { SimOrg, SimUser } from "./org";
import type { SimulatorOptions } from "./options";
import { PERMISSION, SIM_PERMISSIONS } from "./permissions";

export const SIM_CLIENT_ID = "sim-reporting-client";
export const SIM_CLIENT_SECRET = "sim-reporting-secret";
export const SIM_PKCE_CLIENT_ID = "sim-pkce-client";
export const SIM_CODE_CLIENT_ID = "sim-code-client";
export const SIM_CODE_CLIENT_SECRET = "sim-code-secret";
/** A client-credentials client whose role reaches one division (Home). */
export const SIM_DIVISION_CLIENT_ID = "sim-division-client";
export const SIM_DIVISION_CLIENT_SECRET = "sim-division_secret-Home_only";
/** A client-credentials client whose role lacks analytics:conversationDetail:view (every division). */
export const SIM_LIMITED_CLIENT_ID = "sim-limited-client";
export const SIM_LIMITED_CLIENT_SECRET = "sim-limited_secret-no-details";
/** A client-credentials client in state inactive: its token request fails like a wrong secret. */
export const SIM_INACTIVE_CLIENT_ID = "sim-inactive-client";
export const SIM_INACTIVE_CLIENT_SECRET = "sim-inactive_secret-disabled";

/** Authorization codes are single use and live this long. */
export const CODE_LIFETIME_MS = 60_000;
/**
 * An expired (or idled) token, and a used or expired code, is still recognised this long, so it
 * answers `credentials.expired` / "already been used" rather than "unknown", unless the store is
 * full (options tokenStoreMax / codeStoreMax: then expired, used and revoked ones go first).
 */
export const LAPSED_RETENTION_MS = 15 * 60_000;
/** Refresh tokens (no expiry here) kept at most; the oldest go first. */
export const REFRESH_TOKENS_MAX = 10_000;

export type GrantType = "CLIENT-CREDENTIALS" | "CODE";

export type OAuthClientDef = {
  id: string;
  name: string;
  secret: string | null;
  grant: GrantType;
  /** Code clients only: PKCE S256 is mandatory for public clients. */
  requiresPkce: boolean;
  issuesRefreshTokens: boolean;
  /** Client credentials only: the division names its role reaches; null = every division. */
  roleDivisions?: readonly string[] | null;
  /** Client credentials only: the permissions its role grants; absent = every permission. */
  permissions?: readonly string[];
  /** Model OAuthClient `state`; absent = active. An inactive client gets no tokens. */
  state?: "active" | "inactive";
};

export const CLIENTS: readonly OAuthClientDef[] = [
  {
    id: SIM_CLIENT_ID,
    name: "Queue Reports (client credentials)",
    secret: SIM_CLIENT_SECRET,
    grant: "CLIENT-CREDENTIALS",
    requiresPkce: false,
    issuesRefreshTokens: false,
    roleDivisions: null,
  },
  {
    id: SIM_DIVISION_CLIENT_ID,
    name: "Queue Reports (client credentials, Home division)",
    secret: SIM_DIVISION_CLIENT_SECRET,
    grant: "CLIENT-CREDENTIALS",
    requiresPkce: false,
    issuesRefreshTokens: false,
    roleDivisions: ["Home"],
  },
  {
    id: SIM_LIMITED_CLIENT_ID,
    name: "Queue Reports (client credentials, no conversation details)",
    secret: SIM_LIMITED_CLIENT_SECRET,
    grant: "CLIENT-CREDENTIALS",
    requiresPkce: false,
    issuesRefreshTokens: false,
    roleDivisions: null,
    permissions: SIM_PERMISSIONS.filter((p) => p !== PERMISSION.conversationDetailView),
  },
  {
    id: SIM_INACTIVE_CLIENT_ID,
    name: "Queue Reports (client credentials, inactive)",
    secret: SIM_INACTIVE_CLIENT_SECRET,
    grant: "CLIENT-CREDENTIALS",
    requiresPkce: false,
    issuesRefreshTokens: false,
    roleDivisions: null,
    state: "inactive",
  },
  {
    id: SIM_PKCE_CLIENT_ID,
    name: "Queue Reports (sign-in, PKCE)",
    secret: null,
    grant: "CODE",
    requiresPkce: true,
    issuesRefreshTokens: false,
  },
  {
    id: SIM_CODE_CLIENT_ID,
    name: "Queue Reports (sign-in, confidential)",
    secret: SIM_CODE_CLIENT_SECRET,
    grant: "CODE",
    requiresPkce: false,
    issuesRefreshTokens: true,
  },
];
const clientById = new Map(CLIENTS.map((c) => [c.id, c]));

export type TokenRecord = {
  token: string;
  clientId: string;
  grant: "client_credentials" | "authorization_code" | "refresh_token";
  /** -1 for client credentials (no user). */
  userIndex: number;
  /** null: every division. */
  divisionIds: string[] | null;
  /** null: every permission (user tokens, and clients whose role grants all; see permissions.ts). */
  permissions: ReadonlySet<string> | null;
  scope: string[];
  issuedAt: number;
  expiresAt: number;
  /** The last request that reset the idle timer (user tokens and the idle timeout only). */
  lastUsedAt: number;
  revoked: boolean;
};

type CodeRecord = {
  clientId: string;
  redirectUri: string;
  challenge: string | null;
  userIndex: number;
  scope: string[];
  expiresAt: number;
  used: boolean;
};

type RefreshRecord = { clientId: string; userIndex: number; scope: string[]; revoked: boolean };

export type TokenCheck =
  { ok: true; token: TokenRecord } | { ok: false; code: "authentication.required" | "bad.credentials" | "credentials.expired" };

/** The scopes configured on the demo code clients: what a token gets when the authorize request names none. */
const DEFAULT_SCOPE = ["analytics:readonly", "routing:readonly", "users:readonly"];

export class OAuthServer {
  // Hard caps with eviction on insert (bounded.ts): a flood of token requests or sign-ins cannot
  // grow memory without bound, and a recent valid token survives it.
  private readonly tokens: BoundedStore<TokenRecord>;
  private readonly codes: BoundedStore<CodeRecord>;
  private readonly refreshTokens = new BoundedStore<RefreshRecord>(REFRESH_TOKENS_MAX, (r) => r.revoked);

  constructor(
    private readonly org: SimOrg,
    private readonly options: SimulatorOptions,
    private readonly now: () => number,
  ) {
    const lapsedAt = (t: TokenRecord) => Math.min(t.expiresAt, this.idlesAt(t) ?? Infinity);
    this.tokens = new BoundedStore<TokenRecord>(
      options.tokenStoreMax,
      (t, now) => t.revoked || lapsedAt(t) + LAPSED_RETENTION_MS <= now,
      (t, now) => t.revoked || lapsedAt(t) <= now,
    );
    this.codes = new BoundedStore<CodeRecord>(
      options.codeStoreMax,
      (c, now) => c.expiresAt + LAPSED_RETENTION_MS <= now,
      (c, now) => c.used || c.expiresAt <= now,
    );
  }

  /** How many tokens, codes and refresh tokens are held (each at most its cap). */
  storeSizes(): { tokens: number; codes: number; refreshTokens: number } {
    return { tokens: this.tokens.size, codes: this.codes.size, refreshTokens: this.refreshTokens.size };
  }

  // -------------------------------------------------------------------------------------------
  // Tokens

  private issue(client: OAuthClientDef, grant: TokenRecord["grant"], userIndex: number, scope: string[]): TokenRecord {
    const now = this.now();
    const rec: TokenRecord = {
      token: randomBytes(32).toString("base64url"),
      clientId: client.id,
      grant,
      userIndex,
      divisionIds: grant === "client_credentials" ? this.clientReach(client) : this.reachOf(userIndex),
      permissions: grant === "client_credentials" && client.permissions ? new Set(client.permissions) : null,
      scope,
      issuedAt: now,
      expiresAt: now + this.options.tokenLifetimeSeconds * 1000,
      lastUsedAt: now,
      revoked: false,
    };
    this.tokens.set(rec.token, rec, now);
    return rec;
  }

  /** A client-credentials client sees exactly its role divisions. */
  private clientReach(client: OAuthClientDef): string[] | null {
    if (!client.roleDivisions) return null;
    return client.roleDivisions.map((name) => {
      const d = this.org.divisions.find((x) => x.name === name);
      if (!d) throw new Error(`simulator bug: no division named ${name}`);
      return d.id;
    });
  }

  private reachOf(userIndex: number): string[] | null {
    const demo = this.org.demoUsers.find((d) => d.userIndex === userIndex);
    if (demo) return demo.divisionIds;
    const u = this.org.users[userIndex];
    return u ? [u.divisionId] : [];
  }

  /**
   * Check an `Authorization` header value. A valid user token's idle timer restarts unless
   * `preserveIdle` (GET /api/v2/tokens/me?preserveIdleTTL=true).
   */
  check(authorization: string | undefined, preserveIdle = false): TokenCheck {
    const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!m) return { ok: false, code: "authentication.required" };
    const rec = this.tokens.get(m[1]!);
    if (!rec || rec.revoked) return { ok: false, code: "bad.credentials" };
    const now = this.now();
    if (rec.expiresAt <= now) return { ok: false, code: "credentials.expired" };
    const idleAt = this.idlesAt(rec);
    if (idleAt !== null && idleAt <= now) return { ok: false, code: "credentials.expired" };
    if (!preserveIdle) rec.lastUsedAt = now;
    return { ok: true, token: rec };
  }

  /** When the token idles out (null: it does not: client credentials, or the timeout is off). */
  idlesAt(rec: TokenRecord): number | null {
    const timeout = this.options.idleTokenTimeoutSeconds;
    if (timeout <= 0 || rec.grant === "client_credentials") return null;
    return rec.lastUsedAt + timeout * 1000;
  }

  revoke(rec: TokenRecord): void {
    rec.revoked = true;
  }

  /** Every issued token now answers 401 (credentials.expired). */
  expireAll(): void {
    const now = this.now();
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
  }

  client(id: string): OAuthClientDef | undefined {
    return clientById.get(id);
  }

  user(rec: TokenRecord): SimUser | undefined {
    return rec.userIndex >= 0 ? this.org.users[rec.userIndex] : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // POST /oauth/token

  /** Answers the token JSON or throws OAuthError. `body` is the raw form-urlencoded text. */
  token(authorization: string | undefined, body: string): Record<string, unknown> {
    const form = new URLSearchParams(body);
    const grantType = form.get("grant_type");
    const basic = parseBasic(authorization);
    const fail = (error: string, description: string) => new OAuthError(this.options.oauthErrorStatus, error, description);

    const authenticate = (): OAuthClientDef => {
      if (!basic) {
        // Secrets in the body are refused: the real login service reads HTTP Basic.
        throw fail("invalid_client", "authentication failed");
      }
      const client = clientById.get(basic.id);
      if (!client) throw fail("invalid_client", "client not found");
      if (client.secret === null || client.secret !== basic.secret) throw fail("invalid_client", "authentication failed");
      // An inactive client cannot create tokens; no distinct answer is documented, so it is
      // indistinguishable from a wrong secret.
      if (client.state === "inactive") throw fail("invalid_client", "authentication failed");
      return client;
    };

    switch (grantType) {
      case "client_credentials": {
        const client = authenticate();
        if (client.grant !== "CLIENT-CREDENTIALS")
          throw new OAuthError(400, "unauthorized_client", "client is not authorized for the client_credentials grant");
        // No scopes: they "only apply to clients not using the client_credential grant".
        return this.tokenAnswer(this.issue(client, "client_credentials", -1, []));
      }
      case "authorization_code": {
        let client: OAuthClientDef;
        if (basic) {
          client = authenticate();
        } else {
          const id = form.get("client_id");
          const c = id ? clientById.get(id) : undefined;
          if (!c) throw fail("invalid_client", "client not found");
          if (c.secret !== null) throw fail("invalid_client", "authentication failed");
          client = c;
        }
        if (client.grant !== "CODE")
          throw new OAuthError(400, "unauthorized_client", "client is not authorized for the authorization_code grant");
        const codeValue = form.get("code") ?? "";
        const code = this.codes.get(codeValue);
        const now = this.now();
        if (!code || code.clientId !== client.id) throw new OAuthError(400, "invalid_grant", "authorization code is invalid");
        if (code.used) throw new OAuthError(400, "invalid_grant", "authorization code has already been used");
        if (code.expiresAt <= now) throw new OAuthError(400, "invalid_grant", "authorization code has expired");
        if (form.get("redirect_uri") !== code.redirectUri)
          throw new OAuthError(400, "invalid_grant", "redirect_uri does not match the authorization request");
        if (code.challenge !== null) {
          const verifier = form.get("code_verifier");
          if (!verifier) throw new OAuthError(400, "invalid_grant", "code_verifier is required");
          if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new OAuthError(400, "invalid_grant", "code_verifier is malformed");
          if (s256(verifier) !== code.challenge)
            throw new OAuthError(400, "invalid_grant", "code_verifier does not match the code_challenge");
        }
        code.used = true;
        const rec = this.issue(client, "authorization_code", code.userIndex, code.scope);
        const answer = this.tokenAnswer(rec);
        if (client.issuesRefreshTokens) {
          const refresh = randomBytes(32).toString("base64url");
          this.refreshTokens.set(refresh, { clientId: client.id, userIndex: code.userIndex, scope: code.scope, revoked: false }, now);
          answer.refresh_token = refresh;
        }
        return answer;
      }
      case "refresh_token": {
        const client = authenticate();
        const refresh = this.refreshTokens.get(form.get("refresh_token") ?? "");
        if (!refresh || refresh.revoked || refresh.clientId !== client.id)
          throw new OAuthError(400, "invalid_grant", "refresh token is invalid");
        const answer = this.tokenAnswer(this.issue(client, "refresh_token", refresh.userIndex, refresh.scope));
        answer.refresh_token = form.get("refresh_token");
        return answer;
      }
      case null:
        throw new OAuthError(400, "invalid_request", "grant_type is required");
      default:
        throw new OAuthError(400, "unsupported_grant_type", `grant type ${grantType} is not supported`);
    }
  }

  private tokenAnswer(rec: TokenRecord): Record<string, unknown> {
    return { access_token: rec.token, token_type: "bearer", expires_in: Math.round((rec.expiresAt - rec.issuedAt) / 1000) };
  }

  // -------------------------------------------------------------------------------------------
  // /oauth/authorize

  /**
   * Whether `redirectUri` is registered: listed exactly, or (the embedded demo only, option
   * `sameOriginCallbackPath`) the callback path on the very origin the request came to, so the app
   * signs in on any port without configuration. A real org matches registered URIs exactly.
   */
  private registered(redirectUri: string, requestOrigin: string | null): boolean {
    if (this.options.redirectUris.includes(redirectUri)) return true;
    const path = this.options.sameOriginCallbackPath;
    return path !== null && requestOrigin !== null && redirectUri === `${requestOrigin}${path}`;
  }

  /** Validate an authorization request. Errors that must not redirect come back as `page`. */
  validateAuthorize(p: URLSearchParams, requestOrigin: string | null = null): AuthorizeCheck {
    const clientId = p.get("client_id") ?? "";
    const redirectUri = p.get("redirect_uri") ?? "";
    const client = clientById.get(clientId);
    if (!client || client.grant !== "CODE") {
      return {
        kind: "page",
        status: 400,
        title: "Unknown application",
        message: `No sign-in application is registered with the client id “${clientId}”.`,
      };
    }
    if (!this.registered(redirectUri, requestOrigin)) {
      return {
        kind: "page",
        status: 400,
        title: "Redirect URI not registered",
        message: `The redirect URI “${redirectUri}” is not registered for ${client.name}. It must match a registered URI exactly.`,
      };
    }
    const state = p.get("state");
    const back = (error: string, description: string): AuthorizeCheck => ({
      kind: "redirect",
      location: withQuery(redirectUri, { error, error_description: description, ...(state !== null ? { state } : {}) }),
    });
    if (p.get("response_type") !== "code") return back("unsupported_response_type", "response_type must be code");
    const challenge = p.get("code_challenge");
    const method = p.get("code_challenge_method");
    if (client.requiresPkce && !challenge) return back("invalid_request", "code_challenge is required");
    if (challenge && method !== "S256") return back("invalid_request", "code_challenge_method must be S256");
    if (challenge && !/^[A-Za-z0-9_-]{43}$/.test(challenge)) return back("invalid_request", "code_challenge is malformed");
    return { kind: "ok", client, redirectUri, state, challenge, scope: (p.get("scope") ?? "").split(/\s+/).filter(Boolean) };
  }

  /** The user chose an identity on the sign-in page: a code, and where to send it. */
  approve(ok: Extract<AuthorizeCheck, { kind: "ok" }>, userKey: string): string | null {
    const demo = this.org.demoUsers.find((d) => d.key === userKey);
    if (!demo) return null;
    const code = randomBytes(24).toString("base64url");
    const now = this.now();
    this.codes.set(
      code,
      {
        clientId: ok.client.id,
        redirectUri: ok.redirectUri,
        challenge: ok.challenge,
        userIndex: demo.userIndex,
        // `scope` is optional (the JS SDK's loginPKCEGrant never sends one): the client's scopes apply.
        scope: ok.scope.length ? ok.scope : DEFAULT_SCOPE,
        expiresAt: now + CODE_LIFETIME_MS,
        used: false,
      },
      now,
    );
    return withQuery(ok.redirectUri, { code, ...(ok.state !== null ? { state: ok.state } : {}) });
  }

  /** GET /logout: where to send the browser, or null for the signed-out page. */
  logoutTarget(p: URLSearchParams, requestOrigin: string | null = null): string | null {
    const redirectUri = p.get("redirect_uri");
    const client = clientById.get(p.get("client_id") ?? "");
    return client && redirectUri && this.registered(redirectUri, requestOrigin) ? redirectUri : null;
  }
}

export type AuthorizeCheck =
  | { kind: "page"; status: number; title: string; message: string }
  | { kind: "redirect"; location: string }
  | { kind: "ok"; client: OAuthClientDef; redirectUri: string; state: string | null; challenge: string | null; scope: string[] };

function s256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

/**
 * HTTP Basic (RFC 7617): base64 of `id:secret`, split at the first `:`, both parts taken
 * literally, never form-decoded (see the top of this file): `sim%2Dreporting%2Dclient` is not
 * `sim-reporting-client`.
 */
export function parseBasic(authorization: string | undefined): { id: string; secret: string } | null {
  const m = authorization ? /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(authorization) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const i = decoded.indexOf(":");
  if (i < 0) return null;
  return { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

export function withQuery(uri: string, params: Record<string, string>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

// ---------------------------------------------------------------------------------------------
// HTML

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Genesys Cloud simulator</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1d1f23; margin: 0; }
  main { max-width: 28rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 12px; box-shadow: 0 1px 4px rgb(0 0 0 / 0.12); }
  h1 { font-size: 1.35rem; margin-top: 0; }
  p { line-height: 1.5; }
  ul { list-style: none; padding: 0; margin: 1.5rem 0 0; display: grid; gap: 0.75rem; }
  button { width: 100%; text-align: left; font: inherit; padding: 0.9rem 1rem; border: 1px solid #c6cad1; border-radius: 8px; background: #fff; cursor: pointer; }
  button:hover, button:focus-visible { border-color: #ff4f1f; outline: 2px solid #ff4f1f; outline-offset: 1px; }
  .who { display: block; font-weight: 600; }
  .reach { display: block; font-size: 0.9rem; color: #555b66; }
  .note { font-size: 0.85rem; color: #555b66; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export function signInPage(org: SimOrg, ok: Extract<AuthorizeCheck, { kind: "ok" }>, action: string): string {
  const hidden = (name: string, value: string | null) =>
    value === null ? "" : `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
  const fields = [
    hidden("response_type", "code"),
    hidden("client_id", ok.client.id),
    hidden("redirect_uri", ok.redirectUri),
    hidden("state", ok.state),
    hidden("code_challenge", ok.challenge),
    hidden("code_challenge_method", ok.challenge ? "S256" : null),
    hidden("scope", ok.scope.length ? ok.scope.join(" ") : null),
  ].join("");
  const items = org.demoUsers
    .map((d) => {
      const u = org.users[d.userIndex]!;
      const reach =
        d.divisionIds === null
          ? "Sees every division"
          : `Sees the ${d.divisionIds.map((id) => org.divisions.find((x) => x.id === id)?.name ?? id).join(", ")} division only`;
      return `<li><form method="post" action="${escapeHtml(action)}">${fields}<button type="submit" name="user" value="${escapeHtml(d.key)}"><span class="who">${escapeHtml(u.name)}</span><span class="reach">${escapeHtml(u.title)} · ${escapeHtml(reach)}</span></button></form></li>`;
    })
    .join("\n");
  return page(
    "Sign in",
    `<h1>Genesys Cloud simulator — choose a demo user</h1>
<p><strong>${escapeHtml(ok.client.name)}</strong> asks to act on your behalf in <strong>${escapeHtml(org.name)}</strong>.</p>
<ul aria-label="Demo users">
${items}
</ul>
<p class="note">No password: this is a local simulator. The user you choose decides which divisions, and so which queues, the application can see.</p>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}
