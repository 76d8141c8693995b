/** The request path against the real simulator: rate limits, renewals, retries, malformed answers. */
import { describe, expect, it } from "vitest";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET } from "@/lib/sim";
import { createGenesysClient, GenesysApiError, GenesysNetworkError, GenesysResponseError, GenesysTimeoutError } from "@/lib/genesys";
import { SIM_BASE, setup, simFetch } from "./sim-client";

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("429 Too Many Requests", () => {
  it("does not retry before Retry-After has passed (real clock)", async () => {
    const { sim, client } = setup({}, { sleep: undefined }); // the real sleep
    await client.getTokenInfo(); // warm the token so only the API call is timed
    sim.faults.failNext({ status: 429, retryAfterSeconds: 1 });
    const started = performance.now();
    await client.listRoutingQueues();
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(client.stats()).toMatchObject({ rateLimited: 1, retries: 1 });
  });

  it("asks the sleep for exactly Retry-After, without jitter", async () => {
    const { sim, client, waits } = setup();
    sim.faults.failNext({ status: 429, retryAfterSeconds: 3, count: 2 });
    await client.getRoutingQueue((await client.listRoutingQueues())[0]!.id);
    expect(waits).toEqual([3000, 3000]);
    expect(client.stats().rateLimited).toBe(2);
  });

  it("fails at once when Retry-After is longer than it is worth waiting", async () => {
    const { sim, client, waits } = setup({}, { retry: { maxRateLimitWaitMs: 10_000 } });
    sim.faults.failNext({ status: 429, retryAfterSeconds: 60 });
    const error = await failure(client.getTokenInfo());
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ status: 429, code: "too.many.requests" });
    expect(waits).toEqual([]);
  });

  it("gives up after maxAttempts with the 429 as a GenesysApiError", async () => {
    const { sim, client, waits } = setup({}, { retry: { maxAttempts: 3 } });
    sim.faults.failNext({ status: 429, retryAfterSeconds: 1, count: 10 });
    const error = await failure(client.getTokenInfo());
    expect(error).toMatchObject({ name: "GenesysApiError", status: 429 });
    expect(waits).toHaveLength(2);
  });
});

