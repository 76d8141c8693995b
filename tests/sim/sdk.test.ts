/**
 * The official JavaScript SDK, unchanged, against the simulator on a real port: if the SDK can
 * log in, page, query and run jobs here, the simulator speaks the real wire format.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  analyticsConversation,
  conversationAggregateQueryResponse,
  limitsEntityListing,
  queueEntityListing,
  queueObservationQueryResponse,
  tokenInfo,
} from "@/lib/genesys/schemas";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, SIM_LIMITED_CLIENT_ID, SIM_LIMITED_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";

// The official SDK ships no types: its objects are used as the untyped JavaScript they are.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const require = createRequire(import.meta.url);
const platformClient: Any = require("purecloud-platform-client-v2");

const HOUR = 3_600_000;
let server: Awaited<ReturnType<typeof startSimulatorServer>>;

beforeAll(async () => {
  server = await startSimulatorServer({ port: 0, jobDelayMs: 50 });
  const client = platformClient.ApiClient.instance;
  client.config.live_reload_config = false;
  const { port } = new URL(server.url);
  client.setGateway({ host: "127.0.0.1", protocol: "http", port: Number(port) });
  await client.loginClientCredentialsGrant(SIM_CLIENT_ID, SIM_CLIENT_SECRET);
});

afterAll(async () => {
  await server?.close();
});

describe("the official purecloud-platform-client-v2 SDK", () => {
  it("logs in with client credentials (Basic, no Content-Type) and reads /tokens/me", async () => {
    expect(server.sim.stats().tokenRequests).toBe(1);
    const info = tokenInfo.parse(await new platformClient.TokensApi().getTokensMe());
    expect(info.OAuthClient?.authorizedGrantType).toBe("CLIENT-CREDENTIALS");
  });

  it("pages through every queue with getRoutingQueues", async () => {
    const api = new platformClient.RoutingApi();
    const names: string[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = queueEntityListing.parse(await api.getRoutingQueues({ pageSize: 5, pageNumber }));
      names.push(...(page.entities ?? []).map((q) => q.name));
      if (!page.nextUri) break;
    }
    expect(names).toHaveLength(server.sim.org.queues.length);
    const ids = server.sim.org.queues.slice(0, 3).map((q) => q.id);
    const byId = await api.getRoutingQueues({ id: ids }); // sent comma-joined by the SDK
    expect(byId.entities.map((q: { id: string }) => q.id).sort()).toEqual([...ids].sort());
  });

  it("runs an aggregates query", async () => {
    const now = Date.now();
    const body = {
      interval: `${new Date(now - 24 * HOUR).toISOString()}/${new Date(now).toISOString()}`,
      granularity: "PT1H",
      groupBy: ["queueId"],
      metrics: ["nOffered", "tAnswered", "tHandle", "oServiceLevel"],
    };
    const res = conversationAggregateQueryResponse.parse(
      await new platformClient.AnalyticsApi().postAnalyticsConversationsAggregatesQuery(body),
    );
    expect(res.results!.length).toBe(server.sim.org.queues.length);
  });

  it("pages a details query until conversations is absent", async () => {
    const api = new platformClient.AnalyticsApi();
    const now = Date.now();
    const interval = `${new Date(now - 2 * HOUR).toISOString()}/${new Date(now - HOUR).toISOString()}`;
    let seen = 0;
    let total = 0;
    for (let pageNumber = 1; pageNumber < 100; pageNumber++) {
      const res = await api.postAnalyticsConversationsDetailsQuery({ interval, paging: { pageSize: 100, pageNumber } });
      total = res.totalHits;
      if (!res.conversations) break;
      for (const c of res.conversations) analyticsConversation.parse(c);
      seen += res.conversations.length;
    }
    expect(total).toBeGreaterThan(0);
    expect(seen).toBe(total);
  });

  it("creates, polls, reads and deletes a details job", async () => {
    const api = new platformClient.AnalyticsApi();
    const now = Date.now();
    const { jobId } = await api.postAnalyticsConversationsDetailsJobs({
      interval: `${new Date(now - 3 * HOUR).toISOString()}/${new Date(now - 2 * HOUR).toISOString()}`,
    });
    let state = "";
    for (let i = 0; i < 50 && state !== "FULFILLED"; i++) {
      state = (await api.getAnalyticsConversationsDetailsJob(jobId)).state;
      if (state !== "FULFILLED") await new Promise((r) => setTimeout(r, 20));
    }
    expect(state).toBe("FULFILLED");
    let cursor: string | undefined;
    let count = 0;
    do {
      const page = await api.getAnalyticsConversationsDetailsJobResults(jobId, { pageSize: 250, ...(cursor ? { cursor } : {}) });
      count += page.conversations?.length ?? 0;
      cursor = page.cursor;
    } while (cursor);
    expect(count).toBeGreaterThan(0);
    await api.deleteAnalyticsConversationsDetailsJob(jobId);
    expect((await api.getAnalyticsConversationsDetailsJob(jobId)).state).toBe("CANCELLED");
  });

  it("queries queue observations and reads the org's analytics limits", async () => {
    const ids = server.sim.org.queues.slice(0, 3).map((q) => q.id);
    const obs = queueObservationQueryResponse.parse(
      await new platformClient.AnalyticsApi().postAnalyticsQueuesObservationsQuery({
        filter: { type: "or", predicates: ids.map((value) => ({ dimension: "queueId", value })) },
        metrics: ["oWaiting", "oInteracting", "oOnQueueUsers"],
        detailMetrics: ["oInteracting"],
      }),
    );
    expect(new Set(obs.results!.map((r) => r.group!.queueId))).toEqual(new Set(ids));
    const limits = limitsEntityListing.parse(await new platformClient.OrganizationApi().getOrganizationsLimitsNamespace("platform.api"));
    expect(limits.entities).toContainEqual({ key: "client.credentials.token.rate.per.minute", namespace: "platform.api", value: 300 });
  });

  it("surfaces the limited client's 403 missing.permissions on the details query", async () => {
    const client = platformClient.ApiClient.instance;
    await client.loginClientCredentialsGrant(SIM_LIMITED_CLIENT_ID, SIM_LIMITED_CLIENT_SECRET);
    try {
      const now = Date.now();
      const err: Any = await new platformClient.AnalyticsApi()
        .postAnalyticsConversationsDetailsQuery({ interval: `${new Date(now - HOUR).toISOString()}/${new Date(now).toISOString()}` })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(err).toMatchObject({ status: 403, code: "missing.permissions" });
      expect(err.message).toContain("analytics:conversationDetail:view");
    } finally {
      await client.loginClientCredentialsGrant(SIM_CLIENT_ID, SIM_CLIENT_SECRET);
    }
  });

  it("rejects getUsersMe with the 400 not.a.user ErrorBody", async () => {
    const err: Any = await new platformClient.UsersApi().getUsersMe().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ status: 400, code: "not.a.user" });
  });
});
