import "server-only";
/**
 * The app's connection to Genesys Cloud (or the embedded simulator): one per process, its tokens
 * shared through the store (Redis when set), and clients with a signed-in user's token on the
 * same hosts.
 */
import { createGenesysClient, type GenesysClient } from "@/lib/genesys";
import { getConfig } from "@/lib/config/env";
import { createReportingConnection, simulatorFetch, type ReportingConnection } from "./connection";
import { getEmbeddedSimulator } from "./embedded-simulator";
import { processSingleton } from "./singleton";
import { sharedTokenCache } from "./store";

/** The process's connection: one token cache, so one token per lifetime (shared through Redis when set). */
export function reportingConnection(): ReportingConnection {
  return processSingleton("reporting-connection", () =>
    createReportingConnection(getConfig(), {
      tokenCache: sharedTokenCache(),
      ...(getConfig().mode === "simulator" ? { simulator: getEmbeddedSimulator() } : {}),
    }),
  );
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
