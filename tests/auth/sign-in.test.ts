import { decode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { queueReportSchema } from "@/lib/model/queue-report";
import { freshApp, get } from "../app/api/helpers";
import { CookieJar, ORIGIN, appRequest, authHandlers, chooseUser, sessionCookie, signInAs, startSignIn } from "./flow";

const SECRET = "test-auth-secret-0123456789abcdef0123456789";
const CRON = "a-cron-secret-of-decent-length";
// Yesterday (UTC), a whole settled day inside the simulator's history: where both grants see a
// queue, the numbers are exactly equal.
const DAY_MS = 86_400_000;
const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const PAST = `interval=${new Date(today - DAY_MS).toISOString()}/${new Date(today).toISOString()}&granularity=PT1H`;

let app: Awaited<ReturnType<typeof freshApp>> | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
  vi.restoreAllMocks();
  vi.useRealTimers();
});

async function me(jar: CookieJar, query = "view=last-24h"): Promise<Response> {
  const { GET } = await import("@/app/api/me/reports/queues/route");
  return GET(new Request(`${ORIGIN}/api/me/reports/queues?${query}`, { headers: { cookie: jar.header() } }));
}

async function claims(jar: CookieJar, name = "authjs.session-token"): Promise<Record<string, unknown>> {
  const value = jar.cookies.get(name);
  const decoded = await decode({ token: value, secret: SECRET, salt: name });
  return decoded as Record<string, unknown>;
}

