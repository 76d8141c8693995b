import { describe, expect, it } from "vitest";
import { errorBody, oauthErrorResponse, queueEntityListing, queueObservationQueryResponse } from "@/lib/genesys/schemas";
import {
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  SIM_INACTIVE_CLIENT_ID,
  SIM_INACTIVE_CLIENT_SECRET,
  SIM_LIMITED_CLIENT_ID,
  SIM_LIMITED_CLIENT_SECRET,
  SIM_PERMISSION,
  SIM_PERMISSIONS,
} from "@/lib/sim";
import { BASE, HOUR, NOW, api, basic, clientToken, formEncodedBasic, interval, testSim, userToken } from "./helpers";

const DETAILS = "/api/v2/analytics/conversations/details/query";
const JOBS = "/api/v2/analytics/conversations/details/jobs";
const OBSERVATIONS = "/api/v2/analytics/queues/observations/query";
const DETAIL_PERMISSION = "analytics:conversationDetail:view";

/** Every route that needs analytics:conversationDetail:view, with a body where it takes one. */
const someId = "00000000-0000-4000-8000-000000000000";
const DETAIL_ROUTES: [method: string, path: string, body?: unknown][] = [
  ["POST", DETAILS, { interval: interval(NOW - HOUR, NOW), paging: { pageSize: 1, pageNumber: 1 } }],
  ["GET", `/api/v2/analytics/conversations/details?id=${someId}`],
  ["GET", `/api/v2/analytics/conversations/${someId}/details`],
  ["POST", JOBS, { interval: interval(NOW - HOUR, NOW) }],
  ["GET", `${JOBS}/availability`],
  ["GET", `${JOBS}/some-job`],
  ["GET", `${JOBS}/some-job/results`],
  ["DELETE", `${JOBS}/some-job`],
  // A body the details query would refuse: the permission is checked first.
  ["POST", DETAILS, { interval: "not an interval", bogus: true, paging: { pageSize: 100000, pageNumber: 1 } }],
];

describe("permissions per client-credentials client", () => {
  it("documents the permission set; the limited client lacks exactly analytics:conversationDetail:view", () => {
    expect([...SIM_PERMISSIONS].sort()).toEqual([
      "analytics:conversationAggregate:view",
      "analytics:conversationDetail:view",
      "analytics:queueObservation:view",
      "routing:queue:view",
    ]);
    expect(SIM_PERMISSION.conversationDetailView).toBe(DETAIL_PERMISSION);
    expect(SIM_LIMITED_CLIENT_ID).toBe("sim-limited-client");
    expect(SIM_LIMITED_CLIENT_SECRET).toBe("sim-limited_secret-no-details");
  });

  it("answers the limited client 403 missing.permissions on every details route, as the platform ErrorBody", async () => {
    const sim = testSim();
    const token = await clientToken(sim, SIM_LIMITED_CLIENT_ID, SIM_LIMITED_CLIENT_SECRET);
    for (const [method, path, body] of DETAIL_ROUTES) {
      const res = await api(sim, token, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json).toEqual({
        message: `Unable to perform the requested action. You are missing the following permission(s): [${DETAIL_PERMISSION}]`,
        code: "missing.permissions",
        status: 403,
        messageParams: { permissions: DETAIL_PERMISSION },
        contextId: res.headers.get("inin-correlation-id"),
        details: [],
        errors: [],
      });
      expect(errorBody.parse(res.json).code).toBe("missing.permissions");
      // Still rate-limited and correlated like any other answer.
      expect(res.headers.get("inin-ratelimit-allowed")).toBe("300");
    }
  });

  it("lets the limited client do everything else, across every division", async () => {
    const sim = testSim();
    const token = await clientToken(sim, SIM_LIMITED_CLIENT_ID, SIM_LIMITED_CLIENT_SECRET);
    const queues = await api(sim, token, "GET", "/api/v2/routing/queues?pageSize=100");
    expect(queues.status).toBe(200);
    expect(queueEntityListing.parse(queues.json).total).toBe(sim.org.queues.length);
    const one = await api(sim, token, "GET", `/api/v2/routing/queues/${sim.org.queues[1]!.id}`);
    expect(one.status).toBe(200);
    const agg = await api(sim, token, "POST", "/api/v2/analytics/conversations/aggregates/query", {
      interval: interval(NOW - HOUR, NOW),
      groupBy: ["queueId"],
      metrics: ["nOffered"],
    });
    expect(agg.status).toBe(200);
    expect(agg.json.results.length).toBeGreaterThan(0);
    const obs = await api(sim, token, "POST", OBSERVATIONS, {
      filter: { type: "or", predicates: sim.org.queues.map((q) => ({ dimension: "queueId", value: q.id })) },
      metrics: ["oWaiting", "oOnQueueUsers"],
    });
    expect(obs.status).toBe(200);
    expect(queueObservationQueryResponse.parse(obs.json).results!.length).toBeGreaterThan(0);
    expect((await api(sim, token, "GET", "/api/v2/tokens/me")).status).toBe(200);
    expect((await api(sim, token, "GET", "/api/v2/organizations/limits/namespaces/analytics")).status).toBe(200);
    // users/me needs no permission; a client has no user.
    expect((await api(sim, token, "GET", "/api/v2/users/me")).json.code).toBe("not.a.user");
  });

  it("keeps every permission for the other clients and for user tokens (their reach is by division)", async () => {
    const sim = testSim();
    const tokens = [await clientToken(sim), await userToken(sim, "supervisor"), await userToken(sim, "agent")];
    for (const token of tokens) {
      const res = await api(sim, token, "POST", DETAILS, { interval: interval(NOW - HOUR, NOW), paging: { pageSize: 1, pageNumber: 1 } });
      expect(res.status).toBe(200);
      const avail = await api(sim, token, "GET", `${JOBS}/availability`);
      expect(avail.status).toBe(200);
    }
  });

  it("checks the permission before looking anything up: an unknown job is 403 for the limited client, 404 for the reporting client", async () => {
    const sim = testSim();
    const limited = await clientToken(sim, SIM_LIMITED_CLIENT_ID, SIM_LIMITED_CLIENT_SECRET);
    const full = await clientToken(sim);
    expect((await api(sim, limited, "GET", `${JOBS}/no-such-job`)).status).toBe(403);
    expect((await api(sim, full, "GET", `${JOBS}/no-such-job`)).status).toBe(404);
    // Authentication still comes first.
    expect((await api(sim, null, "POST", DETAILS, {})).status).toBe(401);
  });
});

