import "server-only";
/**
 * Who the app talks to. With real credentials: the org's `login.`/`api.` hosts (or the URL
 * overrides). Without: the built-in simulator, called in-process, so a newcomer's dashboard,
 * the report command and the tests work with no network and no ports.
 *
 * This module loads neither the simulator nor the store: the caller passes them (the app's
 * process-wide connection is lib/server/app-connection.ts; the commands' is cli/config.ts), so
 * a command against a real org starts without either.
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
import { getConfig, type AppConfig } from "@/lib/config/env";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET } from "@/lib/sim/oauth";
import type { Simulator } from "@/lib/sim/simulator";

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
    const simulator = options.simulator;
    if (!simulator) throw new Error("simulator mode: pass the embedded simulator (lib/server/embedded-simulator.ts)");
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