describe("Sign in with Genesys Cloud (authorization code + PKCE) on the simulator", () => {
  it("sends the browser to the simulator with PKCE S256, state, the public client, explicit scopes and the exact redirect URI", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const handlers = await authHandlers();
    const jar = new CookieJar();
    const url = await startSignIn(handlers, jar);
    expect(`${url.origin}${url.pathname}`).toBe(`${ORIGIN}/sim/oauth/authorize`);
    const p = url.searchParams;
    expect(p.get("response_type")).toBe("code");
    expect(p.get("client_id")).toBe("sim-pkce-client");
    expect(p.get("redirect_uri")).toBe(`${ORIGIN}/api/auth/callback/genesys`);
    expect(p.get("code_challenge_method")).toBe("S256");
    expect(p.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get("state")).toBeTruthy();
    // Not Auth.js v5's default "openid profile email".
    expect(p.get("scope")).toBe("analytics:readonly routing:readonly users:readonly");
    expect(p.has("client_secret")).toBe(false);
    // The verifier and state ride in encrypted HttpOnly cookies, never in the URL.
    expect(jar.find(/authjs\.pkce\.code_verifier$/)).toBeTruthy();
    expect(jar.find(/authjs\.state$/)).toBeTruthy();
  });

  it("signs in the supervisor: the token is only inside the encrypted cookie, never in /api/auth/session", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const handlers = await authHandlers();
    const jar = new CookieJar();
    const callback = await signInAs(handlers, app.simulator, jar, "supervisor");
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe(`${ORIGIN}/me`);
    expect(sessionCookie(jar)).toBe("authjs.session-token");
    // One-shot checks are spent.
    expect(jar.find(/pkce|state/)).toBeUndefined();

    const inside = await claims(jar);
    const accessToken = inside.accessToken as string;
    expect(accessToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(inside.refreshToken).toBeUndefined();
    expect(inside.name).toBe("Sam Supervisor");
    expect(typeof inside.expiresAt).toBe("number");
    // The cookie itself is a JWE: the token is not readable in it.
    expect(jar.cookies.get("authjs.session-token")).not.toContain(accessToken);

    const session = await handlers.GET(appRequest("/api/auth/session", jar));
    const text = await session.text();
    expect(JSON.parse(text)).toMatchObject({ user: { name: "Sam Supervisor" } });
    expect(text).not.toContain(accessToken);
    expect(text).not.toMatch(/access_?token/i);

    const report = await me(jar);
    expect(report.status).toBe(200);
    expect(report.headers.get("cache-control")).toBe("private, no-store");
    const body = queueReportSchema.parse(await report.json());
    expect(body.source.grant).toBe("authorization_code");
    expect(body.principal).toEqual({ id: inside.genesysUserId, name: "Sam Supervisor" });
    expect(JSON.stringify(body)).not.toContain(accessToken);
  });

  it("the agent sees fewer queues; where both see a queue the numbers equal the client-credentials report", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const handlers = await authHandlers();
    const { GET: reports } = await import("@/app/api/reports/queues/route");
    const appReport = queueReportSchema.parse(await (await reports(get(`/api/reports/queues?${PAST}`))).json());

    const supervisor = new CookieJar();
    await signInAs(handlers, app.simulator, supervisor, "supervisor");
    const sam = queueReportSchema.parse(await (await me(supervisor, PAST)).json());
    const agent = new CookieJar();
    await signInAs(handlers, app.simulator, agent, "agent");
    const alex = queueReportSchema.parse(await (await me(agent, PAST)).json());

    expect(sam.queues.map((q) => q.queueId).sort()).toEqual(appReport.queues.map((q) => q.queueId).sort());
    expect(sam.totals).toEqual(appReport.totals);
    expect(sam.totals.offered).toBeGreaterThan(0);
    expect(alex.principal?.name).toBe("Alex Agent");
    expect(alex.queues.length).toBeGreaterThan(0);
    expect(alex.queues.length).toBeLessThan(appReport.queues.length);
    for (const q of alex.queues) {
      expect(q.totals).toEqual(appReport.queues.find((a) => a.queueId === q.queueId)!.totals);
    }
  });

  it("the /me comparison runs both grants for the identical window and marks the queues the user cannot see", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const handlers = await authHandlers();
    const jar = new CookieJar();
    await signInAs(handlers, app.simulator, jar, "agent");
    const { readUserSession } = await import("@/lib/auth/session");
    const { myComparison } = await import("@/lib/reports/user-report");
    const session = (await readUserSession(new Headers({ cookie: jar.header() })))!;
    const { mine, app: cc, comparison } = await myComparison(session, { kind: "view", view: "last-24h" }, "test-client");
    expect(mine.interval).toBe(cc.interval);
    expect(comparison.sameWindow).toBe(true);
    expect(mine.source.grant).toBe("authorization_code");
    expect(cc.source.grant).toBe("client_credentials");
    expect(comparison.counts["app-only"]).toBe(cc.queues.length - mine.queues.length);
    expect(comparison.counts["app-only"]).toBeGreaterThan(0);
    expect(comparison.counts["user-only"]).toBe(0);
  });

  it("generates an AUTH_SECRET per process when none is set, announcing it without printing it", async () => {
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    app = await freshApp({ AUTH_SECRET: "" });
    const handlers = await authHandlers();
    const jar = new CookieJar();
    expect((await signInAs(handlers, app.simulator, jar, "supervisor")).status).toBe(302);
    expect((await me(jar)).status).toBe(200);
    const notices = info.mock.calls.map((c) => String(c[0])).filter((m) => m.includes("AUTH_SECRET"));
    expect(notices).toHaveLength(1);
    const { authSecret } = await import("@/lib/auth/secret");
    const { getConfig } = await import("@/lib/config/env");
    expect(notices[0]).not.toContain(authSecret(getConfig()));
  });
});