describe("the caller's signal", () => {
  it("stops a rate-limit wait at once when the caller aborts", async () => {
    const { sim, client } = setup({}, { sleep: undefined });
    await client.getTokenInfo();
    sim.faults.failNext({ status: 429, retryAfterSeconds: 5 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await failure(client.listRoutingQueues({ signal: controller.signal }));
    expect((error as Error).name).toBe("AbortError");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("401 from the API", () => {
  it("renews the token exactly once and retries once", async () => {
    const { sim, client } = setup();
    await client.getTokenInfo();
    expect(sim.stats().tokenRequests).toBe(1);
    sim.expireAllTokens();
    const apiBefore = sim.stats().apiRequests;

    await client.getTokenInfo();
    expect(sim.stats().tokenRequests).toBe(2);
    expect(sim.stats().apiRequests - apiBefore).toBe(2);
    expect(client.stats()).toMatchObject({ tokenRequests: 2, retries: 1 });
  });

  it("shares one renewal among concurrent callers refused together", async () => {
    const { sim, client } = setup();
    await client.getTokenInfo();
    sim.expireAllTokens();
    await Promise.all(Array.from({ length: 20 }, () => client.getTokenInfo()));
    expect(sim.stats().tokenRequests).toBe(2);
  });

  it("does not renew twice: a second 401 is final", async () => {
    const { sim, client } = setup();
    await client.getTokenInfo();
    sim.faults.failNext({ status: 401, count: 2, pathPrefix: "/api/v2/" });
    const error = await failure(client.getTokenInfo());
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ status: 401 });
    expect(sim.stats().tokenRequests).toBe(2);
  });
});

describe("5xx, timeouts and lost connections", () => {
  it("backs off on 503 and then succeeds", async () => {
    const { sim, client, waits } = setup({}, { retry: { baseDelayMs: 100, maxDelayMs: 250 } });
    await client.getTokenInfo();
    sim.faults.failNext({ status: 503, count: 3, pathPrefix: "/api/v2/routing" });
    const queues = await client.listRoutingQueues();
    expect(queues.length).toBeGreaterThan(0);
    expect(waits).toHaveLength(3);
    // Full jitter under ceilings of 100, 200, 250 (capped).
    waits.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan([100, 200, 250][i]!);
    });
    expect(client.stats().retries).toBe(3);
  });

  it("gives up after maxAttempts with code and correlation id", async () => {
    const { sim, client, waits } = setup({}, { retry: { maxAttempts: 3 } });
    await client.getTokenInfo();
    const before = sim.stats().apiRequests;
    sim.faults.failNext({ status: 503, count: 10, pathPrefix: "/api/v2/" });
    const error = await failure(client.getTokenInfo());
    expect(error).toBeInstanceOf(GenesysApiError);
    const apiError = error as GenesysApiError;
    expect(apiError.status).toBe(503);
    expect(apiError.code).toBe("service.unavailable");
    expect(apiError.correlationId).toMatch(/\S+/);
    expect(apiError.method).toBe("GET");
    expect(apiError.path).toBe("/api/v2/tokens/me");
    expect(sim.stats().apiRequests - before).toBe(3);
    expect(waits).toHaveLength(2);
    sim.faults.clear();
  });

  it("fails other 4xx at once, with the platform's ErrorBody", async () => {
    const { sim, client, waits } = setup();
    const error = await failure(client.getRoutingQueue("00000000-0000-0000-0000-000000000000"));
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ status: 404, code: "not.found" });
    expect((error as GenesysApiError).body.status).toBe(404);
    expect(waits).toEqual([]);
    expect(sim.stats().apiRequests).toBe(1);
  });

  it("times out each attempt and retries, then reports a GenesysTimeoutError", async () => {
    const { sim, client } = setup({}, { timeoutMs: 40, retry: { maxAttempts: 2 } });
    sim.faults.set({ latencyMs: 300 });
    const started = performance.now();
    const error = await failure(client.getTokenInfo());
    expect(error).toBeInstanceOf(GenesysTimeoutError);
    expect(performance.now() - started).toBeLessThan(250);
    expect(client.stats().tokenRequests).toBe(2);
  });

  it("turns a refused connection into GenesysNetworkError after retrying", async () => {
    const client = createGenesysClient({
      loginUrl: "http://127.0.0.1:9",
      apiUrl: "http://127.0.0.1:9",
      credentials: { clientId: "id", clientSecret: "secret" },
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await failure(client.getTokenInfo());
    expect(error).toBeInstanceOf(GenesysNetworkError);
    expect(client.stats()).toMatchObject({ tokenRequests: 2, retries: 1 });
  });
});

describe("malformed answers", () => {
  it("reports a 2xx body that is not JSON as GenesysResponseError, without retrying", async () => {
    const { sim, client } = setup();
    await client.getTokenInfo();
    const before = sim.stats().apiRequests;
    sim.faults.failNext({ malformed: true, pathPrefix: "/api/v2/routing" });
    const error = await failure(client.listRoutingQueues());
    expect(error).toBeInstanceOf(GenesysResponseError);
    expect((error as GenesysResponseError).issues.length).toBeGreaterThan(0);
    expect(sim.stats().apiRequests - before).toBe(1);
  });

  it("reports a body that does not match the schema with the failing paths", async () => {
    // A real simulator answer of the wrong shape: /tokens/me's TokenInfo where a UserMe
    // (whose `version` is required) is expected.
    const { sim } = setup();
    const user = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: (input, init) => {
        const url = String(input).replace("/api/v2/users/me", "/api/v2/tokens/me");
        return simFetch(sim)(url, init);
      },
    });
    const error = await failure(user.getUserMe());
    expect(error).toBeInstanceOf(GenesysResponseError);
    expect((error as GenesysResponseError).message).toContain("version");
    expect((error as GenesysResponseError).message).not.toContain("OAuthClient");
  });
});

describe("stats", () => {
  it("counts API calls and token requests and keeps the latest rate-limit headers", async () => {
    const { client } = setup({ rateLimitPerMinute: 300 });
    expect(client.stats()).toEqual({ apiCalls: 0, tokenRequests: 0, retries: 0, rateLimited: 0, rateLimit: null });
    await client.getTokenInfo();
    await client.getTokenInfo();
    const stats = client.stats();
    expect(stats).toMatchObject({ apiCalls: 2, tokenRequests: 1, retries: 0, rateLimited: 0 });
    expect(stats.rateLimit).toMatchObject({ allowed: 300, count: 2 });
    expect(stats.rateLimit?.resetSeconds).toBeGreaterThanOrEqual(0);
  });
});
