/**
 * The security headers: a nonce-based Content-Security-Policy for the pages (built per request by
 * proxy.ts, as Next.js documents it: node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md),
 * and the headers every response carries (next.config.js sets those, for the routes the proxy
 * does not run on too; tests/app/security-headers.test.ts keeps the two copies equal).
 *
 * Next.js reads the nonce from the request's Content-Security-Policy header while it renders and
 * puts it on its own scripts, so a nonce needs dynamic rendering: every page already renders per
 * request (`connection()`, and the site header reads the session).
 *
 * No server-only import: proxy.ts, next.config.js's test and the unit tests all use it.
 */
import type { AppConfig } from "@/lib/config/env";
import { resolveGenesysEnvironment } from "@/lib/genesys/environments";

/** Two years, subdomains included (the value hstspreload.org asks for, without `preload`). */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** On every response (pages, API routes, the simulator, static files): see next.config.js. */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/**
 * The embedded simulator's pages (/sim/*, outside the proxy; set by next.config.js). Its HTML
 * (lib/sim/oauth.ts) has one inline <style> and no script; its forms post to /sim/oauth/authorize,
 * which redirects to the app's callback on the same origin.
 */
export const SIMULATOR_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** 128 random bits, base64: unguessable and new for every response. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export type PageCspOptions = {
  nonce: string;
  /** `next dev`: React's error stacks need eval, the dev overlay injects <style> elements. */
  development: boolean;
  /** The browser asked for the page over https (X-Forwarded-Proto): http subresources are upgraded. */
  https: boolean;
  /**
   * Where a form may go besides this origin, including where its answer redirects: the sign-in
   * button's server action answers a no-JavaScript submit with a 303 to the Genesys login page,
   * and Chromium checks form-action against that redirect too.
   */
  formActionOrigins?: readonly string[];
};

/** The pages' policy, one line. */
export function pageContentSecurityPolicy(options: PageCspOptions): string {
  const { nonce, development } = options;
  const directives: string[] = [
    "default-src 'self'",
    // 'strict-dynamic': the scripts Next.js loads (chunks) are trusted through its nonce'd ones;
    // 'self' is only a fallback for browsers without CSP 3.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // <style> elements: only Next.js's own (nonce'd) and the stylesheets. In development the dev
    // overlay's styles carry no nonce ('unsafe-inline' is ignored beside a nonce, so no nonce there).
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    // style="…" attributes: the pages' server-rendered bar widths and colours, recharts' SVG.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...(options.formActionOrigins ?? [])].join(" "),
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Whether the TLS-terminating proxy in front says the browser used https (first X-Forwarded-Proto). */
export function forwardedHttps(headers: Headers): boolean {
  return (headers.get("x-forwarded-proto") ?? "").split(",")[0]!.trim().toLowerCase() === "https";
}

/**
 * Whether the app is served over https: the proxy in front says so, or AUTH_URL (its public URL)
 * is https. HSTS sent over plain http is ignored by browsers, so AUTH_URL alone is enough.
 */
export function servedOverHttps(headers: Headers, authUrl: string | undefined): boolean {
  return forwardedHttps(headers) || /^https:/i.test(authUrl ?? "");
}

/** HSTS: production only (never pin a developer's localhost to https), and only over https. */
export function sendsHsts(options: { nodeEnv: string | undefined; https: boolean }): boolean {
  return options.nodeEnv === "production" && options.https;
}

/**
 * The origins besides 'self' the app's forms may end up on: AUTH_URL's (the app's public origin,
 * where sign-in callbacks go) and, with a real org's sign-in, its login host (`https://login.<env>`
 * or GENESYS_LOGIN_URL). The simulator's sign-in page is on the app's own origin.
 */
export function formActionOrigins(config: Pick<AppConfig, "mode" | "authUrl" | "genesys">): string[] {
  const origins = new Set<string>();
  if (config.authUrl) origins.add(new URL(config.authUrl).origin);
  if (config.mode === "genesys" && config.genesys.pkceClientId) {
    try {
      origins.add(new URL(resolveGenesysEnvironment(config.genesys).loginUrl).origin);
    } catch {
      // An unusable region fails the configuration check at start-up; sign-in cannot start anyway.
    }
  }
  return [...origins];
}

export type PageSecurityHeaders = {
  /** For the page (undefined on API routes: JSON needs no policy). */
  contentSecurityPolicy?: string;
  nonce?: string;
  strictTransportSecurity?: string;
};

/**
 * What the proxy adds to one response (the static headers come from next.config.js). `page`:
 * an HTML page rather than an API route.
 */
export function securityHeadersFor(options: {
  page: boolean;
  headers: Headers;
  config: Pick<AppConfig, "mode" | "authUrl" | "genesys">;
  nodeEnv: string | undefined;
  nonce?: string;
}): PageSecurityHeaders {
  const out: PageSecurityHeaders = {};
  if (sendsHsts({ nodeEnv: options.nodeEnv, https: servedOverHttps(options.headers, options.config.authUrl) })) {
    out.strictTransportSecurity = HSTS_VALUE;
  }
  if (options.page) {
    const nonce = options.nonce ?? createNonce();
    out.nonce = nonce;
    out.contentSecurityPolicy = pageContentSecurityPolicy({
      nonce,
      development: options.nodeEnv === "development",
      // Not from AUTH_URL: a page fetched over plain http would have its own resources upgraded.
      https: forwardedHttps(options.headers),
      formActionOrigins: cachedFormActionOrigins(options.config),
    });
  }
  return out;
}

// The configuration is one object per process (getConfig): its origins are worked out once.
const originsByConfig = new WeakMap<object, string[]>();
function cachedFormActionOrigins(config: Pick<AppConfig, "mode" | "authUrl" | "genesys">): string[] {
  let origins = originsByConfig.get(config);
  if (!origins) {
    origins = formActionOrigins(config);
    originsByConfig.set(config, origins);
  }
  return origins;
}