describe("the callback refuses what it did not start", () => {
  async function refused(response: Response, tokenRequestsBefore: number, expectTokenRequest: boolean) {
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(new RegExp(`^${ORIGIN}/signin\\?error=`));
    expect(
      response.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token=") && !c.startsWith("authjs.session-token=;")),
    ).toBe(false);
    expect(app!.simulator.stats().tokenRequests - tokenRequestsBefore).toBe(expectTokenRequest ? 1 : 0);
  }

  async function approved(user: "supervisor" | "agent" = "supervisor") {
    const handlers = await authHandlers();
    const jar = new CookieJar();
    const url = await startSignIn(handlers, jar);
    const back = new URL((await chooseUser(app!.simulator, url, user)).headers.get("location")!);
    return { handlers, jar, back };
  }

  it("a wrong state", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const { handlers, jar, back } = await approved();
    back.searchParams.set("state", "forged-state");
    const before = app.simulator.stats().tokenRequests;
    await refused(await handlers.GET(appRequest(back.toString(), jar)), before, false);
  });

  it("a missing state", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const { handlers, jar, back } = await approved();
    back.searchParams.delete("state");
    const before = app.simulator.stats().tokenRequests;
    await refused(await handlers.GET(appRequest(back.toString(), jar)), before, false);
  });

  it("a callback whose state cookie is gone (started in another browser: login CSRF)", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const { handlers, jar, back } = await approved();
    jar.cookies.delete(jar.find(/authjs\.state$/)!);
    const before = app.simulator.stats().tokenRequests;
    await refused(await handlers.GET(appRequest(back.toString(), jar)), before, false);
  });

  it("a tampered PKCE cookie", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const { handlers, jar, back } = await approved();
    jar.cookies.set(jar.find(/pkce\.code_verifier$/)!, "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..tampered");
    const before = app.simulator.stats().tokenRequests;
    await refused(await handlers.GET(appRequest(back.toString(), jar)), before, false);
  });

  it("a code obtained for another code_verifier: the simulator refuses the exchange and the app shows its error page", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const handlers = await authHandlers();
    const victim = new CookieJar();
    const victimUrl = await startSignIn(handlers, victim);
    const attacker = new CookieJar();
    await startSignIn(handlers, attacker);
    // The victim's code and state, the attacker's verifier.
    const back = new URL((await chooseUser(app.simulator, victimUrl, "supervisor")).headers.get("location")!);
    const mixed = victim.clone();
    const pkce = attacker.find(/pkce\.code_verifier$/)!;
    mixed.cookies.set(pkce, attacker.cookies.get(pkce)!);
    const before = app.simulator.stats().tokenRequests;
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await handlers.GET(appRequest(back.toString(), mixed));
    await refused(response, before, true);
    // The reason is in the server log (the simulator's invalid_grant), not in the browser.
    expect(errors.mock.calls.flat().map(String).join("\n")).toMatch(
      /CallbackRouteError because .*invalid_grant \(code_verifier does not match the code_challenge\)/,
    );
    expect(response.headers.get("location")).toBe(`${ORIGIN}/signin?error=Configuration`);
  });

  it("the simulator refuses a token exchange with a wrong code_verifier", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const { back } = await approved();
    const res = await app.simulator.fetch(
      new Request(`${ORIGIN}/sim/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          client_id: "sim-pkce-client",
          code: back.searchParams.get("code")!,
          redirect_uri: `${ORIGIN}/api/auth/callback/genesys`,
          code_verifier: "x".repeat(64),
        }).toString(),
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: "invalid_grant",
      error_description: "code_verifier does not match the code_challenge",
    });
  });
});

describe("redirect URIs match exactly", () => {
  it("the simulator refuses an authorization request for an unregistered redirect URI", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const handlers = await authHandlers();
    const url = await startSignIn(handlers, new CookieJar());
    for (const redirect of [
      "http://evil.example/api/auth/callback/genesys",
      `${ORIGIN}/api/auth/callback/genesys/`,
      `${ORIGIN}/api/auth/callback/genesys?x=1`,
    ]) {
      url.searchParams.set("redirect_uri", redirect);
      const res = await app.simulator.fetch(new Request(url));
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("Redirect URI not registered");
    }
  });

  it("a request claiming another host cannot make the simulator send codes there", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const handlers = await authHandlers();
    const jar = new CookieJar();
    const url = await startSignIn(handlers, jar, "http://evil.example:3000");
    expect(url.searchParams.get("redirect_uri")).toBe("http://evil.example:3000/api/auth/callback/genesys");
    const res = await app.simulator.fetch(new Request(url));
    expect(res.status).toBe(400);
  });

  it("the app's own AUTH_URL callback is registered with the embedded simulator (the e2e server on :3100)", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET, AUTH_URL: "http://127.0.0.1:3100" });
    expect(app.simulator.options.redirectUris).toContain("http://127.0.0.1:3100/api/auth/callback/genesys");
    const handlers = await authHandlers();
    const jar = new CookieJar();
    const callback = await signInAs(handlers, app.simulator, jar, "supervisor", "http://127.0.0.1:3100");
    expect(callback.headers.get("location")).toBe("http://127.0.0.1:3100/me");
  });

  it("with no AUTH_URL, the demo signs in on any port: the embedded simulator takes the callback of the origin the browser came to", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET, AUTH_URL: "" });
    const origin = "http://127.0.0.1:45123";
    const handlers = await authHandlers();
    const url = await startSignIn(handlers, new CookieJar(), origin);
    expect(url.searchParams.get("redirect_uri")).toBe(`${origin}/api/auth/callback/genesys`);
    expect(app.simulator.options.redirectUris).not.toContain(`${origin}/api/auth/callback/genesys`);
    const page = await app.simulator.fetch(new Request(url, { headers: { host: "127.0.0.1:45123" } }));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("choose a demo user");
    // Sent to another origin than the one the browser addressed, or to another path: refused.
    const elsewhere = await app.simulator.fetch(new Request(url, { headers: { host: "127.0.0.1:45124" } }));
    expect(elsewhere.status).toBe(400);
    const otherPath = new URL(url);
    otherPath.searchParams.set("redirect_uri", `${origin}/api/auth/callback/other`);
    expect((await app.simulator.fetch(new Request(otherPath, { headers: { host: "127.0.0.1:45123" } }))).status).toBe(400);
    // The whole flow ends signed in, back on that origin.
    const callback = await signInAs(handlers, app.simulator, new CookieJar(), "supervisor", origin);
    expect(callback.headers.get("location")).toBe(`${origin}/me`);
  });

  it("a token exchange must repeat the authorization request's redirect URI", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const { back } = await (async () => {
      const handlers = await authHandlers();
      const jar = new CookieJar();
      const url = await startSignIn(handlers, jar);
      return { back: new URL((await chooseUser(app!.simulator, url, "agent")).headers.get("location")!) };
    })();
    const res = await app.simulator.fetch(
      new Request(`${ORIGIN}/sim/oauth/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "authorization_code",
          client_id: "sim-pkce-client",
          code: back.searchParams.get("code")!,
          redirect_uri: "http://localhost:3000/api/auth/callback/genesys",
          code_verifier: "y".repeat(64),
        }).toString(),
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: "invalid_grant",
      error_description: "redirect_uri does not match the authorization request",
    });
  });
});

