import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGenesysClient, createNodeFetch, GenesysNetworkError } from "@/lib/genesys";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { recentInterval, testClock } from "./sim-client";

let server: Awaited<ReturnType<typeof startSimulatorServer>>;
beforeAll(async () => {
  server = await startSimulatorServer({ port: 0, jobDelayMs: 0, now: testClock() });
});
afterAll(async () => {
  await server?.close();
});

describe("createNodeFetch (node:http under the Genesys client)", () => {
  it("carries the whole client: token, JSON, errors with their ErrorBody, byte pages, 204", async () => {
    const client = createGenesysClient({
      loginUrl: server.url,
      apiUrl: server.url,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: createNodeFetch(),
    });
    expect((await client.getTokenInfo()).OAuthClient?.authorizedGrantType).toBe("CLIENT-CREDENTIALS");
    await expect(client.getUserMe()).rejects.toMatchObject({ status: 400, code: "not.a.user" });
    const page = await client.queryConversationDetailsPage({ interval: recentInterval(4), paging: { pageSize: 100, pageNumber: 1 } });
    expect(page.conversations.length).toBe(100);
    const { jobId } = await client.detailsJobs.create({ interval: recentInterval(1) });
    await client.detailsJobs.delete(jobId); // 204, no body
    expect((await client.detailsJobs.status(jobId)).state).toBe("CANCELLED");
    expect(client.stats().tokenRequests).toBe(1);
  });

  it("honours the caller's abort and reports a refused connection as a network failure", async () => {
    const fetch = createNodeFetch();
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(fetch(`${server.url}/api/v2/tokens/me`, { signal: controller.signal })).rejects.toThrow("stop");
    const client = createGenesysClient({
      loginUrl: "http://127.0.0.1:1",
      apiUrl: "http://127.0.0.1:1",
      credentials: { clientId: "a", clientSecret: "b" },
      fetch,
      retry: { maxAttempts: 1 },
    });
    await expect(client.getTokenInfo()).rejects.toThrow(/ECONNREFUSED/);
    await expect(client.getTokenInfo()).rejects.toBeInstanceOf(GenesysNetworkError);
  });
});
