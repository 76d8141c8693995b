/** The client's endpoints against the real simulator: paging, iterators, async jobs, identity. */
import { describe, expect, it } from "vitest";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { createGenesysClient, GenesysApiError, GenesysJobError } from "@/lib/genesys";
import { collect, recentInterval, SIM_BASE, setup, simFetch } from "./sim-client";

describe("routing queues", () => {
  it("listRoutingQueues returns every queue across all pages", async () => {
    const { sim, client, exchanges } = setup({ queueCount: 14 });
    const paged = await client.listRoutingQueues({ pageSize: 5 });
    const queueCalls = exchanges.filter((e) => e.kind === "api" && e.url.includes("/api/v2/routing/queues"));
    expect(queueCalls.map((e) => new URL(e.url).searchParams.get("pageNumber"))).toEqual(["1", "2", "3"]);
    expect(paged).toHaveLength(14);
    expect(new Set(paged.map((q) => q.id)).size).toBe(14);

    const whole = await client.listRoutingQueues();
    expect(whole.map((q) => q.id).sort()).toEqual(paged.map((q) => q.id).sort());
    expect(sim.stats().tokenRequests).toBe(1);
  });

  it("getRoutingQueue returns one queue", async () => {
    const { client } = setup();
    const [first] = await client.listRoutingQueues();
    const queue = await client.getRoutingQueue(first!.id);
    expect(queue).toMatchObject({ id: first!.id, name: first!.name });
  });
});

describe("conversation details query", () => {
  it("pages by pageNumber until conversations run out, each conversation once", async () => {
    const { client, exchanges } = setup();
    // A few hours: a few hundred conversations, well inside the simulator's 300 requests a minute.
    const interval = recentInterval(3);
    const conversations = await collect(client.queryConversationDetails({ interval }, { pageSize: 25 }));
    const ids = conversations.map((c) => c.conversationId);
    expect(ids.length).toBeGreaterThan(25);
    expect(new Set(ids).size).toBe(ids.length);

    const pages = exchanges.filter((e) => e.kind === "api" && e.url.endsWith("/details/query"));
    const numbers = pages.map((e) => (e.requestBody as { paging: { pageNumber: number; pageSize: number } }).paging);
    expect(numbers.map((p) => p.pageNumber)).toEqual(numbers.map((_, i) => i + 1));
    expect(numbers.every((p) => p.pageSize === 25)).toBe(true);
    // Every full or partial page, then the empty one that says there are no more.
    expect(pages.length).toBe(Math.ceil(ids.length / 25) + 1);
  });

  it("skips conversations that shift onto the next page", async () => {
    const { sim } = setup();
    // Pages shift when the interval is still receiving data: here page 2 starts again with the
    // last two conversations of page 1, as if two new ones had been inserted before them.
    let previousTail: unknown[] = [];
    const shiftingFetch: typeof fetch = async (input, init) => {
      const response = await simFetch(sim)(input, init);
      if (!String(input).endsWith("/details/query") || !response.ok) return response;
      const body = (await response.json()) as { conversations?: unknown[] };
      const page = body.conversations ?? [];
      const shifted = page.length ? { ...body, conversations: [...previousTail, ...page] } : body;
      previousTail = page.slice(-2);
      return new Response(JSON.stringify(shifted), { status: response.status, headers: response.headers });
    };
    const client = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: shiftingFetch,
    });
    const interval = recentInterval(3);
    const conversations = await collect(client.queryConversationDetails({ interval }, { pageSize: 25 }));
    const ids = conversations.map((c) => c.conversationId);
    expect(ids.length).toBeGreaterThan(20);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("async details jobs", () => {
  it("creates, waits for, pages through and deletes a job", async () => {
    const { sim, client } = setup({ jobDelayMs: 20 }, { sleep: undefined }); // real polling pauses
    const interval = recentInterval(3);
    const { jobId } = await client.detailsJobs.create({ interval });
    expect(jobId).toMatch(/\S+/);

    const status = await client.detailsJobs.waitUntilDone(jobId, { pollMs: 10, maxPollMs: 50, timeoutMs: 5_000 });
    expect(status.state).toBe("FULFILLED");

    const pages = await collect(client.detailsJobs.results(jobId, { pageSize: 40 }));
    expect(pages.length).toBeGreaterThan(1);
    pages.slice(0, -1).forEach((page) => expect(page.cursor).toMatch(/\S+/));
    expect(pages.at(-1)!.cursor).toBeUndefined();
    const ids = pages.flatMap((page) => page.conversations.map((c) => c.conversationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(40);

    await client.detailsJobs.delete(jobId);
    const gone = await client.detailsJobs.status(jobId).then(
      (s) => s.state,
      (error: unknown) => (error instanceof GenesysApiError ? error.status : error),
    );
    expect(["CANCELLED", 404]).toContain(gone);
    expect(sim.stats().tokenRequests).toBe(1);
  });

  it("rejects with GenesysJobError when the job fails", async () => {
    const { sim, client } = setup({ jobDelayMs: 0 });
    sim.faults.failNext({ jobState: "FAILED" }); // the next job created fails
    const { jobId } = await client.detailsJobs.create({ interval: recentInterval() });
    const error = await client.detailsJobs.waitUntilDone(jobId, { pollMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysJobError);
    expect(error).toMatchObject({ jobId, state: "FAILED" });
  });

  it("does not repeat a job creation that may have reached the server", async () => {
    const { sim, client } = setup();
    await client.getTokenInfo();
    const before = sim.stats().apiRequests;
    sim.faults.failNext({ status: 502, pathPrefix: "/api/v2/analytics/conversations/details/jobs" });
    const error = await client.detailsJobs.create({ interval: recentInterval() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "GenesysApiError", status: 502 });
    expect(sim.stats().apiRequests - before).toBe(1);
  });
});

describe("aggregates and identity", () => {
  it("queryConversationAggregates answers per-queue groups", async () => {
    const { client } = setup();
    const response = await client.queryConversationAggregates({
      interval: recentInterval(),
      granularity: "PT1H",
      groupBy: ["queueId"],
      metrics: ["nOffered", "tAnswered", "tHandle"],
    });
    expect(response.results?.length).toBeGreaterThan(0);
    expect(response.results?.[0]?.group?.queueId).toMatch(/\S+/);
  });

  it("getTokenInfo describes the client-credentials client", async () => {
    const { client } = setup();
    const info = await client.getTokenInfo();
    expect(info.OAuthClient?.authorizedGrantType).toBe("CLIENT-CREDENTIALS");
    expect(client.grant).toBe("client_credentials");
  });

  it("getUserMe with client credentials is a 400 not.a.user GenesysApiError", async () => {
    const { client, waits } = setup();
    const error = await client.getUserMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ status: 400, code: "not.a.user" });
    expect(waits).toEqual([]);
  });
});

describe("over real HTTP", () => {
  it("works with the global fetch against a loopback simulator under a base path", async () => {
    const server = await startSimulatorServer({ port: 0, basePath: "/sim" });
    try {
      const client = createGenesysClient({
        loginUrl: server.url,
        apiUrl: `${server.url}/`,
        credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      });
      const queues = await client.listRoutingQueues();
      expect(queues.length).toBeGreaterThan(0);
      expect(await client.getRoutingQueue(queues[0]!.id)).toMatchObject({ id: queues[0]!.id });
      expect(server.sim.stats().tokenRequests).toBe(1);
      expect(client.stats()).toMatchObject({ tokenRequests: 1, apiCalls: 2, retries: 0 });
    } finally {
      await server.close();
    }
  });
});