describe("session cookies", () => {
  const flags = (jar: CookieJar, name: RegExp) => jar.seen.filter((c) => name.test(c.name) && c.value !== "");

  it("are HttpOnly and SameSite=Lax over http (local simulator)", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const handlers = await authHandlers();
    const jar = new CookieJar();
    await signInAs(handlers, app.simulator, jar, "supervisor");
    const cookies = flags(jar, /authjs/);
    expect(cookies.map((c) => c.name)).toEqual(
      expect.arrayContaining(["authjs.session-token", "authjs.state", "authjs.pkce.code_verifier", "authjs.csrf-token"]),
    );
    for (const c of cookies) {
      expect(c.attributes.httponly, c.name).toBe(true);
      expect(String(c.attributes.samesite).toLowerCase(), c.name).toBe("lax");
      expect(c.attributes.path, c.name).toBe("/");
    }
  });

  it("are also Secure, with __Secure-/__Host- names, for an https AUTH_URL", async () => {
    const origin = "https://dashboard.example.com";
    app = await freshApp({ AUTH_SECRET: SECRET, AUTH_URL: origin });
    const handlers = await authHandlers();
    const jar = new CookieJar();
    const callback = await signInAs(handlers, app.simulator, jar, "supervisor", origin);
    expect(callback.headers.get("location")).toBe(`${origin}/me`);
    const cookies = flags(jar, /authjs/);
    expect(cookies.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        "__Secure-authjs.session-token",
        "__Secure-authjs.state",
        "__Secure-authjs.pkce.code_verifier",
        "__Host-authjs.csrf-token",
      ]),
    );
    for (const c of cookies) {
      expect(c.attributes.secure, c.name).toBe(true);
      expect(c.attributes.httponly, c.name).toBe(true);
      expect(String(c.attributes.samesite).toLowerCase(), c.name).toBe("lax");
    }
    // And the server reads the session back from the Secure cookie.
    const { GET } = await import("@/app/api/me/reports/queues/route");
    const res = await GET(new Request(`${origin}/api/me/reports/queues`, { headers: { cookie: jar.header() } }));
    expect(res.status).toBe(200);
  });

  it("are Secure for a real org in production whatever the request's scheme", async () => {
    const { loadConfig } = await import("@/lib/config/env");
    const { secureCookies } = await import("@/lib/auth/session");
    vi.stubEnv("NODE_ENV", "production");
    const real = loadConfig({
      GENESYS_CLIENT_ID: "id",
      GENESYS_CLIENT_SECRET: "secret",
      GENESYS_PKCE_CLIENT_ID: "pkce",
      AUTH_SECRET: SECRET,
      NODE_ENV: "production",
    });
    expect(secureCookies(real, "http://10.0.0.5:3000")).toBe(true);
    const { buildAuthConfig } = await import("@/lib/auth/config");
    const config = buildAuthConfig({ ...real, authUrl: "https://dash.example.com" }, "https://dash.example.com");
    expect(config.useSecureCookies).toBe(true);
    expect(config.session).toMatchObject({ strategy: "jwt" });
    vi.unstubAllEnvs();
  });
});

