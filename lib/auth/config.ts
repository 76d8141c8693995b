import "server-only";
/**
 * The Auth.js (next-auth v5) configuration for "Sign in with Genesys Cloud": authorization code
 * with PKCE (S256) and state, a public client (no secret), explicit scopes, and a JWT session
 * whose encrypted cookie is the only place the user's Genesys token is kept.
 */
import type { NextAuthConfig } from "next-auth";
import { customFetch } from "next-auth";
import type { OAuthConfig } from "next-auth/providers";
import type { AppConfig } from "@/lib/config/env";
import { createGenesysClient, type UserMe } from "@/lib/genesys";
import { callbackExchangeListener, recordingFetch } from "./sign-in-trace";
import { describeError } from "@/lib/genesys/describe-error";
import { authErrorLogLine, authWarningLogLine, safeLogText } from "./log";
import { AUTH_BASE_PATH, GENESYS_PROVIDER_ID, SIGN_IN_PATH } from "@/lib/config/auth-paths";
import { recordSignInReach } from "./visible-queues";
import { authSecret } from "./secret";
import { secureCookies, type SessionClaims } from "./session";
import { GENESYS_SIGN_IN_SCOPES, signInSetup, type SignInSetup } from "./setup";

/**
 * A session cannot outlive the longest token Genesys issues (48 h: the longest `accessTokenValiditySeconds` an OAuth client allows,
 * platform-client-sdk-dotnet `docs/OAuthClientRequest.md`): past that
 * the cookie is only a reminder of a token that no longer works.
 */
export const SESSION_MAX_AGE_SECONDS = 48 * 60 * 60;

type AvailableSetup = Extract<SignInSetup, { available: true }>;

function userClient(setup: AvailableSetup, accessToken: string) {
  // Inside a sign-in callback, its calls are recorded for the visitor's trace (/grants).
  const onExchange = callbackExchangeListener();
  return createGenesysClient({
    loginUrl: setup.loginUrl,
    apiUrl: setup.apiUrl,
    accessToken,
    ...(setup.fetch ? { fetch: setup.fetch } : {}),
    ...(onExchange ? { onExchange } : {}),
  });
}

export function genesysProvider(setup: AvailableSetup, origin: string): OAuthConfig<UserMe> {
  return {
    id: GENESYS_PROVIDER_ID,
    name: "Genesys Cloud",
    type: "oauth",
    clientId: setup.clientId,
    // A public client: Genesys's PKCE grant takes client_id in the body and no
    // secret (platform-client-sdk-javascript `ApiClient.js` `authorizePKCEGrant`; RFC 7636 §4.5).
    client: { token_endpoint_auth_method: "none" },
    // v5 defaults to ["pkce"] only; state as well, so a callback not started here is refused twice over.
    checks: ["pkce", "state"],
    authorization: { url: setup.authorizeUrl(origin), params: { scope: GENESYS_SIGN_IN_SCOPES.join(" ") } },
    token: `${setup.loginUrl}/oauth/token`,
    userinfo: {
      url: `${setup.apiUrl}/api/v2/users/me`,
      // Through the app's Genesys client: zod-checked, typed errors, and the simulator in-process.
      // A failure here throws, so the callback ends on the error page instead of a half sign-in.
      async request({ tokens }: { tokens: { access_token?: string } }) {
        if (!tokens.access_token) throw new Error("Genesys Cloud answered the code exchange without an access token");
        const client = userClient(setup, tokens.access_token);
        const me = await client.getUserMe();
        if (!me.id) throw new Error("Genesys Cloud /api/v2/users/me answered without a user id");
        // Refuses another organization's account; keeps the queues this person may see.
        await recordSignInReach(client, tokens.access_token);
        return me;
      },
    },
    profile: (me) => ({ id: me.id!, name: me.name ?? me.username ?? me.id!, email: me.email ?? null }),
    // Keep only what is used: a refresh token, if one ever came, is dropped (a public client cannot use it).
    account: (tokens) => ({
      access_token: tokens.access_token,
      expires_at: tokens.expires_at,
      token_type: tokens.token_type,
      scope: tokens.scope,
    }),
    // The code exchange, recorded (redacted) when it happens inside a traced callback.
    [customFetch]: recordingFetch(setup.fetch ?? ((input, init) => fetch(input, init))),
  };
}

/** `DELETE /api/v2/tokens/me` with the user's token; a failure is logged, never thrown. */
async function revokeAtGenesys(setup: SignInSetup, accessToken: string | undefined): Promise<void> {
  if (!setup.available || !accessToken) return;
  try {
    await userClient(setup, accessToken).revokeToken();
  } catch (error) {
    // Already expired or revoked tokens land here too; either way the session cookie is cleared.
    console.warn(`[auth] the Genesys token could not be revoked at sign-out: ${safeLogText(describeError(error), 400)}`);
  }
}

/** One line per failure, for the server log: escaped and truncated (lib/auth/log.ts). */
function logAuthError(error: Error): void {
  console.error(authErrorLogLine(error));
}

export function buildAuthConfig(config: AppConfig, origin: string): NextAuthConfig {
  const setup = signInSetup(config);
  return {
    secret: authSecret(config),
    basePath: AUTH_BASE_PATH,
    trustHost: setup.trustHost,
    useSecureCookies: secureCookies(config, origin),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // Sign-in errors land on the app's own page, which says what went wrong in words.
    pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
    providers: setup.available ? [genesysProvider(setup, origin)] : [],
    logger: {
      error: logAuthError,
      warn: (code) => console.warn(authWarningLogLine(code)),
      debug: () => {},
    },
    callbacks: {
      /** What goes into the encrypted cookie: the token and the little the app shows. */
      jwt({ token, account, user }) {
        if (account) {
          const claims: SessionClaims = {
            sub: token.sub,
            name: user?.name ?? null,
            email: user?.email ?? null,
            genesysUserId: account.providerAccountId,
            accessToken: account.access_token,
            ...(typeof account.expires_at === "number" ? { expiresAt: account.expires_at * 1000 } : {}),
          };
          return claims;
        }
        const claims = token as SessionClaims;
        if (typeof claims.expiresAt === "number" && Date.now() >= claims.expiresAt) claims.error = "TokenExpired";
        return token;
      },
      /**
       * What `/api/auth/session` and `useSession` show the browser: name, email, id, expiry and an
       * error marker. Never the access token.
       */
      session({ session, token }) {
        const claims = token as SessionClaims;
        return {
          expires: session.expires,
          user: {
            id: claims.genesysUserId ?? "",
            name: claims.name ?? null,
            email: claims.email ?? "",
          },
          ...(typeof claims.expiresAt === "number" ? { tokenExpiresAt: new Date(claims.expiresAt).toISOString() } : {}),
          ...(claims.error ? { error: claims.error } : {}),
        } as typeof session;
      },
    },
    events: {
      /** Sign-out revokes the token at Genesys, then Auth.js clears the cookie. */
      async signOut(message) {
        const token = "token" in message ? (message.token as SessionClaims | null) : null;
        await revokeAtGenesys(setup, token?.accessToken);
      },
    },
  };
}
