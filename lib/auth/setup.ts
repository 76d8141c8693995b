import "server-only";
/**
 * Whether "Sign in with Genesys Cloud" can work with this configuration, and where it goes.
 *
 * - Simulator mode: always on, with the demo public client `sim-pkce-client`. The browser is sent
 *   to the app's own `/sim/oauth/authorize`; the server's token exchange and API calls go to the
 *   same embedded simulator in-process (never over the network to whatever host a request named).
 * - A real org: on when GENESYS_PKCE_CLIENT_ID is set, against the same login/API hosts as the
 *   client-credentials side (GENESYS_REGION or the URL overrides). Off otherwise, with the reason.
 */
import { SIMULATOR_BASE_PATH, SIMULATOR_BASE_URL, simulatorFetch } from "@/lib/server/connection";
import { getEmbeddedSimulator } from "@/lib/server/embedded-simulator";
import type { AppConfig } from "@/lib/config/env";
import { resolveGenesysEnvironment } from "@/lib/genesys";
import { SIM_PKCE_CLIENT_ID } from "@/lib/sim";

/**
 * What the user-delegated report needs and no more (queues and their aggregates, and users/me
 * for the profile). Genesys intersects them with the user's own permissions. Set
 * explicitly: Auth.js v5 would otherwise ask for `openid profile email`.
 */
export const GENESYS_SIGN_IN_SCOPES = ["analytics:readonly", "routing:readonly", "users:readonly"] as const;

export type SignInSetup =
  | {
      available: true;
      mode: AppConfig["mode"];
      environment: string;
      clientId: string;
      /** Where the server exchanges codes (`/oauth/token`) and revokes tokens. */
      loginUrl: string;
      /** Where the server calls `/api/v2/*` with the user's token. */
      apiUrl: string;
      /** Where the browser is sent to sign in; for the simulator, relative to the app's origin. */
      authorizeUrl: (origin: string) => string;
      /** Whether Auth.js may trust the request's Host to build the callback URL. */
      trustHost: boolean;
      /** The embedded simulator's in-process fetch; undefined for a real org (global fetch). */
      fetch?: typeof fetch;
    }
  | { available: false; reason: string; trustHost: boolean };

export function signInSetup(config: AppConfig): SignInSetup {
  if (config.mode === "simulator") {
    return {
      available: true,
      mode: "simulator",
      environment: "simulator",
      clientId: config.genesys.pkceClientId ?? SIM_PKCE_CLIENT_ID,
      loginUrl: SIMULATOR_BASE_URL,
      apiUrl: SIMULATOR_BASE_URL,
      authorizeUrl: (origin) => `${new URL(origin).origin}${SIMULATOR_BASE_PATH}/oauth/authorize`,
      // Safe here: a forged Host only redirects the forger's own browser, and the embedded
      // simulator accepts no redirect URI but the callback on the origin the browser came to.
      trustHost: true,
      fetch: simulatorFetch(getEmbeddedSimulator()),
    };
  }
  const trustHost = Boolean(config.authUrl || config.authTrustHost || process.env.VERCEL || process.env.NODE_ENV !== "production");
  if (!config.genesys.pkceClientId) {
    return {
      available: false,
      trustHost,
      reason:
        "Sign-in is off: GENESYS_PKCE_CLIENT_ID is not set. Create a Code Authorization (PKCE, public) OAuth client in Genesys Cloud and set its id to let people sign in.",
    };
  }
  if (!trustHost) {
    return {
      available: false,
      trustHost,
      reason:
        "Sign-in is off: set AUTH_URL to this app's public URL (e.g. https://dashboard.example.com), or AUTH_TRUST_HOST=true behind a proxy that sets the Host header, so the sign-in callback URL cannot be forged.",
    };
  }
  const env = resolveGenesysEnvironment(config.genesys);
  return {
    available: true,
    mode: "genesys",
    environment: env.environment,
    clientId: config.genesys.pkceClientId,
    loginUrl: env.loginUrl,
    apiUrl: env.apiUrl,
    authorizeUrl: () => `${env.loginUrl}/oauth/authorize`,
    trustHost,
  };
}