describe("expired and revoked tokens (PKCE: no refresh token)", () => {
  it("past its expires_in the session is marked expired: 401 token_expired, no call to Genesys", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    app.simulator.faults.set({ tokenLifetimeSeconds: 1 });
    const handlers = await authHandlers();
    const jar = new CookieJar();
    await signInAs(handlers, app.simulator, jar, "supervisor");
    await new Promise((r) => setTimeout(r, 1600));
    const before = app.simulator.stats().apiRequests;
    const res = await me(jar);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("token_expired");
    expect(app.simulator.stats().apiRequests).toBe(before);
    const session = await (await handlers.GET(appRequest("/api/auth/session", jar))).json();
    expect(session.error).toBe("TokenExpired");
  });

  it("a token Genesys refuses (401) is token_expired too, and never falls back to client credentials", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const handlers = await authHandlers();
    const jar = new CookieJar();
    await signInAs(handlers, app.simulator, jar, "agent");
    expect((await me(jar)).status).toBe(200);
    const tokensBefore = app.simulator.stats().tokenRequests;
    app.simulator.expireAllTokens();
    const res = await me(jar, "view=today");
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatchObject({ code: "token_expired" });
    expect(app.simulator.stats().tokenRequests).toBe(tokensBefore);
  });
});

describe("sign-out", () => {
  it("revokes the token at Genesys (DELETE /api/v2/tokens/me) and clears the session", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const handlers = await authHandlers();
    const jar = new CookieJar();
    await signInAs(handlers, app.simulator, jar, "supervisor");
    const accessToken = (await claims(jar)).accessToken as string;
    const tokensMe = () =>
      app!.simulator.fetch(new Request(`${ORIGIN}/sim/api/v2/tokens/me`, { headers: { authorization: `Bearer ${accessToken}` } }));
    expect((await tokensMe()).status).toBe(200);

    const csrf = await handlers.GET(appRequest("/api/auth/csrf", jar));
    jar.store(csrf);
    const { csrfToken } = await csrf.json();
    const out = await handlers.POST(
      appRequest("/api/auth/signout", jar, {
        method: "POST",
        body: new URLSearchParams({ csrfToken, callbackUrl: "/signin?signedOut=1" }),
      }),
    );
    jar.store(out);
    expect(out.status).toBe(302);
    expect(sessionCookie(jar)).toBeUndefined();
    expect(app.simulator.stats().byRoute["DELETE /api/v2/tokens/me"]).toBe(1);
    expect((await tokensMe()).status).toBe(401);
    expect((await me(jar)).status).toBe(401);
  });
});