describe("the inactive client", () => {
  const tokenRequest = (authorization: string) =>
    new Request(`${BASE}/oauth/token`, {
      method: "POST",
      headers: { Authorization: authorization, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });

  it("gets no token: the answer is exactly a wrong secret's (invalid_client, status per oauthErrorStatus)", async () => {
    expect(SIM_INACTIVE_CLIENT_ID).toBe("sim-inactive-client");
    expect(SIM_INACTIVE_CLIENT_SECRET).toBe("sim-inactive_secret-disabled");
    for (const status of [400, 401] as const) {
      const sim = testSim({ oauthErrorStatus: status });
      const inactive = await sim.fetch(tokenRequest(basic(SIM_INACTIVE_CLIENT_ID, SIM_INACTIVE_CLIENT_SECRET)));
      const wrongSecret = await sim.fetch(tokenRequest(basic(SIM_CLIENT_ID, `${SIM_CLIENT_SECRET}x`)));
      const inactiveWrongSecret = await sim.fetch(tokenRequest(basic(SIM_INACTIVE_CLIENT_ID, "nope")));
      expect(inactive.status).toBe(status);
      expect(wrongSecret.status).toBe(status);
      expect(inactiveWrongSecret.status).toBe(status);
      const body = oauthErrorResponse.parse(await inactive.json());
      expect(body).toEqual({ error: "invalid_client", description: "authentication failed", error_description: "authentication failed" });
      expect(await wrongSecret.json()).toEqual(body);
      expect(await inactiveWrongSecret.json()).toEqual(body);
      expect(inactive.headers.get("cache-control")).toBe(wrongSecret.headers.get("cache-control"));
    }
  });

  it("compares its Basic credentials literally too: form-encoded parts are an unknown client", async () => {
    const sim = testSim();
    const res = await sim.fetch(tokenRequest(formEncodedBasic(SIM_INACTIVE_CLIENT_ID, SIM_INACTIVE_CLIENT_SECRET)));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_client", description: "client not found" });
    const limited = await sim.fetch(tokenRequest(formEncodedBasic(SIM_LIMITED_CLIENT_ID, SIM_LIMITED_CLIENT_SECRET)));
    expect(await limited.json()).toMatchObject({ error: "invalid_client", description: "client not found" });
  });
});
