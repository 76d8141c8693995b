import "server-only";
/**
 * Who the app talks to. With real credentials: the org's `login.`/`api.` hosts (or the URL
 * overrides). Without: the built-in simulator, called in-process, so a newcomer's dashboard,
 * the report command and the tests work with no network and no ports.
 */
import {
  MemoryTokenCache,
  createGenesysClient,
  tokenCacheKey,
  resolveGenesysEnvironment,
  type GenesysClient,
  type GenesysClientOptions,
  type TokenCache,
} from "@/lib/genesys";
import type { QueueReportSource } from "@/lib/model/queue-report";
import { GENESYS_CALLBACK_PATH, genesysRedirectUri } from "@/lib/config/auth-paths";
import { DEFAULT_OPTIONS, SIM_CLIENT_ID, SIM_CLIENT_SECRET, createSimulator, simulatorOptionsFromEnv, type Simulator } from "@/lib/sim";
import { getConfig, type AppConfig } from "@/lib/config/env";
import { processSingleton } from "./singleton";
import { sharedTokenCache } from "./store";

/** Where the embedded simulator is mounted in the app (`app/sim/[...path]`). */
export const SIMULATOR_BASE_PATH = "/sim";
/** The base URL the in-process simulator answers on; requests never leave the process. */
export const SIMULATOR_BASE_URL = `http://simulator.local${SIMULATOR_BASE_PATH}`;

export type ReportingConnection = {
  mode: AppConfig["mode"];
  environment: string;
  loginUrl: string;
  apiUrl: string;
  /** The process's shared client-credentials client. */
  client: GenesysClient;
  /**
   * A fresh client with its own counters, sharing the token cache (a refresh counts its own
   * calls); `onExchange` records what it sends (the teaching page's traces).
   */
  createClient(options?: Pick<GenesysClientOptions, "onExchange">): GenesysClient;
  /** The client-credentials source stamped on every report this connection makes. */
  source: QueueReportSource;
  /**
   * Every credential this connection may have sent: the secret, the Basic header's value and the
   * cached access token. A trace is scrubbed of all of them before it is stored.
   */
  knownSecrets(): Promise<string[]>;
  simulator?: Simulator;
};

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

/** The process's connection: one token cache, so one token per lifetime (shared through Redis when set). */
export function reportingConnection(): ReportingConnection {
  return processSingleton("reporting-connection", () => createReportingConnection(getConfig(), { tokenCache: sharedTokenCache() }));
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

/** A `fetch` that hands requests to an in-process simulator. */
export function simulatorFetch(simulator: Simulator): typeof fetch {
  return (input, init) => simulator.fetch(input instanceof Request && !init ? input : new Request(input, init));
}

export function createReportingConnection(
  config: AppConfig = getConfig(),
  options: {
    simulator?: Simulator;
    tokenCache?: TokenCache;
    /** How this caller's clients behave (an export paces itself and waits longer on failures). */
    client?: Pick<GenesysClientOptions, "pacing" | "retry" | "timeoutMs" | "sleep" | "clock" | "fetch">;
  } = {},
): ReportingConnection {
  const tokenCache = options.tokenCache ?? new MemoryTokenCache();
  const secretsOf = (loginUrl: string, clientId: string, clientSecret: string) => async () => {
    const token = await tokenCache.get(tokenCacheKey(loginUrl, clientId)).catch(() => null);
    return [clientSecret, Buffer.from(`${clientId}:${clientSecret}`).toString("base64"), ...(token ? [token.accessToken] : [])];
  };
  const connect = (clientOptions: GenesysClientOptions) => {
    // The caller's options first: the mode's own (the simulator's in-process fetch) win.
    const createClient = (extra: Pick<GenesysClientOptions, "onExchange"> = {}) =>
      createGenesysClient({ ...options.client, ...clientOptions, ...extra, tokenCache });
    return { client: createClient(), createClient };
  };
  if (config.mode === "simulator") {
    const simulator = options.simulator ?? getEmbeddedSimulator();
    return {
      mode: "simulator",
      environment: "simulator",
      loginUrl: SIMULATOR_BASE_URL,
      apiUrl: SIMULATOR_BASE_URL,
      simulator,
      ...connect({
        loginUrl: SIMULATOR_BASE_URL,
        apiUrl: SIMULATOR_BASE_URL,
        credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
        fetch: simulatorFetch(simulator),
      }),
      source: { mode: "simulator", environment: "simulator", grant: "client_credentials" },
      knownSecrets: secretsOf(SIMULATOR_BASE_URL, SIM_CLIENT_ID, SIM_CLIENT_SECRET),
    };
  }
  const env = resolveGenesysEnvironment(config.genesys);
  return {
    mode: "genesys",
    environment: env.environment,
    loginUrl: env.loginUrl,
    apiUrl: env.apiUrl,
    ...connect({
      loginUrl: env.loginUrl,
      apiUrl: env.apiUrl,
      credentials: { clientId: config.genesys.clientId!, clientSecret: config.genesys.clientSecret! },
    }),
    source: { mode: "genesys", environment: env.environment, grant: "client_credentials" },
    knownSecrets: secretsOf(env.loginUrl, config.genesys.clientId!, config.genesys.clientSecret!),
  };
}

/** A Genesys client with the user's token: the same hosts as the client-credentials side (region or URL overrides). */
export function userTokenClient(accessToken: string): GenesysClient {
  const connection = reportingConnection();
  return createGenesysClient({
    loginUrl: connection.loginUrl,
    apiUrl: connection.apiUrl,
    accessToken,
    ...(connection.simulator ? { fetch: simulatorFetch(connection.simulator) } : {}),
  });
}
