import "server-only";

/** The typed path to Genesys Cloud: everything outside lib/genesys imports from here. */
export { createGenesysClient } from "./client";
export type { GenesysClient, GenesysClientOptions, GenesysDetailsJobs, JobResultsPage, RecordPage, WaitOptions } from "./client";
export { GenesysHttp, createGenesysHttp, buildQueryString, DEFAULT_TIMEOUT_MS } from "./http";
export type { GenesysHttpOptions, HttpMethod, Query, RequestSpec } from "./http";
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
export type { CachedToken, TokenCache } from "./token-cache";
export type { AccessTokenProvider, Grant } from "./tokens";
export { DEFAULT_RETRY } from "./retry";
export type { RetryOptions, Sleep } from "./retry";
export type { Exchange, ExchangeListener } from "./exchange";
export { describeExchange, redactAuthorization, redactToken } from "./exchange";
export type { ClientStats, RateLimitObservation } from "./transport";
export type { PacingOptions, PacingStats } from "./pacing";
export { readRecordPage, RecordList } from "./record-page";
export { PageBuffer } from "./page-buffer";
export { createNodeFetch } from "./node-fetch";
export type { RawConversation, RawRecordPage } from "./record-page";
export { resolveGenesysEnvironment, GENESYS_REGIONS, DEFAULT_GENESYS_REGION } from "./environments";
export type { GenesysEnvironment, GenesysEnvironmentInput, GenesysRegionKey } from "./environments";
export type * from "./schemas";
