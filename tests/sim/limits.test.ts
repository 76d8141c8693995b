import { describe, expect, it } from "vitest";
import { errorBody } from "@/lib/genesys/schemas";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, createSimulator, simulatorOptionsFromEnv } from "@/lib/sim";
import { BASE, api, basic, clientToken, testSim } from "./helpers";

describe("rate limits", () => {
  it("puts inin-ratelimit-* and ININ-Correlation-Id on every answer, success or error", async () => {
    const sim = testSim({ rateLimitPerMinute: 300 });
    const token = await clientToken(sim);
    const answers = [
      await api(sim, token, "GET", "/api/v2/routing/queues"),
      await api(sim, token, "GET", "/api/v2/users/me"),
      await api(sim, null, "GET", "/api/v2/routing/queues"),
      await api(sim, token, "GET", "/api/v2/unknown"),
    ];
    for (const a of answers) {
      expect(a.headers.get("inin-ratelimit-allowed")).toBe("300");
      expect(Number(a.headers.get("inin-ratelimit-count"))).toBeGreaterThan(0);
      expect(Number(a.headers.get("inin-ratelimit-reset"))).toBeGreaterThan(0);
      expect(a.headers.get("ININ-Correlation-Id")).toMatch(/^[0-9a-f]{8}-/);
    }
    expect(answers[0]!.headers.get("inin-ratelimit-count")).toBe("1");
    expect(answers[1]!.headers.get("inin-ratelimit-count")).toBe("2");
  });

  it("answers 429 too.many.requests with Retry-After once a token exceeds its per-minute limit, then recovers", async () => {
    let now = Date.UTC(2026, 0, 15, 12);
    const sim = createSimulator({ now: () => now, rateLimitPerMinute: 5 });
    const token = await clientToken(sim);
    for (let i = 0; i < 5; i++) expect((await api(sim, token, "GET", "/api/v2/routing/queues")).status).toBe(200);
    now += 20_000;
    const limited = await api(sim, token, "GET", "/api/v2/routing/queues");
    expect(limited.status).toBe(429);
    expect(errorBody.parse(limited.json).code).toBe("too.many.requests");
    expect(limited.headers.get("Retry-After")).toBe("40");
    expect(limited.headers.get("inin-ratelimit-reset")).toBe("40");
    expect(limited.headers.get("inin-ratelimit-count")).toBe("6");
    // Another token has its own window.
    const other = await clientToken(sim);
    expect((await api(sim, other, "GET", "/api/v2/routing/queues")).status).toBe(200);
    now += 40_000;
    expect((await api(sim, token, "GET", "/api/v2/routing/queues")).status).toBe(200);
  });

  it("can be switched off (0) and changed at run time", async () => {
    const sim = testSim({ rateLimitPerMinute: 0 });
    const token = await clientToken(sim);
    for (let i = 0; i < 20; i++) expect((await api(sim, token, "GET", "/api/v2/tokens/me")).status).toBe(200);
    sim.faults.set({ rateLimitPerMinute: 21 });
    expect((await api(sim, token, "GET", "/api/v2/tokens/me")).status).toBe(200);
    expect((await api(sim, token, "GET", "/api/v2/tokens/me")).status).toBe(429);
  });
});

