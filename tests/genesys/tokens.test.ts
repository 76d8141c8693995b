/** Tokens against the real simulator: single flight, caching, refusals, the user-delegated provider. */
import { describe, expect, it } from "vitest";
import { createSimulator, SIM_CLIENT_ID, SIM_CLIENT_SECRET } from "@/lib/sim";
import {
  createGenesysClient,
  GenesysAuthError,
  GenesysTokenExpiredError,
  MemoryTokenCache,
  tokenCacheKey,
  type Exchange,
} from "@/lib/genesys";
import { SIM_BASE, setup, simFetch } from "./sim-client";

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

/** A token minted by the simulator outside the client, as a sign-in would hand one over. */
async function mintToken(sim: ReturnType<typeof createSimulator>): Promise<string> {
  const response = await simFetch(sim)(`${SIM_BASE}/oauth/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${btoa(`${SIM_CLIENT_ID}:${SIM_CLIENT_SECRET}`)}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

describe("client-credentials tokens", () => {
  it("fifty concurrent calls on a cold cache make exactly one token request", async () => {
    const { sim, client } = setup();
    await Promise.all(Array.from({ length: 50 }, () => client.getTokenInfo()));
    expect(sim.stats().tokenRequests).toBe(1);
    expect(client.stats()).toMatchObject({ tokenRequests: 1, apiCalls: 50 });
  });

  it("reuses the token across calls until shortly before it expires", async () => {
    // 1 s lifetime: renewed 10 % early, i.e. after about 900 ms.
    const { sim, client } = setup({ tokenLifetimeSeconds: 1 });
    await client.getTokenInfo();
    await client.getTokenInfo();
    await client.listRoutingQueues();
    expect(sim.stats().tokenRequests).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 950));
    await client.getTokenInfo();
    expect(sim.stats().tokenRequests).toBe(2);
    // Renewed before the simulator ever had to refuse it.
    expect(client.stats().retries).toBe(0);
  });

  it("sends HTTP Basic and grant_type=client_credentials to <login>/oauth/token", async () => {
    const exchanges: Exchange[] = [];
    const { client } = setup({}, { onExchange: (e) => exchanges.push(e) });
    await client.getTokenInfo();
    const token = exchanges.find((e) => e.kind === "token")!;
    expect(token).toMatchObject({ method: "POST", url: `${SIM_BASE}/oauth/token`, status: 200, attempt: 1 });
    expect(token.requestHeaders.authorization).toBe("Basic …(redacted)");
    expect(token.requestBody).toBe("grant_type=client_credentials");
  });

  it("a bad secret is a GenesysAuthError that never shows the secret", async () => {
    const secret = "definitely-wrong-secret-value";
    for (const oauthErrorStatus of [400, 401] as const) {
      const sim = createSimulator({ oauthErrorStatus });
      const client = createGenesysClient({
        loginUrl: SIM_BASE,
        apiUrl: SIM_BASE,
        credentials: { clientId: SIM_CLIENT_ID, clientSecret: secret },
        fetch: simFetch(sim),
      });
      const error = await failure(client.getTokenInfo());
      expect(error).toBeInstanceOf(GenesysAuthError);
      const authError = error as GenesysAuthError;
      expect(authError.status).toBe(oauthErrorStatus);
      expect(authError.error).toBe("invalid_client");
      expect(authError.message).not.toContain(secret);
      expect(JSON.stringify(authError)).not.toContain(secret);
      expect(String(authError.stack)).not.toContain(secret);
      // Refused credentials are not retried.
      expect(sim.stats().tokenRequests).toBe(1);
    }
  });

  it("does not cache a failed token request", async () => {
    const { sim, client } = setup({}, { retry: { maxAttempts: 2 } });
    sim.faults.failNext({ status: 503, count: 2, pathPrefix: "/oauth/token" });
    const error = await failure(client.getTokenInfo());
    expect(error).toBeInstanceOf(GenesysAuthError);
    expect(error).toMatchObject({ status: 503 });
    await client.getTokenInfo();
    expect(sim.stats().tokenRequests).toBe(3);
  });

  it("retries the token request on 429 after Retry-After", async () => {
    const { sim, client, waits } = setup();
    sim.faults.failNext({ status: 429, retryAfterSeconds: 2, pathPrefix: "/oauth/token" });
    await client.getTokenInfo();
    expect(waits).toEqual([2000]);
    expect(sim.stats().tokenRequests).toBe(2);
  });

  it("keeps tokens in a pluggable cache under a hashed key without the secret", async () => {
    const cache = new MemoryTokenCache();
    const first = setup({}, { tokenCache: cache });
    await first.client.getTokenInfo();
    const key = tokenCacheKey(SIM_BASE, SIM_CLIENT_ID);
    expect(key).not.toContain(SIM_CLIENT_ID);
    expect(key).not.toContain(SIM_CLIENT_SECRET);
    const cached = await cache.get(key);
    expect(cached?.accessToken).toMatch(/\S{8,}/);
    // A second client (another instance behind the same cache) reuses it: no token request.
    const second = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: simFetch(first.sim),
      tokenCache: cache,
    });
    await second.getTokenInfo();
    expect(first.sim.stats().tokenRequests).toBe(1);
    expect(second.stats().tokenRequests).toBe(0);
  });

  it("revokeToken deletes the token in use; the next call fetches a new one", async () => {
    const { sim, client } = setup();
    await client.getTokenInfo();
    await client.revokeToken();
    await client.getTokenInfo();
    expect(sim.stats().tokenRequests).toBe(2);
    expect(client.stats().retries).toBe(0);
  });
});

describe("user-delegated tokens", () => {
  it("uses the given token and never asks the token endpoint", async () => {
    const sim = createSimulator({});
    const accessToken = await mintToken(sim);
    sim.resetStats();
    const client = createGenesysClient({ loginUrl: SIM_BASE, apiUrl: SIM_BASE, accessToken, fetch: simFetch(sim) });
    expect(client.grant).toBe("authorization_code");
    await client.getTokenInfo();
    expect(sim.stats().tokenRequests).toBe(0);
  });

  it("turns a 401 into GenesysTokenExpiredError: one request, no renewal, no fallback", async () => {
    const sim = createSimulator({});
    const accessToken = await mintToken(sim);
    const client = createGenesysClient({ loginUrl: SIM_BASE, apiUrl: SIM_BASE, accessToken, fetch: simFetch(sim) });
    await client.getTokenInfo();
    sim.expireAllTokens();
    sim.resetStats();
    const error = await failure(client.listRoutingQueues());
    expect(error).toBeInstanceOf(GenesysTokenExpiredError);
    expect(String((error as Error).message)).not.toContain(accessToken);
    expect(sim.stats().apiRequests).toBe(1);
    expect(sim.stats().tokenRequests).toBe(0);
  });

  it("refuses to be built with both credentials and a user token", () => {
    expect(() =>
      createGenesysClient({
        loginUrl: SIM_BASE,
        apiUrl: SIM_BASE,
        accessToken: "t",
        credentials: { clientId: "a", clientSecret: "b" },
      }),
    ).toThrow(/not both/);
  });
});

describe("onExchange", () => {
  it("never carries the raw token, the secret or the Basic credentials", async () => {
    const sim = createSimulator({});
    const wire: string[] = []; // everything secret that really crossed the wire
    const spyFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const authorization = request.headers.get("authorization");
      if (authorization) wire.push(authorization, authorization.split(" ")[1]!);
      const response = await sim.fetch(request);
      if (request.url.endsWith("/oauth/token") && response.ok) {
        const body = (await response.clone().json()) as { access_token: string };
        wire.push(body.access_token);
      }
      return response;
    };
    const exchanges: Exchange[] = [];
    const client = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: spyFetch,
      onExchange: (e) => exchanges.push(e),
      sleep: async () => undefined,
    });
    await client.getTokenInfo();
    sim.expireAllTokens(); // a renewal: a second token in the log
    await client.listRoutingQueues();
    await client.getUserMe().catch(() => undefined); // an error answer too

    expect(exchanges.filter((e) => e.kind === "token")).toHaveLength(2);
    expect(wire.length).toBeGreaterThan(4);
    const log = JSON.stringify(exchanges);
    for (const secret of [...new Set(wire), SIM_CLIENT_SECRET]) expect(log).not.toContain(secret);
    const token = exchanges.find((e) => e.kind === "token")!;
    expect((token.responseBody as { access_token: string }).access_token).toMatch(/^.{4}…\(redacted\)$/);
    const api = exchanges.find((e) => e.kind === "api")!;
    expect(api.requestHeaders.authorization).toMatch(/^Bearer .{4}…\(redacted\)$/);
    expect(api.channel).toBe("back");
    expect(api.responseHeaders).toHaveProperty("inin-ratelimit-allowed");
  });
});
