/**
 * Genesys Cloud regions and the hosts derived from them, as the official JavaScript SDK has them
 * (MyPureCloud/platform-client-sdk-javascript `build/src/purecloud-platform-client-v2/PureCloudRegionHosts.js`;
 * `configuration.js` `setEnvironment`: `https://api.<env>` and `https://login.<env>`).
 *
 * Not server-only: it holds no secret, and the configuration check and the teaching page both use it.
 */

/** Region key → environment domain, as in the SDKs' `PureCloudRegionHosts`. */
export const GENESYS_REGIONS = {
  us_east_1: "mypurecloud.com",
  eu_west_1: "mypurecloud.ie",
  ap_southeast_2: "mypurecloud.com.au",
  ap_northeast_1: "mypurecloud.jp",
  eu_central_1: "mypurecloud.de",
  us_west_2: "usw2.pure.cloud",
  ca_central_1: "cac1.pure.cloud",
  ap_northeast_2: "apne2.pure.cloud",
  eu_west_2: "euw2.pure.cloud",
  ap_south_1: "aps1.pure.cloud",
  us_east_2: "use2.us-gov-pure.cloud", // US government (FedRAMP)
  sa_east_1: "sae1.pure.cloud",
  me_central_1: "mec1.pure.cloud",
  ap_northeast_3: "apne3.pure.cloud",
  eu_central_2: "euc2.pure.cloud",
  mx_central_1: "mxc1.pure.cloud",
  ap_southeast_1: "apse1.pure.cloud",
  eusc_de_east_1: "edee1.eusc-pure.cloud",
} as const;

export type GenesysRegionKey = keyof typeof GENESYS_REGIONS;

export const DEFAULT_GENESYS_REGION: GenesysRegionKey = "us_east_1";

export type GenesysEnvironment = {
  /** The environment domain (`mypurecloud.ie`), or the host of an override URL. */
  environment: string;
  /** Base of `/oauth/token`, `/oauth/authorize`, `/logout`; no trailing slash. */
  loginUrl: string;
  /** Base of `/api/v2/...`; no trailing slash. */
  apiUrl: string;
};

export type GenesysEnvironmentInput = {
  /** `GENESYS_REGION`: a region key in either spelling (`eu-west-1`, `eu_west_1`) or a domain. */
  region?: string;
  /** `GENESYS_LOGIN_URL`: full base URL replacing `https://login.<env>`. */
  loginUrl?: string;
  /** `GENESYS_API_URL`: full base URL replacing `https://api.<env>`. */
  apiUrl?: string;
};

// A DNS name with at least one dot: what `setEnvironment` accepts once scheme and prefix are gone.
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

function regionKeyFor(value: string): GenesysRegionKey | undefined {
  const key = value.toLowerCase().replace(/-/g, "_");
  return Object.hasOwn(GENESYS_REGIONS, key) ? (key as GenesysRegionKey) : undefined;
}

/** Normalises a domain the way the JS SDK's `setEnvironment` does, and also drops `login.`. */
function bareDomain(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "")
    .replace(/^(api|login)\./, "");
}

function environmentDomain(region: string | undefined): string {
  const raw = region?.trim();
  if (!raw) return GENESYS_REGIONS[DEFAULT_GENESYS_REGION];
  const key = regionKeyFor(raw);
  if (key) return GENESYS_REGIONS[key];
  const domain = bareDomain(raw);
  if (DOMAIN.test(domain)) return domain;
  const keys = Object.keys(GENESYS_REGIONS)
    .map((k) => k.replace(/_/g, "-"))
    .join(", ");
  throw new Error(
    `GENESYS_REGION "${raw}" is neither a known region nor an environment domain. ` +
      `Use one of: ${keys} (dashes or underscores), or a domain such as mypurecloud.ie. ` +
      `For a local or proxied endpoint set GENESYS_LOGIN_URL and GENESYS_API_URL instead.`,
  );
}

/** Validates an override base URL: http(s) only, no credentials, query or fragment; no trailing slash. */
function overrideUrl(variable: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`${variable} must be an absolute http(s) URL, e.g. http://127.0.0.1:4010`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`${variable} must use http or https, not ${url.protocol.replace(/:$/, "")}`);
  }
  // Credentials in a URL end up in logs and in the exchanges the teaching page shows.
  if (url.username || url.password) throw new Error(`${variable} must not contain credentials`);
  if (url.search || url.hash) throw new Error(`${variable} must be a base URL without query or fragment`);
  return url;
}

function baseUrlString(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

export function resolveGenesysEnvironment(input: GenesysEnvironmentInput = {}): GenesysEnvironment {
  const login = input.loginUrl?.trim() ? overrideUrl("GENESYS_LOGIN_URL", input.loginUrl) : undefined;
  const api = input.apiUrl?.trim() ? overrideUrl("GENESYS_API_URL", input.apiUrl) : undefined;
  // With both overrides the region plays no part, so a bad one must not block a working setup.
  if (login && api) return { environment: api.host, loginUrl: baseUrlString(login), apiUrl: baseUrlString(api) };
  const domain = environmentDomain(input.region);
  return {
    // The data comes from the API host, so that names the environment.
    environment: api?.host ?? domain,
    loginUrl: login ? baseUrlString(login) : `https://login.${domain}`,
    apiUrl: api ? baseUrlString(api) : `https://api.${domain}`,
  };
}