describe("faults", () => {
  it("failNext answers the scripted status the next `count` times on matching paths only", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    sim.faults.failNext({ status: 503, count: 2, pathPrefix: "/api/v2/routing" });
    expect((await api(sim, token, "GET", "/api/v2/tokens/me")).status).toBe(200);
    const first = await api(sim, token, "GET", "/api/v2/routing/queues");
    expect(first.status).toBe(503);
    expect(errorBody.parse(first.json).code).toBe("service.unavailable");
    expect((await api(sim, token, "GET", "/api/v2/routing/queues")).status).toBe(503);
    expect((await api(sim, token, "GET", "/api/v2/routing/queues")).status).toBe(200);
  });

  it("failNext 429 carries Retry-After and a too.many.requests body", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    sim.faults.failNext({ status: 429, retryAfterSeconds: 1 });
    const res = await api(sim, token, "GET", "/api/v2/routing/queues");
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("1");
    expect(res.json.code).toBe("too.many.requests");
    expect(res.json.message).toContain("[1]");
  });

  it("malformed answers 200 with a body that is not JSON; the token endpoint can be targeted", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    sim.faults.failNext({ malformed: true });
    const res = await api(sim, token, "GET", "/api/v2/routing/queues");
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.text)).toThrow();
    sim.faults.failNext({ status: 401, pathPrefix: "/oauth/token" });
    const tokenRes = await sim.fetch(
      new Request(`${BASE}/oauth/token`, {
        method: "POST",
        headers: { Authorization: basic(SIM_CLIENT_ID, SIM_CLIENT_SECRET) },
        body: "grant_type=client_credentials",
      }),
    );
    expect(tokenRes.status).toBe(401);
    expect(((await tokenRes.json()) as { error: string }).error).toBe("invalid_client");
    expect(await clientToken(sim)).toBeTruthy();
  });

  it("errorRate makes that share of API answers 503, and latency delays answers", async () => {
    const sim = testSim({ errorRate: 0.5, rateLimitPerMinute: 0 });
    const token = await clientToken(sim);
    let failures = 0;
    for (let i = 0; i < 200; i++) if ((await api(sim, token, "GET", "/api/v2/tokens/me")).status === 503) failures++;
    expect(failures).toBeGreaterThan(60);
    expect(failures).toBeLessThan(140);
    sim.faults.clear();
    expect(sim.options.errorRate).toBe(0.5); // clear() restores the starting options
    sim.faults.set({ errorRate: 0, latencyMs: 60 });
    const t = performance.now();
    expect((await api(sim, token, "GET", "/api/v2/tokens/me")).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(55);
  });

  it("expireAllTokens: every issued token answers 401; a fresh token works", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    sim.expireAllTokens();
    const res = await api(sim, token, "GET", "/api/v2/routing/queues");
    expect(res.status).toBe(401);
    expect(res.json.code).toBe("credentials.expired");
    expect((await api(sim, await clientToken(sim), "GET", "/api/v2/routing/queues")).status).toBe(200);
  });

  it("set() refuses unknown or invalid settings", () => {
    const sim = testSim();
    expect(() => sim.faults.set({ errorRate: 2 })).toThrow(/errorRate/);
    expect(() => sim.faults.set({ seed: 1 } as never)).toThrow(/seed/);
  });

  it("counts token and API requests by route", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    await api(sim, token, "GET", "/api/v2/routing/queues");
    await api(sim, token, "GET", `/api/v2/routing/queues/${sim.org.queues[0]!.id}`);
    await api(sim, token, "GET", `/api/v2/routing/queues/${sim.org.queues[1]!.id}`);
    const s = sim.stats();
    expect(s.tokenRequests).toBe(1);
    expect(s.apiRequests).toBe(3);
    expect(s.byRoute["GET /api/v2/routing/queues/{queueId}"]).toBe(2);
    sim.resetStats();
    expect(sim.stats()).toEqual({
      tokenRequests: 0,
      apiRequests: 0,
      byRoute: {},
      webSockets: {
        channelsCreated: 0,
        subscriptionCalls: 0,
        connections: 0,
        refused: 0,
        open: 0,
        events: 0,
        heartbeats: 0,
        closedByServer: 0,
      },
    });
  });
});

describe("admin endpoints and mounting", () => {
  it("are off by default and work with admin: true", async () => {
    const off = testSim();
    expect((await off.fetch(new Request(`${BASE}/__sim/stats`))).status).toBe(404);
    const sim = testSim({ admin: true });
    const token = await clientToken(sim);
    const set = await sim.fetch(
      new Request(`${BASE}/__sim/faults`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ latencyMs: 0, failNext: { status: 500 } }),
      }),
    );
    expect(set.status).toBe(200);
    expect((await api(sim, token, "GET", "/api/v2/tokens/me")).status).toBe(500);
    await sim.fetch(new Request(`${BASE}/__sim/expire-tokens`, { method: "POST" }));
    expect((await api(sim, token, "GET", "/api/v2/tokens/me")).status).toBe(401);
    const stats = (await (await sim.fetch(new Request(`${BASE}/__sim/stats`))).json()) as { tokenRequests: number };
    expect(stats.tokenRequests).toBe(1);
    const bad = await sim.fetch(new Request(`${BASE}/__sim/faults`, { method: "POST", body: JSON.stringify({ errorRate: 7 }) }));
    expect(bad.status).toBe(400);
  });

  it("serves under a basePath and 404s outside it", async () => {
    const sim = testSim({ basePath: "/sim" });
    const res = await sim.fetch(
      new Request(`${BASE}/sim/oauth/token`, {
        method: "POST",
        headers: { Authorization: basic(SIM_CLIENT_ID, SIM_CLIENT_SECRET) },
        body: "grant_type=client_credentials",
      }),
    );
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const queues = await sim.fetch(
      new Request(`${BASE}/sim/api/v2/routing/queues?pageSize=5`, { headers: { Authorization: `Bearer ${access_token}` } }),
    );
    expect(queues.status).toBe(200);
    expect(((await queues.json()) as { nextUri?: string }).nextUri).toMatch(/^\/api\/v2\/routing\/queues\?/);
    const outside = await sim.fetch(new Request(`${BASE}/oauth/token`, { method: "POST" }));
    expect(outside.status).toBe(404);
    expect(outside.headers.get("ININ-Correlation-Id")).toBeTruthy();
  });
});

