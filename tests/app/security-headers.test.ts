import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config/env";
import {
  HSTS_VALUE,
  SIMULATOR_CSP,
  STATIC_SECURITY_HEADERS,
  createNonce,
  formActionOrigins,
  pageContentSecurityPolicy,
  securityHeadersFor,
  sendsHsts,
  servedOverHttps,
} from "@/lib/server/security-headers";

/** The policy as directive name -> its sources. */
function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) {
      expect(out.has(name), `${name} twice`).toBe(false);
      out.set(name, sources);
    }
  }
  return out;
}

const simulator = loadConfig({});
const realOrg = loadConfig({
  GENESYS_CLIENT_ID: "id",
  GENESYS_CLIENT_SECRET: "secret",
  GENESYS_REGION: "eu-west-1",
  GENESYS_PKCE_CLIENT_ID: "pkce",
  AUTH_URL: "https://dashboard.example.com/",
});

function page(options: { headers?: Record<string, string>; nodeEnv?: string; config?: typeof simulator } = {}) {
  return securityHeadersFor({
    page: true,
    headers: new Headers(options.headers),
    config: options.config ?? simulator,
    nodeEnv: options.nodeEnv ?? "production",
  });
}

describe("the pages' Content-Security-Policy", () => {
  it("has every directive of the strict policy, in production", () => {
    const { contentSecurityPolicy, nonce } = page();
    const d = directives(contentSecurityPolicy!);
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(d.get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(d.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
    expect(d.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(d.get("font-src")).toEqual(["'self'"]);
    expect(d.get("connect-src")).toEqual(["'self'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.has("upgrade-insecure-requests")).toBe(false);
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|\*/);
  });

  it("uses a fresh, unguessable nonce for every response", () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => createNonce()));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/); // 128 bits, base64
    const a = page();
    const b = page();
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.contentSecurityPolicy).toContain(`'nonce-${a.nonce}'`);
    expect(b.contentSecurityPolicy).not.toContain(a.nonce);
  });

  it("allows eval and unnonced inline styles in development only", () => {
    const dev = directives(page({ nodeEnv: "development" }).contentSecurityPolicy!);
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("script-src")).toContain("'strict-dynamic'");
    expect(dev.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    for (const nodeEnv of ["production", "test", undefined]) {
      const policy = securityHeadersFor({ page: true, headers: new Headers(), config: simulator, nodeEnv }).contentSecurityPolicy!;
      expect(policy, String(nodeEnv)).not.toContain("unsafe-eval");
      expect(directives(policy).get("style-src"), String(nodeEnv)).not.toContain("'unsafe-inline'");
    }
  });

  it("lets the sign-in form reach a real org's login host and AUTH_URL, and nothing else", () => {
    expect(formActionOrigins(simulator)).toEqual([]);
    expect(formActionOrigins(realOrg)).toEqual(["https://dashboard.example.com", "https://login.mypurecloud.ie"]);
    const d = directives(page({ config: realOrg }).contentSecurityPolicy!);
    expect(d.get("form-action")).toEqual(["'self'", "https://dashboard.example.com", "https://login.mypurecloud.ie"]);
    expect(d.get("connect-src")).toEqual(["'self'"]);
    // GENESYS_LOGIN_URL overrides the region's host; no sign-in client, no login host.
    const override = loadConfig({
      GENESYS_CLIENT_ID: "id",
      GENESYS_CLIENT_SECRET: "s",
      GENESYS_PKCE_CLIENT_ID: "p",
      GENESYS_LOGIN_URL: "http://127.0.0.1:4010/base",
    });
    expect(formActionOrigins(override)).toEqual(["http://127.0.0.1:4010"]);
    expect(formActionOrigins(loadConfig({ GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "s" }))).toEqual([]);
  });

  it("upgrades insecure requests only on a page the browser asked for over https", () => {
    expect(directives(page({ headers: { "x-forwarded-proto": "https" } }).contentSecurityPolicy!).has("upgrade-insecure-requests")).toBe(
      true,
    );
    expect(directives(page({ config: realOrg }).contentSecurityPolicy!).has("upgrade-insecure-requests")).toBe(false);
    expect(pageContentSecurityPolicy({ nonce: "n", development: false, https: true }).endsWith("; upgrade-insecure-requests")).toBe(true);
  });

  it("is not put on API routes", () => {
    const api = securityHeadersFor({ page: false, headers: new Headers(), config: simulator, nodeEnv: "production" });
    expect(api.contentSecurityPolicy).toBeUndefined();
    expect(api.nonce).toBeUndefined();
  });
});