describe("DASHBOARD_ACCESS=signed-in", () => {
  it("no report route answers without a session; health and the cron bearer still work", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET, DASHBOARD_ACCESS: "signed-in", CRON_SECRET: CRON });
    const { GET: reports } = await import("@/app/api/reports/queues/route");
    const { GET: cron } = await import("@/app/api/cron/refresh/route");
    const { GET: health } = await import("@/app/api/health/route");
    expect((await cron(get("/api/cron/refresh", { authorization: `Bearer ${CRON}` }))).status).toBe(200);
    expect((await cron(get("/api/cron/refresh"))).status).toBe(401);
    const anonymous = await health(get("/api/health"));
    expect(anonymous.status).toBe(200);
    // A monitor without a session learns the status and mode, not the refresh's times or errors.
    expect(Object.keys(await anonymous.json()).sort()).toEqual(["mode", "status"]);
    const signedIn = new CookieJar();
    await signInAs(await authHandlers(), app.simulator, signedIn, "agent");
    expect(await (await health(get("/api/health", { cookie: signedIn.header() }))).json()).toHaveProperty("lastRefresh");

    const forged = new CookieJar();
    forged.cookies.set("authjs.session-token", "forged");
    for (const jar of [new CookieJar(), forged]) {
      for (const url of ["/api/reports/queues", "/api/reports/queues?view=today", `/api/reports/queues?${PAST}`]) {
        const res = await reports(get(url, { cookie: jar.header() }));
        expect(res.status, url).toBe(401);
        expect((await res.json()).error.code).toBe("unauthenticated");
      }
      expect((await me(jar)).status).toBe(401);
    }
    const calls = app.simulator.stats();

    const handlers = await authHandlers();
    const jar = new CookieJar();
    await signInAs(handlers, app.simulator, jar, "agent");
    expect((await reports(get("/api/reports/queues?view=last-24h", { cookie: jar.header() }))).status).toBe(200);
    expect((await me(jar)).status).toBe(200);
    expect(calls.apiRequests).toBeGreaterThan(0); // the cron ran; the refused calls added nothing
  });

  it("an expired sign-in no longer opens the dashboard", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET, DASHBOARD_ACCESS: "signed-in" });
    app.simulator.faults.set({ tokenLifetimeSeconds: 1 });
    const handlers = await authHandlers();
    const jar = new CookieJar();
    await signInAs(handlers, app.simulator, jar, "supervisor");
    await new Promise((r) => setTimeout(r, 1600));
    const { GET: reports } = await import("@/app/api/reports/queues/route");
    const res = await reports(get("/api/reports/queues?view=last-24h", { cookie: jar.header() }));
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("token_expired");
  });

  it("proxy.ts sends pages to sign-in and answers API routes 401, and lets sign-in, health, cron and the simulator through", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET, DASHBOARD_ACCESS: "signed-in" });
    const { proxy } = await import("@/proxy");
    const page = proxy(new NextRequest(`${ORIGIN}/queues/abc?view=today`));
    expect(page.status).toBe(307);
    // Absolute here (NextURL says localhost for 127.0.0.1); Next.js makes same-host redirects relative.
    const location = new URL(page.headers.get("location")!);
    expect(`${location.pathname}${location.search}`).toBe("/signin?callbackUrl=%2Fqueues%2Fabc%3Fview%3Dtoday");
    const res = proxy(new NextRequest(`${ORIGIN}/api/me/reports/queues`));
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthenticated");
    for (const path of [
      "/signin",
      "/api/auth/csrf",
      "/api/auth/callback/genesys?code=x",
      "/api/health",
      "/api/cron/refresh",
      "/sim/oauth/authorize",
    ]) {
      expect(proxy(new NextRequest(`${ORIGIN}${path}`)).headers.get("x-middleware-next"), path).toBe("1");
    }
    // A session cookie is only looked at, not trusted: the page and route check it for real.
    expect(proxy(new NextRequest(`${ORIGIN}/`, { headers: { cookie: "authjs.session-token=x" } })).headers.get("x-middleware-next")).toBe(
      "1",
    );
  });

  it("proxy.ts runs for pages and new routes, not for the open routes or the hot snapshot route (which checks itself)", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const { config } = await import("@/proxy");
    // The matcher is a plain regular expression path (no named parameters).
    const matcher = new RegExp(`^${config.matcher[0]}$`);
    for (const path of ["/", "/me", "/queues/abc", "/api/me/reports/queues", "/api/something-new"])
      expect(matcher.test(path), path).toBe(true);
    for (const path of [
      "/api/reports/queues",
      "/api/auth/session",
      "/api/health",
      "/api/cron/refresh",
      "/sim/oauth/authorize",
      "/_next/static/x.js",
    ]) {
      expect(matcher.test(path), path).toBe(false);
    }
  });

  it("proxy.ts lets everything through in public mode", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const { proxy } = await import("@/proxy");
    expect(proxy(new NextRequest(`${ORIGIN}/api/reports/queues`)).headers.get("x-middleware-next")).toBe("1");
  });
});