/** Next's types make NODE_ENV required in ProcessEnv; these are partial environments. */
const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

describe("simulatorOptionsFromEnv", () => {
  it("reads the SIM_* variables and names the variable on a bad value", () => {
    expect(
      simulatorOptionsFromEnv(
        env({
          SIM_SEED: "7",
          SIM_QUEUES: "20",
          SIM_VOLUME: "1.5",
          SIM_REDIRECT_URIS: "http://a.test/cb, http://b.test/cb",
          SIM_ADMIN: "true",
          SIM_OAUTH_ERROR_STATUS: "401",
          SIM_TIME_ZONE: "Europe/Dublin",
        }),
      ),
    ).toEqual({
      seed: 7,
      queueCount: 20,
      volume: 1.5,
      redirectUris: ["http://a.test/cb", "http://b.test/cb"],
      admin: true,
      oauthErrorStatus: 401,
      timeZone: "Europe/Dublin",
    });
    expect(simulatorOptionsFromEnv(env({}))).toEqual({});
    expect(() => simulatorOptionsFromEnv(env({ SIM_QUEUES: "lots" }))).toThrow(/SIM_QUEUES/);
    expect(() => simulatorOptionsFromEnv(env({ SIM_QUEUES: "3" }))).toThrow(/SIM_QUEUES/);
    expect(() => simulatorOptionsFromEnv(env({ SIM_ERROR_RATE: "1.5" }))).toThrow(/SIM_ERROR_RATE/);
    expect(() => simulatorOptionsFromEnv(env({ SIM_OAUTH_ERROR_STATUS: "403" }))).toThrow(/SIM_OAUTH_ERROR_STATUS/);
    expect(() => simulatorOptionsFromEnv(env({ SIM_TIME_ZONE: "Mars/Olympus" }))).toThrow(/SIM_TIME_ZONE/);
  });

  it("reads the idle token timeout and the details interval rule", () => {
    expect(simulatorOptionsFromEnv(env({ SIM_IDLE_TOKEN_TIMEOUT: "900", SIM_DETAILS_REQUIRE_ACTIVITY: "1" }))).toEqual({
      idleTokenTimeoutSeconds: 900,
      detailsQueryRequiresActivity: true,
    });
    expect(simulatorOptionsFromEnv(env({ SIM_IDLE_TOKEN_TIMEOUT: "0" }))).toEqual({ idleTokenTimeoutSeconds: 0 });
    expect(() => simulatorOptionsFromEnv(env({ SIM_IDLE_TOKEN_TIMEOUT: "60" }))).toThrow(/SIM_IDLE_TOKEN_TIMEOUT.*300/);
    expect(() => simulatorOptionsFromEnv(env({ SIM_IDLE_TOKEN_TIMEOUT: "30000" }))).toThrow(/SIM_IDLE_TOKEN_TIMEOUT/);
    expect(() => simulatorOptionsFromEnv(env({ SIM_IDLE_TOKEN_TIMEOUT: "1.5" }))).toThrow(/SIM_IDLE_TOKEN_TIMEOUT/);
    expect(() => simulatorOptionsFromEnv(env({ SIM_DETAILS_REQUIRE_ACTIVITY: "sometimes" }))).toThrow(/SIM_DETAILS_REQUIRE_ACTIVITY/);
  });

  it("SIM_NOW starts the clock at that instant, then it runs: the same traffic on every run", async () => {
    const { now } = simulatorOptionsFromEnv(env({ SIM_NOW: "2026-11-26T12:00:00Z" }));
    const first = now!();
    expect(first).toBeGreaterThanOrEqual(Date.parse("2026-11-26T12:00:00Z"));
    expect(first).toBeLessThan(Date.parse("2026-11-26T12:00:05Z"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(now!()).toBeGreaterThan(first);
    expect(() => simulatorOptionsFromEnv(env({ SIM_NOW: "yesterday" }))).toThrow(/SIM_NOW/);
  });
});
