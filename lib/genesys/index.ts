import "server-only";

/** The typed path to Genesys Cloud: everything outside lib/genesys imports from here. */
export { createGenesysClient } from "./client";
export type { GenesysClient, GenesysClientOptions, RecordPage } from "./client";
export {
  GenesysError,
  GenesysApiError,
  GenesysAuthError,
  GenesysResponseError,
  GenesysTimeoutError,
  GenesysNetworkError,
  GenesysTokenExpiredError,
  GenesysJobError,
} from "./errors";
export { MemoryTokenCache, tokenCacheKey } from "./token-cache";
export type { TokenCache } from "./token-cache";
export type { Exchange, ExchangeListener } from "./exchange";
export { describeExchange, redactToken } from "./exchange";
export type { ClientStats } from "./transport";
export { readRecordPage } from "./record-page";
export { PageBuffer } from "./page-buffer";
export { createNodeFetch } from "./node-fetch";
export type { RawConversation } from "./record-page";
export { resolveGenesysEnvironment } from "./environments";
export type * from "./schemas";
