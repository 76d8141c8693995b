import "server-only";
/**
 * The embedded simulator: with no credentials set, the app and the commands talk to it in-process
 * (lib/server/connection.ts). Its own module, so a command against a real org never loads it (the
 * simulator's HTTP framework and WebSocket server cost ~100 ms of start-up): the commands import it
 * only in simulator mode (cli/config.ts, `commandConnection`).
 */
import { GENESYS_CALLBACK_PATH, genesysRedirectUri } from "@/lib/config/auth-paths";
import { getConfig } from "@/lib/config/env";
import { DEFAULT_OPTIONS, createSimulator, simulatorOptionsFromEnv, type Simulator } from "@/lib/sim";
import { SIMULATOR_BASE_PATH } from "./connection";
import { processSingleton } from "./singleton";

/** The process's one embedded simulator: OAuth codes and tokens must be shared by every route. */
export function getEmbeddedSimulator(): Simulator {
  return processSingleton("embedded-simulator", () => {
    const fromEnv = simulatorOptionsFromEnv(process.env);
    return createSimulator({
      ...fromEnv,
      redirectUris: fromEnv.redirectUris ?? embeddedRedirectUris(),
      // The demo signs in on whatever host and port the browser used, with no AUTH_URL: the
      // sign-in client also accepts the app's callback on the origin the authorize request came
      // to (its Host header). Real orgs, and the standalone simulator, match registered URIs only.
      sameOriginCallbackPath: GENESYS_CALLBACK_PATH,
      basePath: SIMULATOR_BASE_PATH,
    });
  });
}

/**
 * The sign-in client's registered redirect URIs when SIM_REDIRECT_URIS is not set: the
 * simulator's defaults plus the app's own callback when AUTH_URL names it (a public URL the
 * Host header may not show, behind a proxy).
 */
function embeddedRedirectUris(): string[] {
  const authUrl = getConfig().authUrl;
  const uris = [...DEFAULT_OPTIONS.redirectUris];
  if (authUrl && !uris.includes(genesysRedirectUri(authUrl))) uris.push(genesysRedirectUri(authUrl));
  return uris;
}