describe("HSTS", () => {
  it("only in production, only over https (X-Forwarded-Proto or an https AUTH_URL)", () => {
    expect(page({ headers: { "x-forwarded-proto": "https" } }).strictTransportSecurity).toBe(HSTS_VALUE);
    expect(page({ headers: { "x-forwarded-proto": "https, http" } }).strictTransportSecurity).toBe(HSTS_VALUE);
    expect(page({ config: realOrg }).strictTransportSecurity).toBe(HSTS_VALUE);
    expect(page().strictTransportSecurity).toBeUndefined();
    expect(page({ headers: { "x-forwarded-proto": "http" } }).strictTransportSecurity).toBeUndefined();
    expect(page({ headers: { "x-forwarded-proto": "http, https" } }).strictTransportSecurity).toBeUndefined();
    for (const nodeEnv of ["development", "test"]) {
      expect(page({ nodeEnv, headers: { "x-forwarded-proto": "https" }, config: realOrg }).strictTransportSecurity).toBeUndefined();
    }
    // API routes get it too.
    const api = securityHeadersFor({
      page: false,
      headers: new Headers({ "x-forwarded-proto": "https" }),
      config: simulator,
      nodeEnv: "production",
    });
    expect(api.strictTransportSecurity).toBe(HSTS_VALUE);
    expect(HSTS_VALUE).toBe("max-age=63072000; includeSubDomains");
  });

  it("decides from the environment and the protocol", () => {
    expect(sendsHsts({ nodeEnv: "production", https: true })).toBe(true);
    expect(sendsHsts({ nodeEnv: "production", https: false })).toBe(false);
    expect(sendsHsts({ nodeEnv: "development", https: true })).toBe(false);
    expect(servedOverHttps(new Headers(), "https://x.example")).toBe(true);
    expect(servedOverHttps(new Headers(), "http://x.example")).toBe(false);
    expect(servedOverHttps(new Headers(), undefined)).toBe(false);
  });
});

describe("next.config.js", () => {
  type Rule = {
    source: string;
    has?: Array<{ type: string; key: string; value?: string }>;
    headers: Array<{ key: string; value: string }>;
  };
  async function rules(nodeEnv: string): Promise<Rule[]> {
    const previous = process.env.NODE_ENV;
    (process.env as Record<string, string>).NODE_ENV = nodeEnv;
    try {
      // By URL: TypeScript (allowJs off) need not type the JavaScript config.
      const url = new URL("../../next.config.js", import.meta.url).href;
      const config = ((await import(/* @vite-ignore */ url)) as { default: { headers: () => Promise<Rule[]> } }).default;
      return await config.headers();
    } finally {
      (process.env as Record<string, string | undefined>).NODE_ENV = previous;
    }
  }

  it("sends the same static headers on every path as lib/server/security-headers.ts says", async () => {
    const all = (await rules("production")).find((r) => r.source === "/:path*" && !r.has)!;
    expect(all.headers).toEqual(STATIC_SECURITY_HEADERS);
    const keys = all.headers.map((h) => h.key);
    expect(keys).not.toContain("Content-Security-Policy");
    expect(keys).not.toContain("Strict-Transport-Security");
  });

  it("gives the simulator's pages their own policy", async () => {
    const sim = (await rules("production")).find((r) => r.source === "/sim/:path*")!;
    expect(sim.headers).toEqual([{ key: "Content-Security-Policy", value: SIMULATOR_CSP }]);
    const d = directives(SIMULATOR_CSP);
    expect(d.get("default-src")).toEqual(["'none'"]);
    expect(d.has("script-src")).toBe(false); // no script at all
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
  });

  it("sends HSTS in a production build, when X-Forwarded-Proto is https", async () => {
    const hsts = (await rules("production")).filter((r) => r.headers.some((h) => h.key === "Strict-Transport-Security"));
    expect(hsts).toHaveLength(1);
    expect(hsts[0]!.headers).toEqual([{ key: "Strict-Transport-Security", value: HSTS_VALUE }]);
    const has = hsts[0]!.has!;
    expect(has).toHaveLength(1);
    expect(has[0]!.key).toBe("x-forwarded-proto");
    // Matched as Next.js does (prepare-destination.js matchHas: `^value$`).
    const matches = (value: string) => new RegExp(`^${has[0]!.value}$`).test(value);
    for (const value of ["https", "HTTPS", "https, http", "https,http"]) expect(matches(value), value).toBe(true);
    for (const value of ["http", "http, https", "httpsx", ""]) expect(matches(value), value).toBe(false);

    expect((await rules("development")).some((r) => r.headers.some((h) => h.key === "Strict-Transport-Security"))).toBe(false);
  });
});
