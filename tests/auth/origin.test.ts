import { describe, expect, it } from "vitest";
import { appOrigin, forwardedOrigin } from "@/lib/auth/origin";
import { genesysRedirectUri, hasSessionCookie, safeReturnPath } from "@/lib/config/auth-paths";

describe("the app's origin for sign-in", () => {
  it("prefers AUTH_URL over anything a request says", () => {
    const h = new Headers({ host: "evil.example", "x-forwarded-proto": "http" });
    expect(appOrigin("https://dash.example.com/some/path", h, "http://127.0.0.1:3000/")).toBe("https://dash.example.com");
  });

  it("otherwise uses the forwarded host and protocol, keeping 127.0.0.1 as the browser sent it", () => {
    expect(appOrigin(undefined, new Headers({ host: "127.0.0.1:3100" }), "http://localhost:3100/x")).toBe("http://127.0.0.1:3100");
    expect(forwardedOrigin(new Headers({ host: "a", "x-forwarded-host": "dash.example.com", "x-forwarded-proto": "https" }), "http:")).toBe(
      "https://dash.example.com",
    );
  });

  it("refuses hosts that are not host names", () => {
    for (const host of ["evil.example/path", "a b", "evil.example@x", "", "x:99999999"]) {
      expect(forwardedOrigin(new Headers({ host }), "http:"), host).toBeNull();
    }
    expect(appOrigin(undefined, new Headers({ host: "bad/host" }), "http://127.0.0.1:3000/")).toBe("http://127.0.0.1:3000");
  });

  it("builds the exact redirect URI", () => {
    expect(genesysRedirectUri("https://dash.example.com/")).toBe("https://dash.example.com/api/auth/callback/genesys");
    expect(genesysRedirectUri("http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000/api/auth/callback/genesys");
  });
});

describe("where to return after signing in", () => {
  it("accepts only same-site absolute paths", () => {
    expect(safeReturnPath("/me?view=today")).toBe("/me?view=today");
    for (const bad of ["//evil.example", "https://evil.example/", "/\\evil.example", "me", "", undefined, "/x\u0000"]) {
      expect(safeReturnPath(bad, "/fallback"), String(bad)).toBe("/fallback");
    }
  });
});

describe("hasSessionCookie", () => {
  it("recognises the plain, __Secure- and chunked names only", () => {
    expect(hasSessionCookie(["authjs.session-token"])).toBe(true);
    expect(hasSessionCookie(["__Secure-authjs.session-token.0"])).toBe(true);
    expect(hasSessionCookie(["authjs.csrf-token", "session-token"])).toBe(false);
  });
});

describe("AUTH_URL and AUTH_TRUST_HOST in the environment", () => {
  it("are validated at start-up", async () => {
    const { loadConfig } = await import("@/lib/config/env");
    expect(() => loadConfig({ AUTH_URL: "dashboard.example.com" })).toThrow(/AUTH_URL must be a full http\(s\) URL/);
    expect(() => loadConfig({ AUTH_TRUST_HOST: "maybe" })).toThrow(/AUTH_TRUST_HOST must be true or false/);
    expect(loadConfig({ AUTH_URL: "https://dash.example.com", AUTH_TRUST_HOST: "true" })).toMatchObject({
      authUrl: "https://dash.example.com",
      authTrustHost: true,
    });
    expect(loadConfig({}).authTrustHost).toBe(false);
  });
});
